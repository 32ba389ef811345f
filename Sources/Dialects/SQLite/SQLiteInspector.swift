import Drivers
import Schema

extension SQLiteDialect {
    /// A ``SQLiteInspector`` reading `main` in four queries.
    public var inspector: any SchemaInspector { SQLiteInspector(dialect: self) }
}

/// Reads a SQLite schema (`main`) from its catalogs, in four queries whatever the number
/// of tables.
///
/// The queries, all in one read-only snapshot:
///
/// 1. `sqlite_schema` with `pragma_table_list`: every table, index, view and trigger with
///    its stored SQL, and for tables their kind (ordinary, virtual, shadow), `STRICT` and
///    `WITHOUT ROWID`;
/// 2. `pragma_table_xinfo` over every table: columns, declared types, `NOT NULL`, default
///    text, primary key positions, generated columns;
/// 3. `pragma_index_list` × `pragma_index_xinfo`: every index's key columns, origin
///    (`CREATE INDEX`, `UNIQUE`, `PRIMARY KEY`), uniqueness;
/// 4. `pragma_foreign_key_list`: every foreign key's columns, target and actions.
///
/// What the pragmas do not report comes from the stored `CREATE` texts, read token by
/// token: constraint names, checks, column collations, `AUTOINCREMENT`, foreign key
/// `MATCH` and deferrability, index expressions and `WHERE`, view queries and column lists
/// (`SQLiteTableDefinition`, `SQLiteIndexDefinition`, `SQLiteViewDefinition`).
///
/// Left out: SQLite's own tables (`sqlite_%`), the shadow tables of virtual tables,
/// `scope.excludedTables` and their indexes and triggers. Carried as ``/Schema/UnmodelledObject``s,
/// each marking its table unsupported: triggers (their `CREATE TRIGGER`), virtual tables
/// (their `CREATE VIRTUAL TABLE`, kind ``Schema/UnmodelledObject/Kind/virtualTable``), generated
/// columns (left out of the columns; definition `ALTER TABLE … ADD COLUMN <definition as
/// written>`), indexes it cannot read (kind ``/Schema/UnmodelledObject/Kind/other``, their
/// `CREATE INDEX`), and whatever a `CREATE TABLE` holds that the model cannot say
/// (`ON CONFLICT`, a `DESC` or `COLLATE` in a key). A table with a generated column or
/// such a clause also carries its whole `CREATE TABLE` text as kind
/// ``Schema/UnmodelledObject/Kind/tableDefinition``, which the renderer writes instead of the
/// modelled one, so that a dump re-creates it exactly (columns in place).
///
/// SQLite has no privileges: a file it cannot read fails when it is opened, with a
/// `DatabaseError`.
public struct SQLiteInspector: SchemaInspector {
    /// The dialect it reads for.
    public let dialect: SQLiteDialect

    /// Creates an inspector.
    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    /// The catalog queries, in the order they run. The table list is materialised before
    /// the join: joined directly, SQLite would list the tables again for every row.
    static let queries = [
        """
        WITH l AS MATERIALIZED (SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main')
        SELECT m.type, m.name, m.tbl_name, m.sql, l.type AS list_type, l.wr, l.strict
        FROM main.sqlite_schema AS m LEFT JOIN l ON l.name = m.name
        WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
        """,
        """
        SELECT l.name AS table_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
        FROM pragma_table_list AS l JOIN pragma_table_xinfo(l.name, 'main') AS c
        WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
        """,
        """
        SELECT l.name AS table_name, i.name AS index_name, i."unique", i.origin, x.seqno, x.cid, x.name
        FROM pragma_table_list AS l
        JOIN pragma_index_list(l.name, 'main') AS i
        JOIN pragma_index_xinfo(i.name, 'main') AS x
        WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND x."key" = 1
        """,
        """
        SELECT l.name AS table_name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete
        FROM pragma_table_list AS l JOIN pragma_foreign_key_list(l.name, 'main') AS f
        WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
        """,
    ]

    /// Reads the schema of `main`.
    ///
    /// - Throws: `DatabaseError` for what SQLite reports.
    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        try await connection.withReadOnlySnapshot { connection in
            let reader = CatalogReader(connection)
            let objects = try await reader.rows(Self.queries[0])
            let columns = try await reader.rows(Self.queries[1])
            let indexes = try await reader.rows(Self.queries[2])
            let foreignKeys = try await reader.rows(Self.queries[3])
            var builder = SQLiteSchemaBuilder(dialect: dialect, excluded: scope.excludedTables)
            try builder.read(objects: objects, columns: columns, indexes: indexes, foreignKeys: foreignKeys)
            let schema = builder.schema()
            return Inspection(schema: schema, queryCount: reader.queryCount, warnings: InspectionWarning.warnings(for: schema))
        }
    }
}

extension UnmodelledObject.Kind {
    /// A SQLite virtual table (`CREATE VIRTUAL TABLE … USING fts5(…)`).
    public static let virtualTable = UnmodelledObject.Kind(rawValue: "virtualTable")
    /// A table's `CREATE TABLE` exactly as SQLite keeps it, carried when the table holds
    /// something the model cannot say (a generated column, `ON CONFLICT`, a `DESC` key…):
    /// the renderer writes it instead of the table's modelled definition.
    public static let tableDefinition = UnmodelledObject.Kind(rawValue: "tableDefinition")
}

