// Polyfill: lets netstandard2.0 code use `init` accessors and records.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
