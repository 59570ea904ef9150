using Xunit.Abstractions;
using Xunit.Sdk;

namespace UtracePatchKit.KernelTests;

/// <summary>Marks a test that must run after every other test of its class.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunsLastAttribute : Attribute;

/// <summary>
/// Runs a class's tests in the order xunit hands them over, except that the
/// <see cref="RunsLastAttribute"/> ones come after all the others.
/// </summary>
public sealed class RunsLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "UtracePatchKit.KernelTests.RunsLastOrderer";
    public const string AssemblyName = "UtracePatchKit.KernelTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var all = testCases.ToList();
        return all.Where(t => !RunsLast(t)).Concat(all.Where(t => RunsLast(t)));
    }

    private static bool RunsLast(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(RunsLastAttribute)).Any();
}
