using XRouter.Testing;

namespace XRouter.Server.Tests.TestSupport;

/// <summary>Scripts for the loopback router backbone: what an LLM router would answer, turn by turn.</summary>
internal static class RouterScript
{
    /// <summary>Turn 1 calls <paramref name="model"/>; once its reply is in the conversation, selects it.</summary>
    public static Func<ReceivedRequest, ScriptedReply> CallThenSelect(string model)
    {
        string tool = "call_" + model.Replace('-', '_');
        return request => request.Messages.Any(m => m.Role == "tool")
            ? new ScriptedReply(string.Empty, 300, 12) { ToolCalls = [new ScriptedToolCall("sel-1", "select_response", $$"""{"model_call_name":"{{tool}}"}""")] }
            : new ScriptedReply(string.Empty, 250, 20) { ToolCalls = [new ScriptedToolCall("call-1", tool, """{"optimized_system_prompt":"Answer briefly."}""")] };
    }
}
