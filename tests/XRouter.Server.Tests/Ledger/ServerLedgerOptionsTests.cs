using XRouter.Reliability.Ledger;
using XRouter.Server.Tests.TestSupport;

namespace XRouter.Server.Tests.Ledger;

public sealed class ServerLedgerOptionsTests
{
    [Fact]
    public async Task The_sqlite_ledger_survives_a_killed_server_without_a_sync_per_commit_by_default()
    {
        await using var server = await ServerHarness.StartAsync();

        var store = Assert.IsType<SqliteLedgerStore>(server.Ledger);

        Assert.Equal(SqliteLedgerSync.Normal, store.Sync);
    }

    [Fact]
    public async Task Configuration_asks_for_a_sync_per_commit_when_the_ledger_must_survive_a_power_loss()
    {
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string?> { ["XRouterServer:Ledger:SqliteSync"] = "Full" });

        var store = Assert.IsType<SqliteLedgerStore>(server.Ledger);

        Assert.Equal(SqliteLedgerSync.Full, store.Sync);
    }
}
