using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.Training;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Learning.Features;

/// <summary>
/// A log whose difficulty the text cannot show: every prompt is "Question N", and N being prime makes it hard. An
/// embedding generator that knows primes stands in for an embedding model that understands what hashed n-grams miss.
/// </summary>
public sealed class QueryEmbeddingTests
{
    private static readonly Lazy<LearnedRoutingPolicy> s_embedded = new(() => Train(new PrimeEmbeddings()));

    [Fact]
    public void A_policy_trained_with_an_embedding_generator_routes_unseen_queries_by_what_only_the_embedding_shows()
    {
        var policy = s_embedded.Value;

        var hard = FirstCall(policy, Query(1009, new PrimeEmbeddings()));
        var easy = FirstCall(policy, Query(1010, new PrimeEmbeddings()));

        Assert.Equal(2, policy.EmbeddingDimensions);
        Assert.Contains(SyntheticRouting.Premium, hard);
        Assert.Equal([SyntheticRouting.Budget], easy);
    }

    [Fact]
    public void A_policy_trained_with_embeddings_refuses_a_query_without_one_naming_the_dimensions()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FirstCall(s_embedded.Value, new RoutingQuery("q", "Question 7")));

        Assert.Contains("2-dimensional query embeddings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_policy_keeps_its_embedding_dimensions_and_decisions()
    {
        string path = Path.GetTempFileName();
        s_embedded.Value.Save(path);

        var loaded = LearnedRoutingPolicy.Load(path);

        Assert.Equal(2, loaded.EmbeddingDimensions);
        foreach (int n in new[] { 1013, 1014, 1019, 1020 })
        {
            Assert.Equal(FirstCall(s_embedded.Value, Query(n, new PrimeEmbeddings())), FirstCall(loaded, Query(n, new PrimeEmbeddings())));
        }
    }

    [Fact]
    public async Task The_policy_chat_client_embeds_the_query_with_its_generator_before_the_policy_decides()
    {
        var client = new RoutingPolicyChatClient(s_embedded.Value, SyntheticRouting.Catalog(), embeddingGenerator: new PrimeEmbeddings());
        var options = new ChatOptions
        {
            Tools = [.. SyntheticRouting.Catalog().Models.Select(m => AIFunctionFactory.Create(() => "reply", ModelToolNames.ForModel(m.Id)))],
            AdditionalProperties = new() { [RoutingPolicyChatClient.CostPenaltyProperty] = 20.0 },
        };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Question 1031")], options);

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name).ToList();
        Assert.Contains(ModelToolNames.ForModel(SyntheticRouting.Premium), calls);
    }

    private static LearnedRoutingPolicy Train(IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        var data = EvaluationDataset.Create(Log());
        var pool = EvaluationPool.FromCatalog(data.Models, SyntheticRouting.Catalog());
        return new RoutingPolicyTrainer(SyntheticRouting.FastOptions(), embeddings).TrainAsync(data, pool, "primes").GetAwaiter().GetResult();
    }

    private static RoutingQuery Query(int n, PrimeEmbeddings embeddings) =>
        new($"q{n}", $"Question {n}") { Embedding = embeddings.Vector($"Question {n}") };

    private static IReadOnlyList<string> FirstCall(LearnedRoutingPolicy policy, RoutingQuery query) =>
        SyntheticRouting.Called(policy.Decide(new RoutingState(query, SyntheticRouting.Catalog().Models, [], 1, 20)));

    private static IReadOnlyList<RoutingLogEntry> Log() =>
    [
        .. Enumerable.Range(2, 160).Select(n => new RoutingLogEntry
        {
            Id = $"q{n}",
            Prompt = $"Question {n}",
            Outcomes = new Dictionary<string, ModelOutcome>
            {
                [SyntheticRouting.Budget] = Outcome(IsPrime(n) ? 0 : 1),
                [SyntheticRouting.Premium] = Outcome(1),
            },
        }),
    ];

    private static ModelOutcome Outcome(double score) => new() { Score = score, Response = "Answer: 1", InputTokens = 1000, OutputTokens = 1000 };

    private static bool IsPrime(int n) => n >= 2 && Enumerable.Range(2, Math.Max(0, (int)Math.Sqrt(n) - 1)).All(d => n % d != 0);

    private sealed class PrimeEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public float[] Vector(string text) => IsPrime(int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)) ? [1, 0] : [0, 1];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vector(v)))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
