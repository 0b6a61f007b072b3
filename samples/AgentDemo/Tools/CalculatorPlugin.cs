using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace AgentDemo.Tools;

/// <summary>
/// The agent's own tool, an ordinary function with no knowledge of routing: the router may call it beside the
/// model tools, as it would any of the application's functions.
/// </summary>
internal sealed class CalculatorPlugin
{
    /// <summary>The name the tool is registered under.</summary>
    public const string Name = "calculator";

    [KernelFunction("calculate")]
    [Description("Applies one arithmetic operation (add, subtract, multiply, divide, power) to two numbers.")]
    public static double Calculate(
        [Description("The left operand.")] double left,
        [Description("add, subtract, multiply, divide or power.")] string operation,
        [Description("The right operand.")] double right) => operation.Trim().ToLowerInvariant() switch
        {
            "add" => left + right,
            "subtract" => left - right,
            "multiply" => left * right,
            "divide" when right == 0 => throw new ArgumentException("Division by zero.", nameof(right)),
            "divide" => left / right,
            "power" => Math.Pow(left, right),
            _ => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Unknown operation '{operation}'; use add, subtract, multiply, divide or power."), nameof(operation)),
        };
}
