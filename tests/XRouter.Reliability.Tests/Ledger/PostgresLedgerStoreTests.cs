using Npgsql;
using XRouter.Reliability.Ledger;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.Ledger;

public sealed class PostgresLedgerStoreTests(PostgresServerFixture postgres) : LedgerStoreContract, IClassFixture<PostgresServerFixture>
{
    // Each test gets its own database on the one server, so tests stay independent.
    protected override async Task<ILedgerStore> CreateStoreAsync()
    {
        var store = new PostgresLedgerStore(await CreateDatabaseAsync());
        await store.InitializeAsync();
        return store;
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var server = postgres.Server;
        string database = $"ledger_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ToString();
    }

    [SkippableFact]
    public async Task Two_stores_on_one_database_share_one_ledger()
    {
        string connectionString = await CreateDatabaseAsync();
        await using var first = new PostgresLedgerStore(connectionString);
        await using var second = new PostgresLedgerStore(connectionString);
        await first.InitializeAsync();
        await second.InitializeAsync();
        await first.AppendAsync(Request("r1"));

        await second.AppendAsync(Request("r2"));

        Assert.Equal(2, (await first.SummarizeAsync()).Single(r => r.Model == "gpt-5-mini").Requests);
    }
}
