// Statement recognition and the analyzer errors, without S3 (no job ever runs: the interval is long).
using StarRocksBackup.Simulator.Fe.SharedData;
using StarRocksBackup.Simulator.Protocol;
using Xunit;

namespace StarRocksBackup.Simulator.Tests.SharedData;

public sealed class SharedDataStatementTests
{
    private static SharedDataFe Fe(bool sharedData = true, string version = "3.5.0") => new(new SharedDataOptions
    {
        IsSharedData = sharedData,
        Version = version,
        BuiltinStorageVolume = StorageVolumeDefinition.ForS3("b", "s3://bucket/builtin", "http://127.0.0.1:1", "us-east-1", "ak", "sk"),
        StorageVolumes = { StorageVolumeDefinition.ForS3("other_sv", "s3://bucket/other", "http://127.0.0.1:1", "us-east-1", "ak", "sk") },
        ClusterSnapshotInterval = TimeSpan.FromHours(1),
    });

    private static ErrorResult Error(QueryResult? result) => Assert.IsType<ErrorResult>(result);

    [Theory]
    [InlineData("SHOW BACKUP")]
    [InlineData("SELECT 1")]
    [InlineData("SELECT * FROM information_schema.partitions_meta")]
    [InlineData("SELECT * FROM cluster_snapshots")]
    [InlineData("SHOW STORAGE VOLUMES LIKE")]
    [InlineData("DESC STORAGE VOLUME")]
    [InlineData("ADMIN SET AUTOMATED CLUSTER SNAPSHOT")]
    [InlineData("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME")]
    [InlineData("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF now")]
    [InlineData("SELECT * FROM information_schema.cluster_snapshots WHERE")]
    [InlineData("SHOW STORAGE VOLUMES 'unterminated")]
    public async Task Statements_that_are_not_ours_or_malformed_are_left_to_the_engine(string sql)
    {
        await using SharedDataFe fe = Fe();
        Assert.Null(fe.TryExecute(sql));
    }

    [Fact]
    public async Task On_twice_then_off_twice_answer_StarRocks_errors()
    {
        await using SharedDataFe fe = Fe();
        Assert.Same(OkResult.Empty, fe.TryExecute("admin set automated cluster snapshot on"));
        Assert.True(fe.ClusterSnapshots.IsAutomatedSnapshotOn);
        Assert.Equal("builtin_storage_volume", fe.ClusterSnapshots.AutomatedSnapshotStorageVolume);

        ErrorResult again = Error(fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME other_sv"));
        Assert.Equal((1064, "HY000"), (again.Code, again.SqlState));
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot has been turn on.", again.Message);

        Assert.Same(OkResult.Empty, fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF"));
        ErrorResult off = Error(fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF"));
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot has not been turn on.", off.Message);
        Assert.Equal(1064, off.Code);
    }

    [Fact]
    public async Task On_with_named_volume_uses_it_and_unknown_volume_is_refused()
    {
        await using SharedDataFe fe = Fe();
        ErrorResult unknown = Error(fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME `nope`"));
        Assert.Equal("Getting analyzing error. Detail message: Unknown storage volume: nope.", unknown.Message);
        Assert.False(fe.ClusterSnapshots.IsAutomatedSnapshotOn);

        Assert.Same(OkResult.Empty, fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON STORAGE VOLUME other_sv"));
        Assert.Equal("other_sv", fe.ClusterSnapshots.AutomatedSnapshotStorageVolume);
    }

    [Fact]
    public async Task Shared_nothing_refuses_cluster_snapshots_and_has_no_volumes()
    {
        await using SharedDataFe fe = Fe(sharedData: false);
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot only support share data mode.",
            Error(fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON")).Message);
        Assert.Equal("Getting analyzing error. Detail message: Automated snapshot only support share data mode.",
            Error(fe.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT OFF")).Message);
        Assert.Empty(Assert.IsType<ResultSetResult>(fe.TryExecute("SHOW STORAGE VOLUMES")).Rows);
        Assert.EndsWith("Unknown storage volume: builtin_storage_volume.", Error(fe.TryExecute("DESC STORAGE VOLUME builtin_storage_volume")).Message);
        Assert.Empty(Assert.IsType<ResultSetResult>(fe.TryExecute("SELECT * FROM information_schema.cluster_snapshots")).Rows);
        Assert.Empty(Assert.IsType<ResultSetResult>(fe.TryExecute("SELECT * FROM information_schema.cluster_snapshot_jobs")).Rows);
    }

    [Fact]
    public async Task Versions_before_3_4_2_do_not_know_cluster_snapshots_and_before_3_1_not_volumes()
    {
        await using SharedDataFe v33 = Fe(version: "3.3.9");
        Assert.Null(v33.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.Null(v33.TryExecute("SELECT * FROM information_schema.cluster_snapshots"));
        Assert.NotNull(v33.TryExecute("SHOW STORAGE VOLUMES"));

        await using SharedDataFe v25 = Fe(version: "2.5.22");
        Assert.Null(v25.TryExecute("SHOW STORAGE VOLUMES"));

        await using SharedDataFe v342 = Fe(version: "3.4.2");
        Assert.NotNull(v342.TryExecute("ADMIN SET AUTOMATED CLUSTER SNAPSHOT ON"));
        Assert.False(v342.ClusterSnapshots.HasUploadingState);
        Assert.True(Fe(version: "4.0.1").ClusterSnapshots.HasUploadingState);
    }

    [Fact]
    public async Task Show_and_desc_route_to_the_registry_with_quoting()
    {
        await using SharedDataFe fe = Fe();
        var show = Assert.IsType<ResultSetResult>(fe.TryExecute("show storage volumes like 'other%'"));
        Assert.Equal("other_sv", Assert.Single(show.Rows)[0]);
        var desc = Assert.IsType<ResultSetResult>(fe.TryExecute("DESCRIBE STORAGE VOLUME `other_sv`"));
        Assert.Equal("other_sv", desc.Rows[0][0]);
        Assert.IsType<ResultSetResult>(fe.TryExecute("DESC STORAGE VOLUME 'builtin_storage_volume'"));
    }

    [Fact]
    public async Task Information_schema_tables_have_facts_columns_and_types()
    {
        await using SharedDataFe fe = Fe();
        var snaps = Assert.IsType<ResultSetResult>(fe.TryExecute("SELECT * FROM information_schema.cluster_snapshots"));
        Assert.Equal(
            new[] { "SNAPSHOT_NAME:Varchar", "SNAPSHOT_TYPE:Varchar", "CREATED_TIME:BigInt", "FE_JOURNAL_ID:BigInt", "STARMGR_JOURNAL_ID:BigInt", "PROPERTIES:Varchar", "STORAGE_VOLUME:Varchar", "STORAGE_PATH:Varchar" },
            snaps.Columns.Select(c => $"{c.Name}:{c.Type}"));
        var jobs = Assert.IsType<ResultSetResult>(fe.TryExecute("select * from INFORMATION_SCHEMA.CLUSTER_SNAPSHOT_JOBS"));
        Assert.Equal(
            new[] { "SNAPSHOT_NAME:Varchar", "JOB_ID:BigInt", "CREATED_TIME:BigInt", "FINISHED_TIME:BigInt", "STATE:Varchar", "DETAIL_INFO:Varchar", "ERROR_MESSAGE:Varchar" },
            jobs.Columns.Select(c => $"{c.Name}:{c.Type}"));
        Assert.IsType<ResultSetResult>(fe.TryExecute("SELECT * FROM cluster_snapshot_jobs", currentDatabase: "information_schema"));
    }

    [Fact]
    public async Task Unknown_column_is_an_analysis_error()
    {
        await using SharedDataFe fe = Fe();
        Assert.Equal("Getting analyzing error. Detail message: Column 'NOPE' cannot be resolved.",
            Error(fe.TryExecute("SELECT NOPE FROM information_schema.cluster_snapshot_jobs")).Message);
        Assert.Equal("Getting analyzing error. Detail message: Column 'x' cannot be resolved.",
            Error(fe.TryExecute("SELECT * FROM information_schema.cluster_snapshot_jobs WHERE x = 1")).Message);
    }
}
