namespace XRouter.Policy.Routing;

/// <summary>A downstream model's reply that the router has seen.</summary>
/// <param name="ModelId">The catalog id of the model that replied.</param>
/// <param name="Text">The reply text.</param>
public sealed record ModelReply(string ModelId, string Text);
