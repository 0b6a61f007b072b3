using Microsoft.Extensions.Options;

namespace XRouter.SemanticKernel.Options;

/// <summary>Checks <see cref="XRouterOptions"/> at start-up; every failure names the configuration key at fault.</summary>
internal sealed class XRouterOptionsValidator : IValidateOptions<XRouterOptions>
{
    public ValidateOptionsResult Validate(string? name, XRouterOptions options)
    {
        var failures = new List<string>();
        string section = XRouterOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.RouterModelId))
        {
            failures.Add($"{section}:RouterModelId is required: the catalog id that prices the router's own tokens.");
        }

        if (options.Catalog is null && string.IsNullOrWhiteSpace(options.CatalogPath))
        {
            failures.Add($"{section}:CatalogPath is required: a catalog JSON file with the price of every model.");
        }
        else if (options.Catalog is null && !File.Exists(options.CatalogPath))
        {
            failures.Add($"{section}:CatalogPath '{options.CatalogPath}' does not exist.");
        }

        if (!Profiles.RouterProfile.Names.Contains(options.Profile, StringComparer.Ordinal))
        {
            failures.Add($"{section}:Profile is '{options.Profile}'; use one of: {string.Join(", ", Profiles.RouterProfile.Names)}.");
        }

        if (options.DirectAnswer is not null && (options.Backbone is not null || options.OnnxBackbone is not null))
        {
            failures.Add($"{section}:DirectAnswer is for the learned router; with {section}:{(options.Backbone is not null ? "Backbone" : "OnnxBackbone")} the router model answers directly itself. Remove one of them.");
        }

        if (options.MaxTurns < 1)
        {
            failures.Add($"{section}:MaxTurns is {options.MaxTurns}; it must be at least 1.");
        }

        if (options.DownstreamMaxOutputTokens < 1)
        {
            failures.Add($"{section}:DownstreamMaxOutputTokens is {options.DownstreamMaxOutputTokens}; it must be at least 1.");
        }

        if (options.RouterMaxOutputTokens < 1)
        {
            failures.Add($"{section}:RouterMaxOutputTokens is {options.RouterMaxOutputTokens}; it must be at least 1.");
        }

        if (!double.IsFinite(options.DefaultCostPenalty) || options.DefaultCostPenalty < 0)
        {
            failures.Add($"{section}:DefaultCostPenalty is {options.DefaultCostPenalty}; it must be zero or more.");
        }

        if (options.DefaultMaxCostUsd is double limit && (!double.IsFinite(limit) || limit < 0))
        {
            failures.Add($"{section}:DefaultMaxCostUsd is {limit}; it must be a finite number, zero or more.");
        }

        foreach (var (account, accountLimit) in options.SharedBudgets.Where(p => !double.IsFinite(p.Value) || p.Value < 0))
        {
            failures.Add($"{section}:SharedBudgets:{account} is {accountLimit}; it must be a finite number, zero or more.");
        }

        foreach (string id in options.Pool.Where(id => string.IsNullOrWhiteSpace(id)))
        {
            failures.Add($"{section}:Pool contains an empty model id.");
        }

        if (options.Backbone is not null)
        {
            ValidateEndpoint($"{section}:Backbone", options.Backbone, failures);
        }

        if (options.OnnxBackbone is not null)
        {
            if (options.Backbone is not null)
            {
                failures.Add($"{section}:Backbone and {section}:OnnxBackbone are both set; configure one router backbone.");
            }

            try
            {
                options.OnnxBackbone.Validate();
            }
            catch (ArgumentException e)
            {
                failures.Add($"{section}:OnnxBackbone:{e.ParamName}: {e.Message}");
            }
        }

        foreach (var (id, endpoint) in options.Models)
        {
            ValidateEndpoint($"{section}:Models:{id}", endpoint, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoint(string key, ModelEndpointOptions endpoint, List<string> failures)
    {
        if (endpoint.Endpoint is null)
        {
            failures.Add($"{key}:Endpoint is required.");
        }
        else if (!endpoint.Endpoint.IsAbsoluteUri || endpoint.Endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{key}:Endpoint '{endpoint.Endpoint}' must be an absolute http or https URL.");
        }

        if (endpoint.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Timeout must be positive.");
        }

        if (endpoint.MaxRetries < 0)
        {
            failures.Add($"{key}:MaxRetries is {endpoint.MaxRetries}; it must be zero or more.");
        }

        if (endpoint.ApiKeyEnvironmentVariable is { Length: > 0 } variable && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            failures.Add($"{key}:ApiKeyEnvironmentVariable names '{variable}', which is not set.");
        }
    }
}
