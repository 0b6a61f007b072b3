using Microsoft.Extensions.Options;
using XRouter.Server.Api;
using XRouter.Server.Hosting;

namespace XRouter.Server.Keys;

/// <summary>
/// Finds the caller's key from <c>Authorization: Bearer</c> by its SHA-256, so the server holds no key in clear.
/// With no keys configured the server is open and every caller is anonymous.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private readonly Dictionary<string, ApiKey> _byHash;

    public ApiKeyAuthenticator(IOptions<XRouterServerOptions> options)
    {
        _byHash = options.Value.ApiKeys.ToDictionary(
            p => p.Value.Sha256!.ToLowerInvariant(),
            p => new ApiKey(p.Key, p.Value.BudgetUsd is null ? null : ApiKey.AccountOf(p.Key), p.Value.AllowedModels.ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    public bool IsOpen => _byHash.Count == 0;

    /// <summary>The caller's key; null on an open server.</summary>
    /// <exception cref="ApiException">401: no key, or one the server does not know.</exception>
    public ApiKey? Authenticate(HttpRequest request)
    {
        if (IsOpen)
        {
            return null;
        }

        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "invalid_request_error", "You didn't provide an API key. Send it as 'Authorization: Bearer KEY'.", code: "missing_api_key");
        }

        return _byHash.TryGetValue(ApiKeyHash.Of(header[scheme.Length..].Trim()), out var key)
            ? key
            : throw new ApiException(StatusCodes.Status401Unauthorized, "invalid_request_error", "Incorrect API key provided.", code: "invalid_api_key");
    }
}
