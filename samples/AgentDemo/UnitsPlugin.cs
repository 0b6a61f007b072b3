using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace AgentDemo;

/// <summary>The application's own plugin: it stays callable by the router next to the model tools.</summary>
internal sealed class UnitsPlugin
{
    [KernelFunction("minutes_between")]
    [Description("Minutes from one HH:mm time to a later one on the same day.")]
    public static int MinutesBetween(string from, string to) =>
        (int)(TimeOnly.Parse(to, CultureInfo.InvariantCulture) - TimeOnly.Parse(from, CultureInfo.InvariantCulture)).TotalMinutes;
}
