using System.Buffers.Binary;
using System.Text;
using StarRocksBackup.Core;
using StarRocksBackup.Core.Parsing;
using Xunit;

namespace StarRocksBackup.Core.Tests.Objects;

/// <summary>
/// The snapshot __meta file as StarRocks writes it (BackupMeta via Text.writeString: 4-byte big-endian length + GSON JSON;
/// type labels from GsonUtils' runtime adapters at 3.4.4: OlapTable / MaterializedView / View, ScalarFunction /
/// AggregateFunction / TableFunction; FunctionName as {"db", "fn"}; Catalog as {"id", "name", "comment", "config"}).
/// </summary>
public sealed class SnapshotMetaFileTests
{
    private const string Json = """
        {"tblNameMap":{
           "sales":{"clazz":"OlapTable","id":10,"name":"sales","type":"OLAP","baseIndexId":11},
           "sale_ids":{"clazz":"MaterializedView","id":12,"name":"sale_ids","type":"MATERIALIZED_VIEW","active":false},
           "recent":{"clazz":"View","id":13,"name":"recent","type":"VIEW","inlineViewDef":"SELECT 1"}},
         "functions":[
           {"clazz":"ScalarFunction","fid":7,"name":{"db":"shop","fn":"add_one"},"argTypes":[{"clazz":"ScalarType","type":"INT"}],"retType":{"clazz":"ScalarType","type":"INT"}},
           {"clazz":"AggregateFunction","fid":8,"name":{"db":"shop","fn":"my_sum"},"argTypes":[{"clazz":"ScalarType","type":"BIGINT"},{"clazz":"ScalarType","type":"VARCHAR"}]}],
         "catalogs":[{"id":3,"name":"pg","comment":"","config":{"type":"jdbc","user":"admin","password":"s3cr3t-pw","jdbc_uri":"jdbc:postgresql://db:5432/x"}}]}
        """;

    private static byte[] Framed(string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[body.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, body.Length);
        body.CopyTo(bytes, 4);
        return bytes;
    }

    [Fact]
    public void StarRocks_framed_BackupMeta_is_read_by_kind_and_a_catalog_config_never_comes_out()
    {
        SnapshotMetaContents m = SnapshotMetaFile.Parse(Framed(Json), "s3://b/__meta.x");
        Assert.Equal(new[] { "sales" }, m.Tables);
        Assert.Equal(new[] { "sale_ids" }, m.MaterializedViews);
        Assert.Equal(new[] { "recent" }, m.Views);
        Assert.Equal(new[] { "add_one(INT)", "my_sum(BIGINT, VARCHAR)" }, m.Functions);
        Assert.Equal(new[] { "pg (jdbc)" }, m.ExternalCatalogs);
        string all = string.Join("|", m.Tables.Concat(m.Views).Concat(m.MaterializedViews).Concat(m.Functions).Concat(m.ExternalCatalogs));
        Assert.DoesNotContain("s3cr3t-pw", all);
        Assert.DoesNotContain("admin", all);
    }

    [Fact]
    public void A_bare_JSON_object_is_read_too_and_missing_sections_are_empty()
    {
        SnapshotMetaContents m = SnapshotMetaFile.Parse(Encoding.UTF8.GetBytes("{\"tblNameMap\":{\"t\":{\"clazz\":\"OlapTable\",\"name\":\"t\"}}}"), "x");
        Assert.Equal(new[] { "t" }, m.Tables);
        Assert.Empty(m.Functions);
        Assert.Empty(m.ExternalCatalogs);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not json")]
    [InlineData("array")]
    public void Anything_else_is_InvalidConfiguration(string kind)
    {
        byte[] bytes = kind switch
        {
            "truncated" => Framed(Json)[..100],
            "not json" => Framed("this is not json"),
            _ => Framed("[1, 2]"),
        };
        var ex = Assert.Throws<StarRocksBackupException>(() => SnapshotMetaFile.Parse(bytes, "s3://b/__meta.x"));
        Assert.Equal(ErrorKind.InvalidConfiguration, ex.Kind);
        Assert.Contains("s3://b/__meta.x", ex.Message);
    }
}
