using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XRouter.Server.Api;
using XRouter.Server.Routing;

namespace XRouter.Server.Hosting;

/// <summary>
/// The server's structured request log. It names keys by their configured name, never the key, and writes
/// prompts and replies only when <see cref="XRouterServerOptions.EnableSensitiveData"/> is on.
/// </summary>
internal sealed partial class ServerRequestLog(ILogger<ServerRequestLog> logger, IOptions<XRouterServerOptions> options)
{
    private readonly bool _sensitive = options.Value.EnableSensitiveData;

    public void Served(string? key, ChatRequest request, RouteReport report, string reply)
    {
        LogServed(logger, request.Model, key ?? "-", report.Mode, report.Calls.Count, report.CostUsd, report.InputTokens, report.OutputTokens, request.Stream);
        if (_sensitive)
        {
            string prompt = request.Messages.LastOrDefault(m => m.Role == Microsoft.Extensions.AI.ChatRole.User)?.Text ?? string.Empty;
            LogContent(logger, prompt, reply);
        }
    }

    public void Refused(string? key, string? model, int status, string reason, Exception? failure)
    {
        if (failure is null)
        {
            LogRefused(logger, status, model ?? "-", key ?? "-", reason);
        }
        else
        {
            LogFailed(logger, status, model ?? "-", key ?? "-", failure.GetType().Name, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Served {Model} for key {Key}: mode {Mode}, {Calls} calls, {CostUsd} USD, {InputTokens}+{OutputTokens} tokens, stream {Stream}")]
    private static partial void LogServed(ILogger logger, string model, string key, string mode, int calls, double costUsd, long inputTokens, long outputTokens, bool stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sensitive data: prompt {Prompt} reply {Reply}")]
    private static partial void LogContent(ILogger logger, string prompt, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused with {Status} ({Reason}): model {Model}, key {Key}")]
    private static partial void LogRefused(ILogger logger, int status, string model, string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed with {Status} ({Kind}): model {Model}, key {Key}")]
    private static partial void LogFailed(ILogger logger, int status, string model, string key, string kind, Exception failure);
}
