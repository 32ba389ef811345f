import Drivers
import Schema

extension PostgresDialect {
    /// A ``PostgresInspector`` reading `pg_catalog`.
    public var inspector: any SchemaInspector { PostgresInspector(dialect: self) }
}

/// Reads a PostgreSQL schema from `pg_catalog`.
///
/// The inspection runs ``queryCount`` queries inside one read-only `REPEATABLE READ`
/// snapshot, whatever the number of tables: the search path and server version; the
/// namespace and the user's `USAGE` on it; a transaction-local `search_path` that puts the
/// namespace first, so that `pg_get_viewdef`, `pg_get_triggerdef`, `format_type` and the
/// others write this schema's names unqualified; then one set-based query each for the
/// relations, the columns, the constraints, the indexes, the sequences, the types, and the
/// other objects (triggers, rules, policies, functions, procedures, aggregates,
/// extensions). Rows are grouped by table in Swift.
///
/// What Strata does not model is carried as ``/Schema/UnmodelledObject``s with DDL that re-creates
/// it, listed in the warnings, and the table it belongs to is marked unsupported:
///
/// | object | kind | definition |
/// |---|---|---|
/// | trigger (not internal, not a partition's clone) | `trigger` | `pg_get_triggerdef`, then `ALTER TABLE … DISABLE TRIGGER` when disabled |
/// | rule (other than a view's `_RETURN`) | `rule` | `pg_get_ruledef` |
/// | row-level security policy | `policy` | `CREATE POLICY …` from `pg_policy` |
/// | row-level security enabled on a table | `policy`, named `row level security` | `ALTER TABLE … ENABLE [FORCE] ROW LEVEL SECURITY` |
/// | function, procedure (not an extension's) | `function`, `procedure` | `pg_get_functiondef`, unqualified |
/// | aggregate | `function` | `CREATE AGGREGATE … (SFUNC, STYPE, FINALFUNC, INITCOND)` |
/// | extension installed in the schema | `extension` | `CREATE EXTENSION IF NOT EXISTS …` |
/// | domain, composite and range type | `customType` | `CREATE DOMAIN`/`CREATE TYPE` assembled from the catalogs |
/// | materialized view | `materializedView` | `CREATE MATERIALIZED VIEW … AS pg_get_viewdef`, its indexes and comment |
/// | partitioned table with its partitions | `partition`, named after the root | the root's `CREATE TABLE … PARTITION BY`, its indexes, each partition's `CREATE TABLE … PARTITION OF … FOR VALUES`; the tables are not in ``/Schema/Schema/tables`` |
/// | table inheritance | `inheritance` | `ALTER TABLE child INHERIT parent` |
/// | generated column | `generatedColumn`, named `table.column` | `ALTER TABLE … ADD COLUMN … GENERATED ALWAYS AS (…) STORED`, then the indexes and constraints that use it; the column is not in ``/Schema/Table/columns`` |
/// | exclusion constraint | `exclusionConstraint` | `ALTER TABLE … ADD CONSTRAINT … EXCLUDE …` |
/// | a constraint the model cannot say: `NOT VALID`, `NO INHERIT`, `ON DELETE SET NULL (columns)`, `MATCH PARTIAL`, a key whose index has `INCLUDE`, `WITH` or a tablespace | `constraint` | `ALTER TABLE … ADD CONSTRAINT … pg_get_constraintdef` |
/// | a column's `SET STATISTICS`, `SET STORAGE`, `SET COMPRESSION` | `other`, named `table.column` | `ALTER TABLE … ALTER COLUMN …` |
/// | a view's options other than `check_option` | `other` | `ALTER VIEW … SET (…)` |
///
/// Event triggers belong to the database, not to a schema, and are not read.
public struct PostgresInspector: SchemaInspector {
    /// The dialect the inspector writes carried DDL with.
    public let dialect: PostgresDialect

    /// Creates an inspector.
    public init(dialect: PostgresDialect) {
        self.dialect = dialect
    }

    /// The number of catalog queries every inspection runs.
    public static let queryCount = 10

    /// Reads the schema of `scope` (its namespace, else `current_schema()`)
    /// in ``queryCount`` queries inside one read-only snapshot.
    ///
    /// - Throws: ``InspectionError`` when a catalog cannot be read for lack of a privilege,
    ///   `DatabaseError` for other server errors.
    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        try await connection.withReadOnlySnapshot { snapshot in
            let reader = CatalogReader(snapshot)
            do {
                let catalog = try await read(reader, scope: scope)
                let schema = PostgresSchemaBuilder(catalog: catalog, scope: scope, renderer: PostgresRenderer(dialect: dialect)).build()
                return Inspection(schema: schema, queryCount: reader.queryCount, warnings: InspectionWarning.warnings(for: schema))
            } catch let error as DatabaseError where error.sqlState == "42501" {
                throw InspectionError(object: "the catalogs (pg_catalog)", privilege: "SELECT on pg_catalog", serverMessage: error.message)
            }
        }
    }

    // MARK: - Reading

    private func read(_ reader: CatalogReader, scope: InspectionScope) async throws -> PostgresCatalog {
        let setting = try await reader.rows(
            "SELECT current_setting('search_path') AS path, current_user::text AS me, current_setting('server_version_num')::int AS version"
        )
        guard let first = setting.first else { throw DatabaseError(.statement, "current_setting returned no row") }
        let path = first[0].string ?? ""
        let me = first[1].string ?? ""
        let version = Int(first[2].int ?? 150000)
        let candidates: [String]
        if let namespace = scope.namespace {
            candidates = [namespace]
        } else {
            candidates = Self.searchPath(path, user: me)
        }
        let namespaces = try await reader.rows(
            "SELECT n.oid::int8, n.nspname::text, has_schema_privilege(n.oid, 'USAGE') FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1::text[])",
            [.array(candidates.map { .text($0) })]
        )
        var found: [String: (oid: Int64, usage: Bool)] = [:]
        for row in namespaces {
            found[row[1].string ?? ""] = (row[0].int ?? 0, row[2].bool ?? false)
        }
        guard let name = candidates.first(where: { found[$0] != nil }), let namespace = found[name] else {
            let wanted = scope.namespace.map { "schema \"\($0)\"" } ?? "a schema of the search_path (\(path))"
            throw InspectionError(
                object: wanted, privilege: "USAGE on \(wanted), which must exist",
                serverMessage: "no such schema in pg_namespace"
            )
        }
        guard namespace.usage else {
            throw InspectionError(
                object: "schema \"\(name)\"", privilege: "USAGE on schema \"\(name)\"",
                serverMessage: "has_schema_privilege('\(name)', 'USAGE') is false for \(me)"
            )
        }
        _ = try await reader.rows("SELECT set_config('search_path', $1, true)", [.text(dialect.quoteIdentifier(name) + (path.isEmpty ? "" : ", " + path))])
        let oid = SQLValue.int(namespace.oid)
        let binds = [oid]
        var catalog = PostgresCatalog(namespace: name, version: version)
        catalog.relations = try await reader.rows(PostgresCatalogSQL.relations, binds).map(RelationRow.init)
        catalog.columns = try await reader.rows(PostgresCatalogSQL.columns, binds).map(ColumnRow.init)
        catalog.constraints = try await reader.rows(PostgresCatalogSQL.constraints(version: version), binds).map(ConstraintRow.init)
        catalog.indexes = try await reader.rows(PostgresCatalogSQL.indexes(version: version), binds).map(IndexRow.init)
        catalog.sequences = try await reader.rows(PostgresCatalogSQL.sequences, binds).map(SequenceRow.init)
        catalog.types = try await reader.rows(PostgresCatalogSQL.types, binds).map(TypeRow.init)
        catalog.objects = try await reader.rows(PostgresCatalogSQL.objects, binds).map(ObjectRow.init)
        return catalog
    }

    /// The schema names of a `search_path` setting, in order: quotes removed, `$user` as
    /// the user, `pg_catalog` and `pg_temp` left out.
    static func searchPath(_ setting: String, user: String) -> [String] {
        var names: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        func finish() {
            let name = wasQuoted ? current : current.strippingEnds(" ")
            if name == "$user" {
                names.append(user)
            } else if !name.isEmpty, name != "pg_catalog", !name.hasPrefix("pg_temp") {
                names.append(name)
            }
            current = ""
            wasQuoted = false
        }
        var previousQuote = false
        for character in setting {
            if quoted {
                if character == "\"" {
                    quoted = false
                    previousQuote = true
                    continue
                }
                current.append(character)
            } else if character == "\"" {
                if previousQuote { current.append("\"") }
                quoted = true
                wasQuoted = true
            } else if character == "," {
                finish()
            } else if !(wasQuoted && character == " ") {
                current.append(character)
            }
            previousQuote = false
        }
        finish()
        return names
    }
}
