using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using XRouter.SemanticKernel.Options;

#pragma warning disable IDE0130 // Extension methods live where the types they extend are found, as in SK.
namespace Microsoft.SemanticKernel;
#pragma warning restore IDE0130

/// <summary>Adds XRouter to a kernel builder.</summary>
public static class XRouterKernelBuilderExtensions
{
    /// <summary>Adds the XRouter chat service with options from the <c>XRouter</c> configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">Configuration holding an <c>XRouter</c> section.</param>
    /// <param name="backbone">Creates the router policy backbone, which XRouter then owns and disposes; when null, <c>XRouter:Backbone</c> must name an endpoint.</param>
    /// <param name="serviceId">The service key; null registers the service unkeyed.</param>
    public static IKernelBuilder AddXRouter(
        this IKernelBuilder builder,
        IConfiguration configuration,
        Func<IServiceProvider, IChatClient>? backbone = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddXRouter(configuration, backbone, serviceId);
        return builder;
    }

    /// <summary>Adds the XRouter chat service with options set in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="backbone">Creates the router policy backbone, which XRouter then owns and disposes; when null, <see cref="XRouterOptions.Backbone"/> must name an endpoint.</param>
    /// <param name="serviceId">The service key; null registers the service unkeyed.</param>
    public static IKernelBuilder AddXRouter(
        this IKernelBuilder builder,
        Action<XRouterOptions> configure,
        Func<IServiceProvider, IChatClient>? backbone = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddXRouter(configure, backbone, serviceId);
        return builder;
    }
}
