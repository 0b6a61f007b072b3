using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Profiles;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Profiles;

/// <summary>The <c>xrouter</c> profile against the published protocol in ../shared/reference/xrouter.</summary>
public sealed class XRouterProtocolProfileTests
{
    [SharedAssetsFact]
    public async Task TheRouterSeesThePublishedSystemPromptAndQueryFramingByteForByte()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("4"));
        await using var harness = await RouterHarness.StartAsync(backbone, options => options.Profile = "xrouter");

        await harness.AskAsync("What is 2+2?");

        var messages = backbone.Seen[0].Messages;
        Assert.Equal(2, messages.Count);
        Assert.Equal((ChatRole.System, File.ReadAllText(SharedAssets.PathOf("reference", "xrouter", "SYSTEM_PROMPT.txt"))), (messages[0].Role, messages[0].Text));
        Assert.Equal((ChatRole.User, "USER QUERY: \nWhat is 2+2?"), (messages[1].Role, messages[1].Text));
    }

    [Fact]
    public void TheApplicationsSystemMessageIsFramedBeforeTheQueryAndAssistantTurnsAreDropped()
    {
        var caller = new ChatHistory("Answer in French.");
        caller.AddUserMessage("Hi");
        caller.AddAssistantMessage("Bonjour");
        caller.AddUserMessage("What is 2+2?");

        var history = XRouterProtocolProfile.Instance.RouterHistory(caller, costPenalty: 1, maxTurns: 3);

        Assert.Equal(2, history.Count);
        Assert.Equal("USER SYSTEM: \nAnswer in French.\nUSER QUERY: \nHi\nWhat is 2+2?", history[1].Text);
    }

    [Fact]
    public void AToolOfAPublishedModelCarriesThePublishedDescriptionWhenThePricesAreThePublishedOnes()
    {
        var card = new ModelCard { Id = "gpt-5", InputPerMTok = 1.25, OutputPerMTok = 10.0 };

        string description = XRouterProtocolProfile.Instance.ToolDescription(card);

        Assert.StartsWith("Call GPT-5 model. Latest flagship model with built-in reasoning capabilities and expert-level intelligence.\n\n        Capabilities: ", description, StringComparison.Ordinal);
        Assert.Contains("\n        Cost: $1.25/M input tokens, $10.00/M output tokens (plus $0.125/M for cached input)\n", description, StringComparison.Ordinal);
        Assert.EndsWith("- LMSYS Arena Elo: 1481", description, StringComparison.Ordinal);
    }

    [Fact]
    public void APublishedDescriptionCarriesTheCatalogsLivePrice()
    {
        var card = new ModelCard { Id = "gpt-5", InputPerMTok = 1.0, OutputPerMTok = 8.0 };

        string description = XRouterProtocolProfile.Instance.ToolDescription(card);

        Assert.Contains("\n        Cost: $1.00/M input tokens, $8.00/M output tokens (plus $0.125/M for cached input)\n", description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnpublishedModelIsDescribedInThePublishedShape()
    {
        var card = new ModelCard { Id = "model-x", Tier = ModelTier.Budget, InputPerMTok = 0.1, OutputPerMTok = 0.4, Description = "Fast.", ContextWindow = 128000 };

        string description = XRouterProtocolProfile.Instance.ToolDescription(card);

        Assert.Equal("Call model-x model. Fast.\n\n        Quality: Budget tier\n        Cost: $0.10/M input tokens, $0.40/M output tokens\n        Context: 128,000 tokens", description);
    }

    [Fact]
    public void ThePoolsToolsCarryThePublishedArgumentDescriptions()
    {
        var pool = new ModelPool(new ModelCatalog([new ModelCard { Id = "gpt-4.1", InputPerMTok = 2, OutputPerMTok = 8 }]), new Dictionary<string, IChatClient> { ["gpt-4.1"] = new NoClient() }, 4096, XRouterProtocolProfile.Instance);

        var call = pool.Plugin["call_gpt_4_1"];
        var select = pool.Plugin["select_response"];

        Assert.StartsWith("Call GPT-4.1 model. ", call.Description, StringComparison.Ordinal);
        Assert.Equal(["Optimized system prompt for this specific model and task", "Sampling temperature (0.0 to 2.0)"], call.Metadata.Parameters.Select(p => p.Description));
        Assert.StartsWith("Select the best response from previously executed model calls to provide as the final answer.\n\nWorkflow:\n", select.Description, StringComparison.Ordinal);
    }

    [SharedAssetsFact]
    public async Task SelectingAModelThatDidNotReplyReadsThePublishedError()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Select("call_model_a"), ScriptedBackbone.Text("4"));
        await using var harness = await RouterHarness.StartAsync(backbone, options => options.Profile = "xrouter");

        await harness.AskAsync("What is 2+2?");

        Assert.Equal("Error calling select_response: call_model_a not found in the conversation context.", Assert.Single(backbone.Seen[1].ToolResults));
    }

    [Fact]
    public async Task CallingAToolThatWasNotOfferedReadsThePublishedError()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.CallWith("call_gpt_9", new Dictionary<string, object?> { ["optimized_system_prompt"] = "p" }), ScriptedBackbone.Text("4"));
        await using var harness = await RouterHarness.StartAsync(backbone, options => options.Profile = "xrouter");

        await harness.AskAsync("What is 2+2?");

        Assert.Equal("Error: This tool is not given. You cannot call this tool.", Assert.Single(backbone.Seen[1].ToolResults));
    }

    [Fact]
    public async Task AModelCallWithoutASystemPromptReadsThePublishedErrorAndCallsNothing()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.CallWith("call_model_a", new Dictionary<string, object?>()), ScriptedBackbone.Text("4"));
        await using var harness = await RouterHarness.StartAsync(backbone, options => options.Profile = "xrouter");

        await harness.AskAsync("What is 2+2?");

        Assert.Equal("optimized_system_prompt is required when calling the tool.", Assert.Single(backbone.Seen[1].ToolResults));
        Assert.Empty(harness.Server.Received);
    }

    [Theory]
    [InlineData("gpt-5-mini", 0.2f, 1f)]
    [InlineData("o3", 0.2f, 1f)]
    [InlineData("o4-mini", null, 1f)]
    [InlineData("gpt-4.1", 0.2f, 0.2f)]
    [InlineData("gpt-oss-20b", null, null)]
    public void OSeriesAndGpt5ModelsGetTemperatureOne(string model, float? requested, float? expected)
    {
        var card = new ModelCard { Id = model, InputPerMTok = 1, OutputPerMTok = 1 };

        Assert.Equal(expected, XRouterProtocolProfile.Instance.DownstreamTemperature(card, requested));
    }

    [Fact]
    public void AnUnknownProfileIsAnErrorNamingTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => RouterProfile.For("xrouter-v2"));

        Assert.Contains("default, xrouter", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
