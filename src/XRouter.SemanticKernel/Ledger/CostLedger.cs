namespace XRouter.SemanticKernel.Ledger;

/// <summary>
/// The calls of one routed request, recorded one by one as they complete. Costs are summed from these
/// records, never from message metadata, which on SK's IChatClient path carries the whole loop's aggregate.
/// </summary>
internal sealed class CostLedger
{
    private readonly Lock _gate = new();
    private readonly List<CallRecord> _calls = [];

    public void Record(CallRecord call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    public IReadOnlyList<CallRecord> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }
}
