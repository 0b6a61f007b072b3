using System.Text.Json.Serialization;

namespace XRouter.Server.Api;

/// <summary>
/// Source-generated JSON for request bodies, so parsing needs no reflection on the hot path. A repeated property is an
/// error rather than last-one-wins, so no two readers of one body can see different requests.
/// </summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
