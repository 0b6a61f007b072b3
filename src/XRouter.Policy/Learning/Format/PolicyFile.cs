using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.Format;

/// <summary>
/// Reads and writes learned policy files: one JSON document, <c>"format": "xrouter-learned-policy"</c> and an
/// integer <c>"version"</c>; float tables are base64 of little-endian float32. A file of another version is refused
/// with a message naming both versions (see docs/LEARNED-ROUTER.md).
/// </summary>
internal static class PolicyFile
{
    public const string FormatName = "xrouter-learned-policy";
    public const int Version = 5;

    public static void Write(PolicyContent content, Stream stream)
    {
        var knowledge = content.Knowledge;
        var models = new JsonArray();
        for (int m = 0; m < knowledge.Profiles.Count; m++)
        {
            var profile = knowledge.Profiles[m];
            var byTask = Table(profile.OutputTokensByTask);
            models.Add(new JsonObject
            {
                ["id"] = profile.Id,
                ["tier"] = profile.Tier.ToString().ToLowerInvariant(),
                ["output_tokens"] = profile.OutputTokens,
                ["output_tokens_by_task"] = byTask,
                ["answer_rate"] = profile.AnswerRate,
                ["answer_rate_by_task"] = Table(profile.AnswerRateByTask),
                ["bias"] = knowledge.Success.Biases[m],
                ["weights"] = Base64(knowledge.Success.Weights[m]),
            });
        }

        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = Version,
            ["reward"] = new JsonObject { ["max_reward"] = 1.0, ["max_penalty"] = content.MaxPenalty },
            ["featurizer"] = new JsonObject
            {
                ["kind"] = "hashed-ngrams-tfidf",
                ["buckets"] = knowledge.Featurizer.Text.Buckets,
                ["structure_features"] = HashedTextFeaturizer.StructureFeatures,
                ["task_features"] = HashedTextFeaturizer.TaskFeatures,
                ["idf"] = Base64(knowledge.Featurizer.Text.Idf),
                ["embedding_dimensions"] = knowledge.Featurizer.EmbeddingDimensions,
            },
            ["success"] = new JsonObject { ["shared"] = Base64(knowledge.Success.Shared), ["calibration"] = Calibration(knowledge.Calibration) },
            ["models"] = models,
            ["pairs"] = Pairs(knowledge.Pairs),
            ["tasks"] = new JsonObject([.. knowledge.Tasks.Tasks.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(
                kv.Key, (JsonNode?)new JsonObject { ["centroid"] = Base64(kv.Value.Centroid), ["threshold"] = kv.Value.Threshold }))]),
            ["policy"] = new JsonObject
            {
                ["features"] = new JsonArray([.. ActionFeatures.Names.Select(n => (JsonNode?)n)]),
                ["weights"] = new JsonArray([.. content.Scorer.Weights.Select(w => (JsonNode?)w)]),
            },
            ["training"] = new JsonObject([.. content.Training.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        };
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        root.WriteTo(writer);
    }

    public static PolicyContent Read(Stream stream, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new PolicyFileException($"{source}: not a policy file (invalid JSON: {e.Message}).", e);
        }

        if (root is not JsonObject obj || obj["format"]?.GetValueKind() != JsonValueKind.String || (string?)obj["format"] != FormatName)
        {
            throw new PolicyFileException($"{source}: not a policy file (expected \"format\": \"{FormatName}\").");
        }

        int version = obj["version"]?.GetValueKind() == JsonValueKind.Number ? (int)obj["version"]! : -1;
        if (version != Version)
        {
            throw new PolicyFileException(
                $"{source}: policy file format version {version}; this XRouter reads version {Version} only. Retrain the policy with this version's `xrouter train`.");
        }

        try
        {
            return ReadContent(obj);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new PolicyFileException($"{source}: damaged policy file ({e.Message}).", e);
        }
    }

    private static PolicyContent ReadContent(JsonObject root)
    {
        var featurizerNode = Required(root, "featurizer");
        int buckets = (int)Required(featurizerNode, "buckets");
        var featurizer = new QueryFeaturizer(
            new HashedTextFeaturizer(buckets, Floats(Required(featurizerNode, "idf"))), (int)Required(featurizerNode, "embedding_dimensions"));
        int dimension = featurizer.Dimension;
        var successNode = Required(root, "success");
        var shared = Floats(Required(successNode, "shared"), dimension);
        var modelNodes = Required(root, "models").AsArray();
        var profiles = new List<ModelProfile>();
        var weights = new List<float[]>();
        var biases = new List<float>();
        foreach (var node in modelNodes)
        {
            var model = node ?? throw new FormatException("a null model entry");
            string id = (string)Required(model, "id")!;
            var tier = Enum.Parse<ModelTier>((string)Required(model, "tier")!, ignoreCase: true);
            profiles.Add(new ModelProfile(
                id,
                tier,
                (double)Required(model, "output_tokens"),
                ReadTable(Required(model, "output_tokens_by_task")),
                (double)Required(model, "answer_rate"),
                ReadTable(Required(model, "answer_rate_by_task"))));
            biases.Add((float)Required(model, "bias"));
            weights.Add(Floats(Required(model, "weights"), dimension));
        }

        var calibration = ReadCalibration(Required(successNode, "calibration"), profiles.Count);
        var pairs = ReadPairs(Required(root, "pairs"), profiles.Count);
        var tasks = new TaskRecognizer(Required(root, "tasks").AsObject().ToDictionary(
            kv => kv.Key,
            kv =>
            {
                var task = kv.Value ?? throw new FormatException($"the task '{kv.Key}' is null");
                return (Floats(Required(task, "centroid"), featurizer.Dimension), (double)Required(task, "threshold"));
            },
            StringComparer.Ordinal));
        var policy = Required(root, "policy");
        var names = Required(policy, "features").AsArray().Select(n => (string)n!).ToList();
        if (!names.SequenceEqual(ActionFeatures.Names))
        {
            throw new FormatException("its step features differ from this version's");
        }

        var scorer = new LinearActionScorer([.. Required(policy, "weights").AsArray().Select(n => (float)n!)]);
        var success = new SuccessModel([.. profiles.Select(p => p.Id)], shared, weights, biases);
        var training = root["training"] is JsonObject t
            ? t.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        double maxPenalty = (double)Required(Required(root, "reward"), "max_penalty");
        return new PolicyContent(new RoutingKnowledge(featurizer, success, calibration, profiles, pairs, tasks), scorer, maxPenalty, training);
    }

    private static JsonObject Calibration(SuccessCalibration calibration)
    {
        var byTask = new JsonObject();
        foreach (var (task, scale) in calibration.Scales.Where(kv => kv.Key != SuccessCalibration.AllTasks).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            byTask[task] = Base64(scale);
        }

        return new JsonObject { ["all"] = Base64(calibration.Scales[SuccessCalibration.AllTasks]), ["by_task"] = byTask };
    }

    private static SuccessCalibration ReadCalibration(JsonNode node, int models)
    {
        var scales = new Dictionary<string, float[]>(StringComparer.Ordinal) { [SuccessCalibration.AllTasks] = Floats(Required(node, "all"), 2 * models) };
        foreach (var (task, scale) in Required(node, "by_task").AsObject())
        {
            scales[task] = Floats(scale ?? throw new FormatException($"the calibration of task '{task}' is null"), 2 * models);
        }

        return SuccessCalibration.FromScales(models, scales);
    }

    private static JsonObject Pairs(PairStatistics pairs)
    {
        static JsonObject Write(PairTable t) => new()
        {
            ["agree_right"] = Base64(t.AgreeRight),
            ["agree_wrong"] = Base64(t.AgreeWrong),
            ["agree_split"] = Base64(t.AgreeSplit),
            ["correlation"] = Base64(t.Correlation),
            ["escalation_lift"] = Base64(t.EscalationLift),
            ["observed_agree"] = Base64(t.Observed.Agree),
            ["observed_agree_right"] = Base64(t.Observed.AgreeRight),
            ["observed_disagree_right"] = Base64(t.Observed.DisagreeRight),
            ["observed_escalation"] = Base64(t.Observed.Escalation),
            ["observed_right"] = Base64(t.Observed.Right),
            ["observed_parsed"] = Base64(t.Observed.Parsed),
            ["observed_parsed_right"] = Base64(t.Observed.ParsedRight),
        };

        var byTask = new JsonObject();
        foreach (var (task, table) in pairs.Tables.Where(kv => kv.Key != PairStatistics.AllTasks).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            byTask[task] = Write(table);
        }

        return new JsonObject { ["all"] = Write(pairs.Tables[PairStatistics.AllTasks]), ["by_task"] = byTask };
    }

    private static PairStatistics ReadPairs(JsonNode node, int models)
    {
        PairTable Read(JsonNode t) => new(
            Floats(Required(t, "agree_right"), models * models),
            Floats(Required(t, "agree_wrong"), models * models),
            Floats(Required(t, "agree_split"), models * models),
            Floats(Required(t, "correlation"), models * models),
            Floats(Required(t, "escalation_lift"), models),
            new CascadeRates(
                Floats(Required(t, "observed_agree"), models * models),
                Floats(Required(t, "observed_agree_right"), models * models),
                Floats(Required(t, "observed_disagree_right"), models * models),
                Floats(Required(t, "observed_escalation"), models * models * models),
                Floats(Required(t, "observed_right"), models),
                Floats(Required(t, "observed_parsed"), models),
                Floats(Required(t, "observed_parsed_right"), models)));

        var tables = new Dictionary<string, PairTable>(StringComparer.Ordinal) { [PairStatistics.AllTasks] = Read(Required(node, "all")) };
        foreach (var (task, table) in Required(node, "by_task").AsObject())
        {
            tables[task] = Read(table ?? throw new FormatException($"the pair table of task '{task}' is null"));
        }

        return PairStatistics.FromTables(models, tables);
    }

    private static JsonObject Table(IReadOnlyDictionary<string, double> values) =>
        new([.. values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);

    private static Dictionary<string, double> ReadTable(JsonNode node) =>
        node.AsObject().ToDictionary(kv => kv.Key, kv => (double)kv.Value!, StringComparer.Ordinal);

    private static JsonNode Required(JsonNode node, string name) =>
        node[name] ?? throw new FormatException($"\"{name}\" is missing");

    private static string Base64(ReadOnlySpan<float> values) =>
        Convert.ToBase64String(MemoryMarshal.AsBytes(values));

    private static float[] Floats(JsonNode node, int? expected = null)
    {
        byte[] bytes = Convert.FromBase64String((string)node!);
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return expected is int length && values.Length != length
            ? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a table has {values.Length} values, expected {length}"))
            : values;
    }
}
