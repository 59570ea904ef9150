namespace UtracePatchKit.Generator.Spec;

/// <summary>A named priority band; lower priorities run first under the 'priority' order rule.</summary>
public sealed record Band(string Name, int Priority);
