// AgentDemo: an agent whose brain is XRouter, on the Microsoft Agent Framework or on Semantic Kernel.
// By default it runs offline: the downstream models replay real recorded answers (data/routerbench-demo), the
// routing policy decides, and SK's real function-calling loop runs inside XRouter. See README.md.
using AgentDemo;
using AgentDemo.Cli;

return await DemoCommand.InvokeAsync(args, Console.Out, Console.Error, Console.In);
