using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using XRouter.SemanticKernel.Telemetry;

namespace XRouter.Server.Hosting;

/// <summary>
/// OpenTelemetry for the server: XRouter's own source and meter (GenAI attribute names) with ASP.NET Core's
/// request spans and metrics, to an OTLP endpoint when one is configured and to the console otherwise.
/// </summary>
internal static class ServerTelemetry
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection($"{XRouterServerOptions.SectionName}:Telemetry").Get<TelemetryExportOptions>() ?? new TelemetryExportOptions();
        Uri? otlp = options.OtlpEndpoint
            ?? (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);
        if (otlp is null && !options.Console)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("xrouter"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(XRouterTelemetry.SourceName, "Microsoft.AspNetCore");
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
                else
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(XRouterTelemetry.SourceName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
                else
                {
                    metrics.AddConsoleExporter();
                }
            });
    }
}
