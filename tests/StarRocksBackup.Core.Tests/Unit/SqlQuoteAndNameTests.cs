using StarRocksBackup.Core;
using StarRocksBackup.Core.Sql;
using Xunit;

namespace StarRocksBackup.Core.Tests.Unit;

public sealed class SqlQuoteAndNameTests
{
    [Theory]
    [InlineData("sales", "`sales`")]
    [InlineData("a`b", "`a``b`")]
    [InlineData("``", "``````")]
    [InlineData("x'y\"z", "`x'y\"z`")]
    [InlineData("日本", "`日本`")]
    public void Identifier_backquotes_and_doubles_backquotes(string name, string expected)
    {
        Assert.Equal(expected, SqlQuote.Identifier(name));
        Assert.Equal(name, SqlQuote.Unquote(SqlQuote.Identifier(name)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void Identifier_refuses_empty_and_nul(string name)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => SqlQuote.Identifier(name));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it\\'s'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("line\nbreak", "'line\\nbreak'")]
    [InlineData("nul\0", "'nul\\0'")]
    [InlineData("dq\"", "'dq\\\"'")]
    [InlineData("cr\r tab\t", "'cr\\r tab\\t'")]
    public void Literal_escapes_for_the_StarRocks_lexer(string value, string expected)
    {
        Assert.Equal(expected, SqlQuote.Literal(value));
        Assert.Equal(value, SqlQuote.Unquote(SqlQuote.Literal(value)));
    }

    [Fact]
    public void Properties_are_quoted_on_both_sides()
    {
        string p = SqlQuote.Properties(new[] { new KeyValuePair<string, string>("k'1", "v\\1") });
        Assert.Equal("PROPERTIES ('k\\'1' = 'v\\\\1')", p);
    }

    [Theory]
    [InlineData("repo1", true)]
    [InlineData("_r", true)]
    [InlineData("_", false)]
    [InlineData("_r1", true)]
    [InlineData("__r", false)]
    [InlineData("1repo", false)]
    [InlineData("re-po", false)]
    [InlineData("", false)]
    [InlineData("r", true)]
    [InlineData("répo", false)]
    public void Repository_name_rule(string name, bool ok)
    {
        Assert.Equal(ok, NameRules.IsValidRepositoryName(name));
        if (!ok)
        {
            var ex = Assert.Throws<StarRocksBackupException>(() => NameRules.CheckRepositoryName(name));
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("repository name", ex.Message);
        }
    }

    [Fact]
    public void Repository_name_length_limit_is_64()
    {
        Assert.True(NameRules.IsValidRepositoryName("r" + new string('a', 63)));
        Assert.False(NameRules.IsValidRepositoryName("r" + new string('a', 64)));
    }

    [Theory]
    [InlineData("sales_20250101_030000", true)]
    [InlineData("a-b", true)]
    [InlineData("-", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("é", false)]
    [InlineData("a`b", false)]
    public void Label_rule_follows_FeNameFormat(string label, bool ok)
    {
        Assert.Equal(ok, NameRules.IsValidLabel(label));
    }

    [Fact]
    public void Label_length_limit_is_128()
    {
        Assert.True(NameRules.IsValidLabel(new string('a', 128)));
        Assert.False(NameRules.IsValidLabel(new string('a', 129)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" db")]
    [InlineData("db ")]
    [InlineData("d\0b")]
    public void Database_names_refused(string name)
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => NameRules.CheckDatabaseName(name));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Database_name_too_long_is_refused_with_the_limit_in_the_message()
    {
        var ex = Assert.Throws<StarRocksBackupException>(() => NameRules.CheckDatabaseName(new string('d', 257)));
        Assert.Contains("256", ex.Message);
        Assert.Equal("ok-db with ` and '", NameRules.CheckDatabaseName("ok-db with ` and '"));
    }

    [Fact]
    public void Secret_never_prints_its_value()
    {
        Secret s = "hunter2";
        Assert.Equal("****", s.ToString());
        Assert.Equal("****", $"{s}");
        Assert.Equal("hunter2", s.Reveal());
        var o = new Connection.ConnectionOptions { Password = "hunter2" };
        Assert.DoesNotContain("hunter2", o.ToString());
    }
}

public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData(Connection.SslMode.None, "None")]
    [InlineData(Connection.SslMode.Required, "Required")]
    [InlineData(Connection.SslMode.VerifyCA, "VerifyCA")]
    [InlineData(Connection.SslMode.VerifyFull, "VerifyFull")]
    public void Tls_option_sets_SslMode(Connection.SslMode sslMode, string mode)
    {
        var o = new Connection.ConnectionOptions { Host = "fe", Port = 9030, User = "u", Password = "p'w", SslMode = sslMode };
        var cs = new MySqlConnector.MySqlConnectionStringBuilder(Connection.MySqlSession.BuildConnectionString(o));
        Assert.Equal(mode, cs.SslMode.ToString());
        Assert.Equal(MySqlConnector.MySqlGuidFormat.None, cs.GuidFormat);
        Assert.True(cs.Pooling);
        Assert.Equal(sslMode != Connection.SslMode.None, o.UseSsl);
        Assert.DoesNotContain("p'w", o.ToString());
    }

    [Fact]
    public void A_CA_file_needs_a_verifying_mode_and_must_exist()
    {
        string ca = Path.GetTempFileName();
        try
        {
            var ok = new Connection.ConnectionOptions { SslMode = Connection.SslMode.VerifyCA, SslCaCertificateFile = ca };
            ok.Validate();
            Assert.Equal(ca, new MySqlConnector.MySqlConnectionStringBuilder(Connection.MySqlSession.BuildConnectionString(ok)).SslCa);
            var notVerifying = new Connection.ConnectionOptions { SslMode = Connection.SslMode.Required, SslCaCertificateFile = ca };
            Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<StarRocksBackupException>(notVerifying.Validate).Kind);
            var missing = new Connection.ConnectionOptions { SslMode = Connection.SslMode.VerifyFull, SslCaCertificateFile = ca + ".missing" };
            Assert.Contains("does not exist", Assert.Throws<StarRocksBackupException>(missing.Validate).Message);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<StarRocksBackupException>(() => new Connection.ConnectionOptions { Host = "" }.Validate());
        Assert.Throws<StarRocksBackupException>(() => new Connection.ConnectionOptions { Port = 0 }.Validate());
        Assert.Throws<StarRocksBackupException>(() => new Connection.ConnectionOptions { CommandTimeout = TimeSpan.Zero }.Validate());
    }
}
