namespace StarRocksBackup.Isolation;
public static class DependencyIsolation { }
