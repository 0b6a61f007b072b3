namespace XRouter.Server.Api;

/// <summary>
/// A request the server refuses, with the HTTP status and the fields of an OpenAI-style error body
/// (<c>{"error": {"message", "type", "param", "code"}}</c>).
/// </summary>
internal sealed class ApiException(int status, string type, string message, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Seconds after which a retry may succeed; sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException InvalidRequest(string param, string message) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", message, param);
}
