using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Pool;

namespace XRouter.Reliability.Resilience;

/// <summary>Puts every <c>XRouter:Models</c> client behind a <see cref="ResilientChatClient"/> of its own (so a circuit per model).</summary>
internal sealed class ResilienceDecorator(IOptions<DownstreamResilienceOptions> options) : IModelClientDecorator
{
    public IChatClient Decorate(ModelCard card, IChatClient client) => new ResilientChatClient(client, card, options.Value);
}
