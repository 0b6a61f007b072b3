using ScottPlot;

namespace XRouter.Cli.Reports;

/// <summary>
/// One colour per policy name in every report: the baselines have fixed colours, any other policy (a trained
/// router, say) takes one from its name's hash, never from its position among the policies drawn.
/// </summary>
internal static class PolicyColors
{
    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    private static readonly Dictionary<string, int> s_fixed = new(StringComparer.Ordinal)
    {
        ["random"] = 4, ["cheapest"] = 5, ["best-single"] = 0, ["per-task-best"] = 1, ["cascade"] = 2,
    };

    // Colours left for other policies: those the baselines do not use.
    private static readonly int[] s_free = [3, 6, 8, 9];

    public static Color Of(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy == "oracle")
        {
            return Colors.Gold;
        }

        if (s_fixed.TryGetValue(policy, out int index))
        {
            return s_palette.GetColor(index);
        }

        uint hash = 2166136261;
        foreach (char c in policy)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return s_palette.GetColor(s_free[hash % (uint)s_free.Length]);
    }
}
