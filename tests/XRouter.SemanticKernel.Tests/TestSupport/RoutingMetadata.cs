using Microsoft.SemanticKernel;
using XRouter.SemanticKernel.Services;

namespace XRouter.SemanticKernel.Tests.TestSupport;

/// <summary>Typed reads of the <c>xrouter.*</c> metadata of a final message.</summary>
internal static class RoutingMetadata
{
    public static string Mode(this ChatMessageContent message) => (string)message.Metadata![XRouterChatCompletionService.ModeKey]!;

    public static double Cost(this ChatMessageContent message) => (double)message.Metadata![XRouterChatCompletionService.CostKey]!;

    public static double RouterCost(this ChatMessageContent message) => (double)message.Metadata![XRouterChatCompletionService.RouterCostKey]!;

    public static double DownstreamCost(this ChatMessageContent message) => (double)message.Metadata![XRouterChatCompletionService.DownstreamCostKey]!;

    public static int Turns(this ChatMessageContent message) => (int)message.Metadata![XRouterChatCompletionService.TurnsKey]!;

    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Calls(this ChatMessageContent message) =>
        (IReadOnlyList<IReadOnlyDictionary<string, object?>>)message.Metadata![XRouterChatCompletionService.CallsKey]!;

    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> DownstreamCalls(this ChatMessageContent message) =>
        [.. message.Calls().Where(c => (string)c["kind"]! == "downstream")];
}
