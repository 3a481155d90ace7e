using System.Runtime.Loader;

namespace StarRocksBackup.Isolation;

/// <summary>
/// Loads StarRocksBackup.Core and its third-party dependencies into a private
/// AssemblyLoadContext on PowerShell 7.4+, so another module's AWSSDK.Core, MySqlConnector or
/// YamlDotNet (same AssemblyVersion, different build) can never be bound in their place.
/// </summary>
public static class DependencyIsolation
{
    private const string EngineAssembly = "StarRocksBackup.Core";
    private static readonly object s_gate = new();
    private static EngineLoadContext? s_context;

    /// <summary>
    /// Hooks the Default context so that the cmdlet assembly's reference to Core is served from
    /// <paramref name="dependencyDirectory"/> through <see cref="EngineLoadContext"/>.
    /// Idempotent and never undone: the cmdlet assembly cannot unload, so a second context after
    /// Remove-Module/Import-Module would only produce a second, incompatible Core.
    /// </summary>
    public static void Register(string dependencyDirectory)
    {
        lock (s_gate)
        {
            if (s_context is not null)
            {
                return;
            }

            EngineLoadContext context = new(dependencyDirectory);
            s_context = context;
            AssemblyLoadContext.Default.Resolving += (_, name) =>
                name.Name == EngineAssembly ? context.LoadFromAssemblyName(name) : null;
        }
    }
}
