using StarRocksBackup.Core;
using StarRocksBackup.Core.Repositories;
using StarRocksBackup.Core.Sql;
using StarRocksBackup.Core.Tests.Support;
using StarRocksBackup.Tests;
using Xunit;

namespace StarRocksBackup.Core.Tests.Integration;

/// <summary>The hostile corpus and secrets, end to end through the FE simulator's parser.</summary>
public sealed class HostileAndSecretTests
{
    [Fact]
    public async Task Hostile_names_and_values_reach_the_simulator_only_escaped()
    {
        await using Sim s = await Sim.StartAsync("3.3.9");
        StarRocksClient c = s.Client;
        IReadOnlyList<string> corpus = HostileCorpus.Build();
        int sent = 0, refused = 0;
        foreach (string v in corpus)
        {
            int mark = s.Simulator.QueryLog.Count;
            try
            {
                // An identifier: SHOW FULL TABLES FROM `v` fails with the name echoed back exactly.
                var ex = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Catalog.ListTablesAsync(v));
                if (ex.Kind == ErrorKind.InvalidArgument)
                {
                    Assert.Equal(mark, s.Simulator.QueryLog.Count); // refused before any SQL
                    refused++;
                    continue;
                }

                Assert.Equal(ErrorKind.DatabaseNotFound, ex.Kind);
                Assert.Equal($"Unknown database '{v}'", ex.ServerMessage);

                // String literals: partitions_meta filtered by DB_NAME/TABLE_NAME = 'v' answers with no rows (no injection);
                // Core then checks the database and reports it missing instead of an empty list.
                int before = s.Simulator.QueryLog.Count;
                var missing = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Catalog.ListPartitionsAsync(v, v));
                Assert.Equal(ErrorKind.DatabaseNotFound, missing.Kind);
                Assert.Equal($"Unknown database '{v}'", missing.ServerMessage);
                Assert.StartsWith("SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION", s.Simulator.QueryLog.Entries.ElementAt(before).Statement);
                sent++;
            }
            finally
            {
                foreach (var e in s.Simulator.QueryLog.Entries.Skip(mark))
                {
                    // Each statement parses back to exactly the value, as one token.
                    Assert.Contains(v, StatementLexer.Quoted(e.Statement));
                }
            }
        }

        Assert.Equal(corpus.Count, sent + refused);
        Assert.True(sent >= 1000, $"{sent} sent, {refused} refused");
        Assert.True(refused > 5);
    }

    [Fact]
    public async Task Hostile_database_names_round_trip_through_create_list_and_drop()
    {
        await using Sim s = await Sim.StartAsync("3.4.1");
        int done = 0;
        foreach (string v in HostileCorpus.Build().Where((_, i) => i % 7 == 0))
        {
            try
            {
                NameRules.CheckDatabaseName(v);
            }
            catch (StarRocksBackupException)
            {
                continue;
            }

            await s.ExecAsync("CREATE DATABASE " + SqlQuote.Identifier(v));
            Assert.Contains(await s.Client.Catalog.ListDatabasesAsync(), d => d.Name == v);
            Assert.True(await s.Client.Catalog.DatabaseExistsAsync(v));
            Assert.Empty(await s.Client.Catalog.ListTablesAsync(v));
            await s.ExecAsync("DROP DATABASE " + SqlQuote.Identifier(v));
            done++;
        }

        Assert.True(done > 100, $"{done}");
    }

    [S3Fact]
    public async Task Secrets_never_appear_in_messages_exceptions_or_ToString()
    {
        const string password = "Pw'S3cret\\!";
        var obs = new RecordingObserver();
        await using Sim s = await Sim.StartAsync("3.3.9", password: password, observer: obs);
        StarRocksClient c = s.Client;
        RepositorySpec spec = Sim.S3Repo("repo1", "core-secret");
        string secret = spec.Reveal("aws.s3.secret_key")!;
        var texts = new List<string> { spec.ToString(), c.ToString(), c.Options.ToString(), c.Repositories.DescribeCreate(spec) };

        await c.Repositories.CreateAsync(spec, obs);
        var dup = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Repositories.CreateAsync(spec, obs));
        Assert.Equal(ErrorKind.RepositoryExists, dup.Kind);
        texts.Add(dup.ToString());
        texts.Add(dup.Statement ?? "");
        Assert.Contains("****", dup.Statement);

        // A repository whose secret the server echoes back in a syntax error (bad broker name): still masked.
        var weird = new RepositorySpec("repo2", "s3://x/y") { Broker = "nope" }.WithProperty("aws.s3.secret_key", secret);
        var brokerEx = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Repositories.CreateAsync(weird, obs));
        texts.Add(brokerEx.ToString());

        // A location with user information: the password inside the URI is masked in -WhatIf text, errors and messages.
        const string uriPassword = "UriPw_9f3k";
        var withUserInfo = new RepositorySpec("repo3", $"s3://ak:{uriPassword}@{s.Simulator.Host}/bucket/x") { Broker = "nope" };
        texts.Add(withUserInfo.ToString());
        texts.Add(c.Repositories.DescribeCreate(withUserInfo));
        Assert.Contains("s3://ak:****@", c.Repositories.DescribeCreate(withUserInfo));
        var uriEx = await Assert.ThrowsAsync<StarRocksBackupException>(() => c.Repositories.CreateAsync(withUserInfo, obs));
        texts.Add(uriEx.ToString());
        texts.Add(uriEx.Statement ?? string.Empty);

        var bad = new Core.Connection.ConnectionOptions { Host = s.Simulator.Host, Port = s.Simulator.Port, Password = "wrong" + password, MaxReconnectAttempts = 0 };
        var auth = await Assert.ThrowsAsync<StarRocksBackupException>(() => StarRocksClient.ConnectAsync(bad, obs));
        Assert.Equal(ErrorKind.AuthenticationFailed, auth.Kind);
        texts.Add(auth.ToString());
        texts.Add(bad.ToString());
        texts.Add(obs.All);

        foreach (string t in texts)
        {
            Assert.DoesNotContain(secret, t);
            Assert.DoesNotContain(password, t);
            Assert.DoesNotContain(uriPassword, t);
        }

        // The secret did reach the server (the repository works), only escaped.
        Assert.Contains(s.Simulator.QueryLog.Entries, e => StatementLexer.Quoted(e.Statement).Contains(secret));
    }
}
