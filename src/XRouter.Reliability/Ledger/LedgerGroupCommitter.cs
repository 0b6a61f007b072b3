using System.Threading.Channels;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// Appends requests to an <see cref="ILedgerStore"/> by group commit: requests that arrive while a commit is running
/// go together into the next transaction, so concurrent requests share one sync to disk instead of queueing for one
/// each. Every caller still waits until its own request is committed. When a batch fails, its requests are retried
/// one by one, so only a request that cannot be stored fails.
/// </summary>
public sealed class LedgerGroupCommitter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly ILedgerStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Starts committing to <paramref name="store"/>.</summary>
    public LedgerGroupCommitter(ILedgerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Commits <paramref name="request"/> with all its calls; completes once it is durable.</summary>
    /// <exception cref="ObjectDisposedException">The committer was disposed.</exception>
    public Task AppendAsync(LedgerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = new Pending(request, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(LedgerGroupCommitter));
        }

        return pending.Committed.Task;
    }

    /// <summary>Commits what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await _store.AppendBatchAsync([.. batch.Select(p => p.Request)]).ConfigureAwait(false);
                batch.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                await AppendOneByOneAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                batch[0].Committed.TrySetException(e);
            }

            batch.Clear();
        }
    }

    private async Task AppendOneByOneAsync(List<Pending> batch)
    {
        foreach (var pending in batch)
        {
            try
            {
                await _store.AppendAsync(pending.Request).ConfigureAwait(false);
                pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Committed.TrySetException(e);
            }
        }
    }

    private sealed record Pending(LedgerRequest Request, TaskCompletionSource Committed);
}
