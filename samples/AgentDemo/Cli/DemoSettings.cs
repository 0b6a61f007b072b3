namespace AgentDemo.Cli;

/// <summary>Which agent framework drives XRouter.</summary>
internal enum AgentKind
{
    /// <summary>A Microsoft Agent Framework <c>ChatClientAgent</c> over XRouter's <c>IChatClient</c>.</summary>
    AgentFramework,

    /// <summary>A Semantic Kernel <c>Kernel</c> and <c>ChatHistory</c> over XRouter's <c>IChatCompletionService</c>.</summary>
    SemanticKernel,
}

/// <summary>What one run of the demo does, from its command line.</summary>
internal sealed record DemoSettings
{
    /// <summary>
    /// The default cost penalty: how many reward points one US dollar costs. Chosen on the 895 RouterBench test
    /// queries that are not in the shipped sample, as the smallest penalty at which the learned policy costs at
    /// most half of GPT-4 there (docs/BENCHMARKS.md, "AgentDemo").
    /// </summary>
    public const double DefaultLambda = 10;

    /// <summary>The cost penalty (lambda) of every request.</summary>
    public double Lambda { get; init; } = DefaultLambda;

    /// <summary>The hard cost limit of each request in USD, or null for none.</summary>
    public double? MaxCostUsd { get; init; }

    /// <summary>A routing log (file) or a folder holding one; null for <c>XROUTER_DATA</c> or the shipped sample.</summary>
    public string? DataPath { get; init; }

    /// <summary>The agent framework used.</summary>
    public AgentKind Agent { get; init; } = AgentKind.AgentFramework;

    /// <summary>Read queries from standard input instead of replaying the log's.</summary>
    public bool Interactive { get; init; }

    /// <summary>Print one JSON document instead of tables.</summary>
    public bool Json { get; init; }

    /// <summary>Call the configured real endpoints instead of replaying recorded answers.</summary>
    public bool Live { get; init; }

    /// <summary>A local ONNX router model folder to route with instead of the learned policy.</summary>
    public string? LocalRouter { get; init; }
}
