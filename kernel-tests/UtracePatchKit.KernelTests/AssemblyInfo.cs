using Xunit;

// All variants share one kernel build directory: their kernels are built and booted one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
