using System.Threading.Channels;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace XRouter.SemanticKernel.Selection;

/// <summary>The caller's side of a streamed request: where a routed model's reply is written as it is generated.</summary>
internal sealed class ReplyStream(ChannelWriter<StreamingChatMessageContent> writer)
{
    /// <summary>The key under which a routed call finds the stream in its kernel arguments.</summary>
    public const string ArgumentKey = "xrouter.reply_stream";

    private int _written;

    /// <summary>True once any routed text reached the caller.</summary>
    public bool HasWritten => Volatile.Read(ref _written) != 0;

    public void Write(string text, string modelId)
    {
        Volatile.Write(ref _written, 1);
        writer.TryWrite(new StreamingChatMessageContent(AuthorRole.Assistant, text, modelId: modelId));
    }
}
