namespace StarRocksBackup.Simulator.Statements;

/// <summary>Repository, BACKUP, RESTORE, SHOW BACKUP/RESTORE/SNAPSHOT, CANCEL, DROP SNAPSHOT (facts §1).</summary>
public sealed partial class SqlParser
{
    private Statement ParseCreateRepository()
    {
        Token start = Peek;
        bool readOnly = false;
        if (AcceptWord("READ"))
        {
            ExpectWord("ONLY");
            readOnly = true;
        }

        ExpectWord("REPOSITORY");
        string name = Identifier();
        ExpectWord("WITH");
        ExpectWord("BROKER");
        string? broker = null;
        if (!Peek.IsWord("ON"))
        {
            // G4-new accepts an identifier or a quoted string; G4-3x only an identifier.
            broker = _version.Is34 ? IdentifierOrString() : Identifier();
        }

        ExpectWord("ON");
        ExpectWord("LOCATION");
        string location = StringLiteral();
        // G4-3x: PROPERTIES is mandatory; G4-new: optional (facts §1.1).
        PropertyList props = _version.Is34 ? OptionalProperties() : Properties();
        return new CreateRepositoryStmt(readOnly, name, broker, location, props, SourcePos.Of(start));
    }

    private Statement ParseBackup()
    {
        ExpectWord("BACKUP");
        string? dbClause = null;
        string? labelDb = null;
        string label;
        List<string>? catalogs = null;
        bool allCatalogs = false;
        if (_version.Is34 && AcceptWord("DATABASE"))
        {
            dbClause = Identifier();
        }
        else if (_version.Is34 && (Peek.IsWord("EXTERNAL") || (Peek.IsWord("ALL") && PeekAt(1).IsWord("EXTERNAL"))))
        {
            if (AcceptWord("ALL"))
            {
                ExpectWord("EXTERNAL");
                ExpectWord("CATALOGS");
                allCatalogs = true;
            }
            else
            {
                ExpectWord("EXTERNAL");
                if (!AcceptWord("CATALOG") && !AcceptWord("CATALOGS")) throw Unexpected("'CATALOG', 'CATALOGS'");
                catalogs = IdentifierList();
            }
        }

        ExpectWord("SNAPSHOT");
        QualifiedName ln = QualifiedName();
        labelDb = ln.Db;
        label = ln.Name;
        ExpectWord("TO");
        string repo = Identifier();
        List<BackupObject> objects = Peek.IsWord("ON") ? ObjectList(restore: false) : new List<BackupObject>();
        PropertyList props = OptionalProperties();
        return new BackupStmt(dbClause, labelDb, label, repo, objects, props, catalogs, allCatalogs);
    }

    private Statement ParseRestore()
    {
        ExpectWord("RESTORE");
        ExpectWord("SNAPSHOT");
        QualifiedName ln = QualifiedName();
        ExpectWord("FROM");
        string repo = Identifier();
        string? dbClause = null, dbAlias = null;
        List<CatalogRef>? catalogs = null;
        bool allCatalogs = false;
        if (_version.Is34 && AcceptWord("DATABASE"))
        {
            dbClause = Identifier();
            if (AcceptWord("AS")) dbAlias = Identifier();
        }
        else if (_version.Is34 && Peek.IsWord("ALL") && PeekAt(1).IsWord("EXTERNAL"))
        {
            Next();
            Next();
            ExpectWord("CATALOGS");
            allCatalogs = true;
        }
        else if (_version.Is34 && AcceptWord("EXTERNAL"))
        {
            if (!AcceptWord("CATALOG") && !AcceptWord("CATALOGS")) throw Unexpected("'CATALOG', 'CATALOGS'");
            ExpectSymbol("(");
            catalogs = new List<CatalogRef>();
            do
            {
                string c = Identifier();
                catalogs.Add(new CatalogRef(c, AcceptWord("AS") ? Identifier() : null));
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
        }

        List<BackupObject> objects = Peek.IsWord("ON") ? ObjectList(restore: true) : new List<BackupObject>();
        // Every grammar version makes PROPERTIES optional (G4-3x and G4-new, facts §1.3); the analyzer then wants backup_timestamp.
        PropertyList props = OptionalProperties();
        return new RestoreStmt(ln.Db, ln.Name, repo, dbClause, dbAlias, objects, props) { ExternalCatalogs = catalogs, AllExternalCatalogs = allCatalogs };
    }

    /// <summary>ON ( descriptor, ... ) — facts §1.4; the typed descriptors only on 3.4+.</summary>
    private List<BackupObject> ObjectList(bool restore)
    {
        ExpectWord("ON");
        ExpectSymbol("(");
        var list = new List<BackupObject>();
        do
        {
            list.Add(ObjectDescriptor(restore));
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return list;
    }

    private BackupObject ObjectDescriptor(bool restore)
    {
        Token start = Peek;
        var pos = SourcePos.Of(start);
        if (_version.Is34)
        {
            if (AcceptWord("ALL"))
            {
                if (AcceptWord("TABLE") || AcceptWord("TABLES")) return new BackupObject(BackupObjectKind.AllTables, null, null, false, null, pos);
                if (AcceptWord("MATERIALIZED"))
                {
                    if (!AcceptWord("VIEW") && !AcceptWord("VIEWS")) throw Unexpected("'VIEW', 'VIEWS'");
                    return new BackupObject(BackupObjectKind.AllMaterializedViews, null, null, false, null, pos);
                }

                if (AcceptWord("VIEW") || AcceptWord("VIEWS")) return new BackupObject(BackupObjectKind.AllViews, null, null, false, null, pos);
                if (AcceptWord("FUNCTION") || AcceptWord("FUNCTIONS")) return new BackupObject(BackupObjectKind.AllFunctions, null, null, false, null, pos);
                throw Unexpected("'TABLES', 'MATERIALIZED', 'VIEWS', 'FUNCTIONS'");
            }

            if (AcceptWord("TABLE") || AcceptWord("TABLES")) return TableDescriptor(pos, allowAlias: true);
            if (Peek.IsWord("MATERIALIZED") && (PeekAt(1).IsWord("VIEW") || PeekAt(1).IsWord("VIEWS")))
            {
                Next();
                Next();
                return NamedDescriptor(BackupObjectKind.MaterializedView, pos);
            }

            if ((Peek.IsWord("VIEW") || Peek.IsWord("VIEWS")) && IsIdentifierStart(PeekAt(1)) && !PeekAt(1).IsWord("AS"))
            {
                Next();
                return NamedDescriptor(BackupObjectKind.View, pos);
            }

            if ((Peek.IsWord("FUNCTION") || Peek.IsWord("FUNCTIONS")) && IsIdentifierStart(PeekAt(1)) && !PeekAt(1).IsWord("AS"))
            {
                Next();
                return NamedDescriptor(BackupObjectKind.Function, pos);
            }
        }

        // G4-3x: BACKUP takes tableDesc (no alias), RESTORE restoreTableDesc (alias); G4-new: both backupRestoreTableDesc.
        return TableDescriptor(pos, allowAlias: restore || _version.Is34);
    }

    private BackupObject NamedDescriptor(BackupObjectKind kind, SourcePos pos)
    {
        string name = Identifier();
        string? alias = AcceptWord("AS") ? Identifier() : null;
        return new BackupObject(kind, name, null, false, alias, pos);
    }

    private BackupObject TableDescriptor(SourcePos pos, bool allowAlias)
    {
        QualifiedName name = QualifiedName();
        List<string>? partitions = null;
        bool temp = AcceptWord("TEMPORARY");
        if (AcceptWord("PARTITION") || AcceptWord("PARTITIONS"))
        {
            if (Peek.IsSymbol("("))
            {
                partitions = IdentifierList();
            }
            else
            {
                // Without parentheses only one name: "PARTITION p1, x" would be ambiguous with the next descriptor.
                partitions = new List<string> { Identifier() };
            }
        }
        else if (temp)
        {
            throw Unexpected("'PARTITION', 'PARTITIONS'");
        }

        string? alias = allowAlias && AcceptWord("AS") ? Identifier() : null;
        return new BackupObject(BackupObjectKind.Table, name.Name, partitions, temp, alias, pos);
    }

    private Statement ParseShowJobs()
    {
        if (AcceptWord("BACKUP"))
        {
            string? db = FromOrIn();
            if (_version.Is34) SkipShowFilters(allowOrderLimit: true);
            return new ShowBackupStmt(db);
        }

        if (AcceptWord("RESTORE"))
        {
            string? db = FromOrIn();
            SkipShowFilters(allowOrderLimit: _version.Is34);
            return new ShowRestoreStmt(db);
        }

        ExpectWord("SNAPSHOT");
        ExpectWord("ON");
        string repo = Identifier();
        Expr? where = AcceptWord("WHERE") ? Expression() : null;
        return new ShowSnapshotStmt(repo, where);
    }

    /// <summary>WHERE / ORDER BY / LIMIT on SHOW BACKUP / SHOW RESTORE: parsed, ignored by the executor (facts §1.5).</summary>
    private void SkipShowFilters(bool allowOrderLimit)
    {
        if (AcceptWord("WHERE")) Expression();
        if (!allowOrderLimit) return;
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            do
            {
                Identifier();
                if (!AcceptWord("DESC")) AcceptWord("ASC");
            }
            while (AcceptSymbol(","));
        }

        if (AcceptWord("LIMIT")) IntegerLiteral();
    }

    private Statement ParseCancel()
    {
        ExpectWord("CANCEL");
        bool restore;
        if (AcceptWord("BACKUP")) restore = false;
        else if (AcceptWord("RESTORE")) restore = true;
        else throw Unexpected("'BACKUP', 'RESTORE'");
        if (_version.Is34 && AcceptWord("FOR"))
        {
            ExpectWord("EXTERNAL");
            ExpectWord("CATALOG");
            return new CancelJobStmt(null, restore, ForExternalCatalog: true);
        }

        return new CancelJobStmt(FromOrIn(), restore);
    }

    private Statement ParseDropSnapshot()
    {
        ExpectWord("SNAPSHOT");
        string label = IdentifierOrString();
        ExpectWord("ON");
        string repo = Identifier();
        return new DropSnapshotStmt(label, repo, AcceptWord("FORCE"));
    }
}
