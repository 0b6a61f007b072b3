using System.Globalization;
using System.Text;
using System.Text.Json;

namespace XRouter.Onnx.ChatTemplates;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps(value, ensure_ascii=False)</c>, which is what the
/// <c>tojson</c> filter of Hugging Face chat templates produces: <c>", "</c> and <c>": "</c> separators,
/// key order kept, non-ASCII characters kept, and only <c>"</c>, <c>\</c> and control characters escaped.
/// Numbers keep their JSON spelling.
/// </summary>
internal static class PythonJson
{
    public static string Serialize(JsonElement value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                bool firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    builder.Append(firstProperty ? string.Empty : ", ");
                    WriteString(builder, property.Name);
                    builder.Append(": ");
                    Write(builder, property.Value);
                    firstProperty = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                bool firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    builder.Append(firstItem ? string.Empty : ", ");
                    Write(builder, item);
                    firstItem = false;
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                break;
            case JsonValueKind.Undefined:
                builder.Append("null");
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        builder.Append('"');
    }
}
