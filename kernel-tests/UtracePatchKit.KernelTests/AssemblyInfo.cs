using Xunit;

// All kernels share one source tree (and one build directory per set of Kconfig fragments): they
// are built and booted one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
