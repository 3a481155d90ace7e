// Secrets never travel as plain strings (house-style §4.13 "Credential (a PSCredential, never a
// plain-text password)"; brief: secrets masked everywhere).
using Xunit;
using Xunit.Abstractions;

namespace StarRocksBackup.Module.Tests;

public sealed class ParameterSafetyTests
{
    public ParameterSafetyTests(ITestOutputHelper output) => output.WriteLine("testing " + CmdletAssembly.Files.Provenance);

    [Fact]
    public void Credential_parameters_are_PSCredential()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            foreach (CmdletParameter p in c.Parameters.Where(p => p.Name.EndsWith("Credential", StringComparison.OrdinalIgnoreCase)))
            {
                v.Check(p.Type.FullName == "System.Management.Automation.PSCredential",
                    $"{c.Name} -{p.Name}: type {p.Type.FullName}, must be System.Management.Automation.PSCredential");
            }
        }

        v.AssertNone("credential parameters of the wrong type");
    }

    [Fact]
    public void No_secret_parameter_is_a_plain_string()
    {
        var v = new Violations();
        foreach (CmdletInfo c in CmdletAssembly.Cmdlets)
        {
            foreach (CmdletParameter p in c.Parameters)
            {
                bool secretName = Contract.SecretParameterNames.Any(s => p.AnswersTo(s))
                    || p.Name.Contains("Password", StringComparison.OrdinalIgnoreCase)
                    || p.Name.Contains("SecretKey", StringComparison.OrdinalIgnoreCase);
                bool plain = p.Type.FullName is "System.String" or "System.String[]";
                v.Check(!(secretName && plain), $"{c.Name} -{p.Name}: a secret as {p.Type.Name}; take a PSCredential (or SecureString)");
                foreach (string alias in p.Aliases.Where(a => Contract.SecretParameterNames.Contains(a, StringComparer.OrdinalIgnoreCase)))
                {
                    v.Check(!plain, $"{c.Name} -{p.Name}: alias '{alias}' on a {p.Type.Name} parameter invites plain-text secrets");
                }
            }
        }

        v.AssertNone("plain-text secret parameters");
    }

    [Fact]
    public void New_SrRepository_takes_its_object_storage_secret_as_PSCredential()
    {
        CmdletInfo repo = CmdletAssembly.Find("New-SrRepository") ?? throw new Xunit.Sdk.XunitException("New-SrRepository does not exist");
        Assert.True(repo.Parameters.Any(p => p.Type.FullName == "System.Management.Automation.PSCredential"),
            $"New-SrRepository has no PSCredential parameter (issue 3: credentials from PSCredential); parameters: {string.Join(", ", repo.Parameters.Select(p => $"-{p.Name} [{p.Type.Name}]"))}");
    }

    [Fact]
    public void Connect_SrServer_has_the_issue3_parameters()
    {
        CmdletInfo connect = CmdletAssembly.Find("Connect-SrServer") ?? throw new Xunit.Sdk.XunitException("Connect-SrServer does not exist");
        var v = new Violations();
        CmdletParameter? cred = connect.Parameters.FirstOrDefault(p => p.AnswersTo("Credential"));
        v.Check(cred is not null, "Connect-SrServer: no -Credential parameter (issue 3)");
        CmdletParameter? port = connect.Parameters.FirstOrDefault(p => p.AnswersTo("Port"));
        v.Check(port is not null && port.Type.FullName == "System.Int32", $"Connect-SrServer: -Port must exist as an int (is {port?.Type.FullName ?? "missing"})");
        v.Check(connect.Parameters.Any(p => p.AnswersTo("PassThru")), "Connect-SrServer: no -PassThru (issue 3)");
        v.Check(connect.Parameters.Any(p => p.AnswersTo("UseSsl")), "Connect-SrServer: no -UseSsl (issue 3)");
        v.AssertNone("Connect-SrServer contract");
    }
}
