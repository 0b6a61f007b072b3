namespace XRouter.Testing;

/// <summary>
/// Counts task exceptions nobody observed while it is alive (a fault path that drops a failed task). The event is
/// process-wide, so a count can include another test's; the finalizers are run before reading so dropped tasks report.
/// </summary>
public sealed class UnobservedTaskExceptions : IDisposable
{
    private int _count;

    /// <summary>Starts counting.</summary>
    public UnobservedTaskExceptions() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    /// <summary>How many were reported so far, after a full collection.</summary>
    public int Count
    {
        get
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return Volatile.Read(ref _count);
        }
    }

    /// <inheritdoc />
    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Interlocked.Increment(ref _count);
}
