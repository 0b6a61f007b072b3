namespace XRouter.SemanticKernel; internal static class Placeholder { }
