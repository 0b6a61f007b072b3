using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using XRouter.Server;
using XRouter.Server.Keys;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter serve</c>: XRouter as an OpenAI-compatible HTTP server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON configuration file (XRouter and XRouterServer sections), read after appsettings.json." };
        var command = new Command("serve", "Serve XRouter as an OpenAI-compatible API (/v1/chat/completions, /v1/models, /health, /ready). With no models configured it serves the embedded replay default. Extra --Section:Key=value arguments are configuration.")
        {
            urls,
            config,
            CreateHashKey(),
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync(async () =>
        {
            var builder = XRouterServerApplication.CreateBuilder([.. parse.UnmatchedTokens]);
            if (parse.GetValue(config) is FileInfo file)
            {
                builder.Configuration.AddJsonFile(file.FullName, optional: false);
            }

            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            try
            {
                await using var app = XRouterServerApplication.Build(builder);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join(" ", e.Failures)}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        }));
        return command;
    }

    private static Command CreateHashKey()
    {
        var key = new Argument<string>("KEY") { Description = "The API key to accept." };
        var command = new Command("hash-key", "Print the SHA-256 to configure as XRouterServer:ApiKeys:<name>:Sha256 (the server stores no key in clear).") { key };
        command.SetAction(parse =>
        {
            Console.WriteLine(ApiKeyHash.Of(parse.GetValue(key)!));
            return 0;
        });
        return command;
    }
}
