using Microsoft.ML.OnnxRuntimeGenAI;

namespace XRouter.Onnx;

/// <summary>
/// The generator's search options and grammar. Every option is set explicitly, so the sampling defaults that
/// the model builder copies into <c>genai_config.json</c> never apply unasked. A generator is built for one
/// value of this record; a request with other settings needs a new generator.
/// </summary>
internal sealed record SearchSettings(int MaxLength, float Temperature, int TopK, float TopP, float RepetitionPenalty, int? Seed, string? Grammar)
{
    public bool IsGreedy => Temperature == 0f;

    public static void Validate(float temperature, int topK, float topP, float repetitionPenalty)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(temperature, "Temperature");
        ArgumentOutOfRangeException.ThrowIfNegative(topK, "TopK");
        if (!(topP > 0f && topP <= 1f))
        {
            throw new ArgumentOutOfRangeException("TopP", topP, "TopP must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(repetitionPenalty, 0f, "RepetitionPenalty");
    }

    public GeneratorParams CreateParams(Model model)
    {
        var parameters = new GeneratorParams(model);
        try
        {
            parameters.SetSearchOption("max_length", MaxLength);
            parameters.SetSearchOption("num_beams", 1);
            parameters.SetSearchOption("do_sample", !IsGreedy);
            parameters.SetSearchOption("temperature", IsGreedy ? 1.0 : Temperature);
            parameters.SetSearchOption("top_k", IsGreedy ? 1 : TopK);
            parameters.SetSearchOption("top_p", IsGreedy ? 1.0 : TopP);
            parameters.SetSearchOption("repetition_penalty", RepetitionPenalty);
            if (Seed is int seed)
            {
                parameters.SetSearchOption("random_seed", seed);
            }

            if (Grammar is not null)
            {
                parameters.SetGuidance("lark_grammar", Grammar, enableFFTokens: false);
            }

            return parameters;
        }
        catch
        {
            parameters.Dispose();
            throw;
        }
    }
}
