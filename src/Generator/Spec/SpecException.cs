using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Generator.Spec;

/// <summary>The spec file is invalid; <see cref="InputException.Errors"/> lists every problem.</summary>
internal sealed class SpecException(IEnumerable<LocatedError> errors) : InputException(errors);
