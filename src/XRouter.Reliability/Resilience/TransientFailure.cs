using System.ClientModel;
using System.Globalization;
using Polly.Timeout;

namespace XRouter.Reliability.Resilience;

/// <summary>Which downstream failures are worth another attempt, and how long the endpoint asked us to wait.</summary>
internal static class TransientFailure
{
    public static bool IsTransient(Exception? e) => e switch
    {
        ClientResultException { Status: 408 or 429 or >= 500 } => true,
        ClientResultException { Status: 0 } => true, // no HTTP response at all: the connection failed
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>The <c>Retry-After</c> of a 429 or 503, in seconds or as an HTTP date, when the endpoint sent one.</summary>
    public static TimeSpan? RetryAfter(Exception? e, DateTimeOffset now)
    {
        if (e is not ClientResultException http || http.GetRawResponse() is not { } response
            || !response.Headers.TryGetValue("Retry-After", out string? value) || value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at > now ? at - now : TimeSpan.Zero)
            : null;
    }
}
