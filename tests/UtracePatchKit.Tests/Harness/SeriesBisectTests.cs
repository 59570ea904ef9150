using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public sealed class SeriesBisectTests
{
    private const string Src = "/cache/linux-6.1/src";

    [Fact]
    public void Only_warnings_about_files_the_series_touches_count()
    {
        string[] log =
        [
            "  CC      kernel/utrace.o",
            $"{Src}/kernel/utrace.c:395:17: warning: unused variable 'report' [-Wunused-variable]",
            $"{Src}/lib/maple_tree.c:4102:1: warning: the frame size of 1352 bytes is larger than 1024 bytes [-Wframe-larger-than=]",
            $"{Src}/include/linux/utrace.h:40:1: warning: 'x' defined but not used [-Wunused-function]",
            $"{Src}/kernel/signal.c:10:2: note: in expansion of macro 'warning: not really'",
        ];

        var warnings = SeriesBisect.WarningsIn(log, Src + "/", new HashSet<string> { "kernel/utrace.c", "include/linux/utrace.h", "kernel/signal.c" });

        Assert.Equal(
            ["kernel/utrace.c:395:17: warning: unused variable 'report' [-Wunused-variable]",
             "include/linux/utrace.h:40:1: warning: 'x' defined but not used [-Wunused-function]"],
            warnings);
    }
}
