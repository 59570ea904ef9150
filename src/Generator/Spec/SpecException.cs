using UtracePatchKit.Generator.Diagnostics;

namespace UtracePatchKit.Generator.Spec;

/// <summary>The spec file is invalid; <see cref="GeneratorException.Errors"/> lists every problem.</summary>
public sealed class SpecException(IEnumerable<SpecError> errors) : GeneratorException(errors);
