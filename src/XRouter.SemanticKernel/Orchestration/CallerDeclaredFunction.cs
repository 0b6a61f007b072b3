using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// A tool the caller declared but did not implement (an OpenAI client's <c>tools</c>): the router is offered it like
/// any function, and a call of it ends the request and is returned to the caller to run, never run here.
/// </summary>
internal sealed class CallerDeclaredFunction(AIFunctionDeclaration declaration) : AIFunction
{
    public override string Name => declaration.Name;

    public override string Description => declaration.Description;

    public override JsonElement JsonSchema => declaration.JsonSchema;

    public override JsonElement? ReturnJsonSchema => declaration.ReturnJsonSchema;

    // AppFunctionCallFilter returns every call of a declared-only tool to the caller before it would run.
    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"'{Name}' is a tool the caller declared without an implementation; XRouter returns its calls to the caller and never runs it.");
}
