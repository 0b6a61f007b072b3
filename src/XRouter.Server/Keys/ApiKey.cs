namespace XRouter.Server.Keys;

/// <summary>An authenticated caller: the configured name of its key, its budget account and the models it may use.</summary>
internal sealed record ApiKey(string Name, string? BudgetAccount, IReadOnlySet<string> AllowedModels)
{
    /// <summary>The budget account name of a key.</summary>
    public static string AccountOf(string keyName) => "key:" + keyName;

    public bool MayUse(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model);
}
