using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using XRouter.Server.Api;
using XRouter.Testing;

namespace XRouter.Server.Tests.Api;

public sealed class ChatRequestReaderProperties
{
    private static readonly Arbitrary<string> Bodies = TextMutations.Of(
        """{"model": "xrouter", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2+2?"}], "max_tokens": 64, "temperature": 0.2, "stop": ["END"], "stream": true, "stream_options": {"include_usage": true}, "xrouter": {"cost_penalty": 2, "max_cost_usd": 0.01, "allowed_models": ["m-cheap"], "max_turns": 2}}""",
        """{"model": "m-cheap", "messages": [{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "sunny"}], "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}], "tool_choice": "auto"}""");

    [Property(MaxTest = TextMutations.Cases)]
    public Property Any_body_is_either_a_request_or_a_400_that_says_why() => Prop.ForAll(Bodies, body =>
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        try
        {
            var request = ChatRequestReader.ReadAsync(context.Request, CancellationToken.None).GetAwaiter().GetResult();
            return !string.IsNullOrWhiteSpace(request.Model) && request.Messages.Count > 0;
        }
        catch (ApiException e)
        {
            return e.Status == StatusCodes.Status400BadRequest && !string.IsNullOrWhiteSpace(e.Message);
        }
    });
}
