using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel;

namespace XRouter.Reliability.Resilience;

/// <summary>
/// Makes one downstream model's calls resilient with a Polly pipeline of its own: a deadline for the whole call, jittered
/// exponential retries that honour <c>Retry-After</c> and never start a wait that would end past the deadline, a
/// circuit breaker for this model, and a timeout per attempt. A request whose input cannot fit the model's context
/// window is refused before it is sent, and a stream that ends without a finish reason is an error, never a partial
/// answer. Every failure surfaces as an exception whose message says what happened, which the ledger filter turns
/// into a tool result so the router can call another model. Wrap a client whose own retries are off.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private static readonly ResiliencePropertyKey<long> DeadlineKey = new("xrouter.deadline");

    private readonly ModelCard _card;
    private readonly DownstreamResilienceOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;

    /// <summary>Creates the client in front of <paramref name="innerClient"/>, the client of model <paramref name="card"/>.</summary>
    public ResilientChatClient(IChatClient innerClient, ModelCard card, DownstreamResilienceOptions? options = null, TimeProvider? time = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
        _options = options ?? new DownstreamResilienceOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(_options.Deadline);
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args)),
                DelayGenerator = args => ValueTask.FromResult(TransientFailure.RetryAfter(args.Outcome.Exception, _time.GetUtcNow())),
            });
        }

        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.FailureRatio,
                MinimumThroughput = _options.MinimumThroughput,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(TransientFailure.IsTransient(args.Outcome.Exception)),
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        CheckContextWindow(list, options);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeadlineKey, _time.GetTimestamp() + (long)(_options.Deadline.TotalSeconds * _time.TimestampFrequency));
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Client.InnerGetResponseAsync(state.List, state.Options, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Client: this, List: list, Options: options)).ConfigureAwait(false);
        }
        catch (Exception e) when (Explain(e) is Exception explained)
        {
            throw explained;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    /// <remarks>A stream is not retried once it has started; it passes the circuit breaker and must end with a finish reason.</remarks>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        CheckContextWindow(list, options);
        bool finished = false;
        await using var updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                update = updates.Current;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new XRouterException($"the stream from {_card.Id} broke before it finished ({FirstLine(e.Message)})", e);
            }

            finished |= update.FinishReason is not null;
            yield return update;
        }

        if (!finished)
        {
            throw new XRouterException($"the stream from {_card.Id} ended without a finish reason, so the reply may be cut off");
        }
    }

    private Task<ChatResponse> InnerGetResponseAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        base.GetResponseAsync(messages, options, cancellationToken);

    private bool ShouldRetry(RetryPredicateArguments<object> args)
    {
        if (!TransientFailure.IsTransient(args.Outcome.Exception))
        {
            return false;
        }

        // A wait the endpoint asks for that would end past the deadline is not worth starting.
        var wait = TransientFailure.RetryAfter(args.Outcome.Exception, _time.GetUtcNow()) ?? TimeSpan.Zero;
        return !args.Context.Properties.TryGetValue(DeadlineKey, out long deadline)
            || _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency) < deadline;
    }

    /// <summary>
    /// Input tokens are estimated at one per four UTF-8 bytes (typical of BPE on prose and code), plus the output cap;
    /// a request that could not fit is refused before it costs anything.
    /// </summary>
    private void CheckContextWindow(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (_card.ContextWindow is not int window)
        {
            return;
        }

        long input = (messages.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text)) + 3) / 4;
        long output = options?.MaxOutputTokens ?? 0;
        if (input + output > window)
        {
            throw new XRouterException($"{_card.Id}'s context window of {window} tokens cannot hold this request (about {input} input tokens plus {output} output tokens); call a model with a larger window");
        }
    }

    private Exception? Explain(Exception e) => e switch
    {
        BrokenCircuitException => new XRouterException(string.Create(CultureInfo.InvariantCulture, $"{_card.Id} is skipped: its circuit is open after repeated failures (it is tried again {_options.BreakDuration.TotalSeconds:0} s after opening)"), e),
        TimeoutRejectedException timeout => new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{_card.Id} did not answer within {timeout.Timeout.TotalSeconds:0.###} s"), e),
        _ => null,
    };

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
