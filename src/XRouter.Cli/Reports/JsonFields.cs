using System.Text.Json;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>The nullable fields report.json and the decisions file write: null as JSON null, never left out.</summary>
internal static class JsonFields
{
    public static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    public static void Interval(Utf8JsonWriter json, string name, ConfidenceInterval? interval)
    {
        if (interval is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        json.WriteNumberValue(interval.Low);
        json.WriteNumberValue(interval.High);
        json.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void NumberMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, double?>> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            Number(json, key, value);
        }

        json.WriteEndObject();
    }
}
