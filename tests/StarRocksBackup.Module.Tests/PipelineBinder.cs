// PowerShell's pipeline parameter binding, computed statically from metadata: can an object of the
// upstream's [OutputType] bind to the downstream cmdlet so that every mandatory parameter of at least
// one parameter set is satisfied? Mirrors the rules of ParameterBinderController: ValueFromPipeline
// takes the whole object when its type fits; ValueFromPipelineByPropertyName takes a property whose
// name equals the parameter's name or one of its aliases (case-insensitive) when the value converts.
using System.Reflection;

namespace StarRocksBackup.Module.Tests;

public sealed record BindingResult(bool Bound, string ParameterSet, IReadOnlyList<string> BoundFromPipeline, string Explanation);

public static class PipelineBinder
{
    private static readonly HashSet<string> s_numeric = new(StringComparer.Ordinal)
    {
        "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
        "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal",
    };

    /// <summary>Tries every parameter set of <paramref name="downstream"/> for one input type.</summary>
    public static BindingResult Bind(Type input, CmdletInfo downstream, IReadOnlyCollection<string> commandLine)
    {
        var props = input.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        var reasons = new List<string>();
        foreach (string set in downstream.ParameterSetNames)
        {
            var members = downstream.InSet(set).ToList();
            var unknown = commandLine.Where(c => !members.Any(m => m.Parameter.AnswersTo(c)) && !IsCommon(c, downstream)).ToList();
            if (unknown.Count > 0)
            {
                reasons.Add($"set '{set}': command-line parameter(s) {string.Join(", ", unknown.Select(u => "-" + u))} not in this set");
                continue;
            }

            var bound = new List<string>();
            foreach (var (p, b) in members)
            {
                if (b.FromPipeline && ValueFits(input, p.Type))
                {
                    bound.Add($"-{p.Name} (whole {input.Name})");
                }
                else if (b.FromPipelineByPropertyName)
                {
                    PropertyInfo? source = props.FirstOrDefault(x => p.AnswersTo(x.Name));
                    if (source is not null && PropertyConverts(source.PropertyType, p.Type))
                    {
                        bound.Add($"-{p.Name} (from {input.Name}.{source.Name})");
                    }
                }
            }

            var missing = members.Where(m => m.Binding.Mandatory)
                .Where(m => !bound.Any(x => x.StartsWith("-" + m.Parameter.Name + " ", StringComparison.Ordinal)))
                .Where(m => !commandLine.Any(c => m.Parameter.AnswersTo(c)))
                .Select(m => "-" + m.Parameter.Name).ToList();
            if (bound.Count > 0 && missing.Count == 0)
            {
                return new BindingResult(true, set, bound, $"set '{set}' binds {string.Join(", ", bound)}");
            }

            reasons.Add(bound.Count == 0
                ? $"set '{set}': nothing binds from {input.Name} (properties: {string.Join(", ", props.Select(x => x.Name))})"
                : $"set '{set}': binds {string.Join(", ", bound)} but mandatory {string.Join(", ", missing)} stay unbound");
        }

        return new BindingResult(false, string.Empty, Array.Empty<string>(), string.Join("; ", reasons));
    }

    private static bool IsCommon(string name, CmdletInfo c) =>
        new[] { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "OutVariable" }
            .Contains(name, StringComparer.OrdinalIgnoreCase)
        || (c.SupportsShouldProcess && (name.Equals("WhatIf", StringComparison.OrdinalIgnoreCase) || name.Equals("Confirm", StringComparison.OrdinalIgnoreCase)));

    /// <summary>ValueFromPipeline: the object itself must fit (no string coercion, which would bind anything).</summary>
    public static bool ValueFits(Type value, Type parameter)
    {
        if (IsAny(parameter) || parameter.IsAssignableFrom(value)) return true;
        return parameter.IsArray && (IsAny(parameter.GetElementType()!) || parameter.GetElementType()!.IsAssignableFrom(value));
    }

    /// <summary>ValueFromPipelineByPropertyName: PowerShell converts the property value (LanguagePrimitives).</summary>
    public static bool PropertyConverts(Type from, Type to)
    {
        Type target = Unwrap(to);
        Type source = Unwrap(from);
        if (IsAny(target) || target.IsAssignableFrom(source) || target.FullName == "System.String") return true;
        if (s_numeric.Contains(target.FullName!) && s_numeric.Contains(source.FullName!)) return true;
        if (target.IsEnum && (source.FullName == "System.String" || s_numeric.Contains(source.FullName!))) return true;
        if (target.FullName == "System.Management.Automation.SwitchParameter" && source.FullName == "System.Boolean") return true;
        if (to.IsArray && from.IsArray) return PropertyConverts(from.GetElementType()!, to.GetElementType()!);
        if (to.IsArray) return PropertyConverts(from, to.GetElementType()!);
        return false;
    }

    private static Type Unwrap(Type t) =>
        t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? t.GetGenericArguments()[0] : t;

    private static bool IsAny(Type t) => t.FullName is "System.Object" or "System.Management.Automation.PSObject";
}
