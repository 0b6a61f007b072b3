using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;

namespace XRouter.SemanticKernel.Pool;

/// <summary>
/// Wraps each client XRouter builds from <c>XRouter:Models</c>, for example in resilience or a response cache, as
/// <c>ChatClientBuilder.Use</c> would. Register implementations in the container; they apply in registration order,
/// the first registered innermost. Clients registered in code (keyed by a model id) are left as they are.
/// </summary>
public interface IModelClientDecorator
{
    /// <summary>Wraps <paramref name="client"/>, the endpoint client of pool model <paramref name="card"/>.</summary>
    /// <param name="card">The model's catalog card.</param>
    /// <param name="client">The client built from the model's endpoint options.</param>
    IChatClient Decorate(ModelCard card, IChatClient client);
}
