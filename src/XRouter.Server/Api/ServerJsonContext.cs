using System.Text.Json.Serialization;

namespace XRouter.Server.Api;

/// <summary>Source-generated JSON for request bodies, so parsing needs no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
