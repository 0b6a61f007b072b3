using System.Globalization;
using Microsoft.Extensions.Options;

namespace XRouter.Server.Hosting;

/// <summary>Checks <see cref="XRouterServerOptions"/> at start-up; every failure names the configuration key at fault.</summary>
internal sealed class XRouterServerOptionsValidator : IValidateOptions<XRouterServerOptions>
{
    public ValidateOptionsResult Validate(string? name, XRouterServerOptions options)
    {
        var failures = new List<string>();
        string section = XRouterServerOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.RouterModelName))
        {
            failures.Add($"{section}:RouterModelName is empty; it is the model id clients send to be routed.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; it must be at least 1024."));
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:ShutdownTimeout must be positive.");
        }

        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, entry) in options.ApiKeys)
        {
            string at = $"{section}:ApiKeys:{key}";
            if (entry.Sha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                failures.Add($"{at}:Sha256 must be the 64 hex digits of the key's SHA-256 (xrouter serve hash-key KEY prints it).");
            }
            else if (!hashes.Add(hash))
            {
                failures.Add($"{at}:Sha256 is the hash of another configured key.");
            }

            if (entry.BudgetUsd is double budget && (!double.IsFinite(budget) || budget < 0))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{at}:BudgetUsd is {budget}; it must be a finite number, zero or more."));
            }

            if (entry.BudgetPeriod <= TimeSpan.Zero)
            {
                failures.Add($"{at}:BudgetPeriod must be positive.");
            }

            if (entry.AllowedModels.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{at}:AllowedModels contains an empty model id.");
            }
        }

        if (options.Telemetry.OtlpEndpoint is { IsAbsoluteUri: false } endpoint)
        {
            failures.Add($"{section}:Telemetry:OtlpEndpoint '{endpoint}' must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Ledger.SqlitePath) && string.IsNullOrWhiteSpace(options.Ledger.PostgresConnectionString))
        {
            failures.Add($"{section}:Ledger needs a SqlitePath (default xrouter-ledger.db) or a PostgresConnectionString.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
