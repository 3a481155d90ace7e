using StarRocksBackup.Simulator.Fe;
using StarRocksBackup.Simulator.Protocol;
using StarRocksBackup.Simulator.Statements;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.Grammar;

/// <summary>Per rule and version: the accepted statement parses where the version has the rule and is a syntax error where not; the rejected one never parses.</summary>
public sealed class GrammarRuleTests
{
    [Theory]
    [MemberData(nameof(GrammarRules.Cases), MemberType = typeof(GrammarRules))]
    public void AcceptedStatement_ParsesExactlyWhereTheVersionHasTheRule(GrammarRule rule, string version)
    {
        SrVersion v = SrVersion.Parse(version);
        bool has = v.AtLeast(rule.Since.Major, rule.Since.Minor);
        if (has)
        {
            Statement s = SqlParser.Parse(rule.Accepted, v);
            Assert.NotNull(s);
        }
        else
        {
            Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(rule.Accepted, v));
        }
    }

    [Theory]
    [MemberData(nameof(GrammarRules.Cases), MemberType = typeof(GrammarRules))]
    public void RejectedStatement_IsASyntaxErrorInEveryVersion(GrammarRule rule, string version)
    {
        Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(rule.Rejected, SrVersion.Parse(version)));
    }

    [Theory]
    [MemberData(nameof(GrammarRules.Cases), MemberType = typeof(GrammarRules))]
    public void TheEngine_AnswersAVersionsMissingRuleWithStarRocksSyntaxError(GrammarRule rule, string version)
    {
        SrVersion v = SrVersion.Parse(version);
        var engine = new FeEngine(new SimulatorOptions { Version = version });
        QueryResult r = engine.Execute(new ClientSession(1, "root", "127.0.0.1:1"), rule.Accepted, CancellationToken.None);
        if (v.AtLeast(rule.Since.Major, rule.Since.Minor))
        {
            // Past the grammar: whatever the analyzer says, it is not a syntax error.
            Assert.False(r is ErrorResult { Message: var m } && m.StartsWith("Getting syntax error", StringComparison.Ordinal), r.ToString());
        }
        else
        {
            ErrorResult e = Assert.IsType<ErrorResult>(r);
            Assert.Equal(1064, e.Code);
            Assert.StartsWith("Getting syntax error at line 1, column ", e.Message);
        }
    }

    [Fact]
    public void EveryVersionHasAtLeastOneRuleItLacksOrHas()
    {
        // The table covers each grammar generation: rules new in 3.4 and in 4.2 are present.
        Assert.Contains(GrammarRules.Rules, r => r.Since.Major == 3 && r.Since.Minor == 4);
        Assert.Contains(GrammarRules.Rules, r => r.Since.Major == 4 && r.Since.Minor == 2);
        Assert.Equal(5, GrammarRules.Versions.Length);
    }
}
