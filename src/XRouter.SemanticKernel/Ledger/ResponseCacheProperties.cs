namespace XRouter.SemanticKernel.Ledger;

/// <summary>
/// <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> keys by which a downstream client that
/// answered from a response cache tells the ledger so: the call is recorded at $0 with the cost it saved.
/// </summary>
public static class ResponseCacheProperties
{
    /// <summary><c>true</c> when the reply was served from the cache.</summary>
    public const string Hit = "xrouter.cache_hit";

    /// <summary>The USD the original call cost, which the hit saved.</summary>
    public const string SavedUsd = "xrouter.saved_usd";
}
