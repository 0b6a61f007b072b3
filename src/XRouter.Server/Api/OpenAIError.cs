using System.Globalization;
using System.Text.Json;

namespace XRouter.Server.Api;

/// <summary>Writes errors as OpenAI does: <c>{"error": {"message", "type", "param", "code"}}</c>, with <c>Retry-After</c> where it applies.</summary>
internal static class OpenAIError
{
    public static async Task WriteAsync(HttpResponse response, ApiException error)
    {
        response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is int seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Write(writer, error);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The <c>{"error": ...}</c> object.</summary>
    public static void Write(Utf8JsonWriter writer, ApiException error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.Type);
        writer.WriteString("param", error.Param);
        writer.WriteString("code", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
