using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Pool;

namespace XRouter.Reliability.Caching;

/// <summary>Puts every <c>XRouter:Models</c> client behind a <see cref="ResponseCachingChatClient"/> on the container's <see cref="HybridCache"/>.</summary>
internal sealed class ResponseCacheDecorator(HybridCache cache, IOptions<ResponseCacheOptions> options) : IModelClientDecorator
{
    public IChatClient Decorate(ModelCard card, IChatClient client) => new ResponseCachingChatClient(client, cache, card, options.Value);
}
