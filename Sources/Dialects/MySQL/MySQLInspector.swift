import Drivers
import Schema

extension MySQLDialect {
    /// A ``MySQLInspector`` reading `information_schema`.
    public var inspector: any SchemaInspector { MySQLInspector(dialect: self) }
}

/// Reads a MySQL 8 or MariaDB database from `information_schema` into the normalised model.
///
/// ## Queries
///
/// Every catalog query is set-based over the whole database, filtered by
/// `TABLE_SCHEMA = ?` (never by a function per row), and runs in one read-only snapshot:
/// the database and its defaults (`SCHEMATA`), the default collation of each character set
/// (`COLLATIONS`), `TABLES`, `COLUMNS`, `STATISTICS`, `KEY_COLUMN_USAGE`,
/// `REFERENTIAL_CONSTRAINTS`, `CHECK_CONSTRAINTS` (with `TABLE_CONSTRAINTS` on MySQL, whose
/// checks name no table), `VIEWS`, `TRIGGERS`, `ROUTINES` and `EVENTS`: 12 queries on
/// MariaDB, 13 on MySQL. To these, ``Inspection/queryCount`` adds one `SHOW CREATE` per
/// stored procedure, function and event (their DDL, less `DEFINER`), and one `SHOW CREATE
/// TABLE` per partitioned table (for its `PARTITION BY` clause): never one per ordinary table.
///
/// ## What the model holds
///
/// - Character sets and collations are relative to their surroundings, so that a model
///   written without them round-trips on any server: a table's are nil when its collation
///   is the database's default (`SCHEMATA`); its character set is written when the
///   collation differs, its collation only when it is not its character set's default. A
///   column's are nil when equal to its table's, in the same way. ``/Schema/Schema/name``,
///   ``/Schema/Schema/defaultCharacterSet`` and ``/Schema/Schema/defaultCollation`` stay nil: they
///   describe the database a dump is applied to, not its contents.
/// - `ENGINE` is nil when it is the server's `default_storage_engine`; `ROW_FORMAT` only
///   when explicitly given; `AUTO_INCREMENT=` counters never.
/// - A `UNIQUE` constraint is a unique ``/Schema/Index``; the index MySQL creates for a foreign key
///   is kept as an index like any other.
/// - MariaDB's `JSON` (a `LONGTEXT` with a `CHECK (json_valid(col))` named after the
///   column) is ``/Schema/ColumnType/json``, without that check.
/// - Not modelled, carried as ``/Schema/UnmodelledObject``s with DDL that re-creates them, their
///   tables marked unsupported: generated columns (an `ALTER TABLE … ADD COLUMN … AFTER …`,
///   which the renderer writes inside the table's `CREATE TABLE`), partitioning (`ALTER
///   TABLE … PARTITION BY …`), triggers, table options other than the modelled ones
///   (`ALTER TABLE … stats_persistent=0`), and, on no table, procedures, functions and events.
public struct MySQLInspector: SchemaInspector {
    /// The dialect, with the server's flavour and version when known.
    public let dialect: MySQLDialect

    /// Creates an inspector for `dialect`.
    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    /// Reads the database of `scope` (the connection's current one when nil).
    ///
    /// - Throws: ``InspectionError`` when the database cannot be seen or a catalog or
    ///   `SHOW CREATE` is refused for lack of a privilege; `DatabaseError` otherwise.
    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        let server: ServerInfo
        if let known = dialect.server { server = known } else { server = try await connection.server }
        let flavour = MySQLCatalogFlavour(server: server)
        return try await connection.withReadOnlySnapshot { snapshot in
            let reader = CatalogReader(snapshot)
            let catalog = try await MySQLCatalog.read(reader, scope: scope, flavour: flavour, dialect: dialect)
            var builder = MySQLSchemaBuilder(catalog: catalog, scope: scope, flavour: flavour, dialect: dialect)
            let schema = builder.build()
            return Inspection(schema: schema, queryCount: reader.queryCount, warnings: InspectionWarning.warnings(for: schema))
        }
    }
}

/// What differs between the servers' catalogs.
struct MySQLCatalogFlavour: Sendable {
    /// MariaDB rather than MySQL.
    var isMariaDB: Bool
    /// MySQL 8's `STATISTICS.EXPRESSION` and `IS_VISIBLE`, and `TABLE_CONSTRAINTS.ENFORCED`.
    var hasFunctionalIndexes: Bool
    /// MariaDB 10.6's `STATISTICS.IGNORED`.
    var hasIgnoredIndexes: Bool

    init(server: ServerInfo) {
        isMariaDB = server.flavour == .mariadb
        hasFunctionalIndexes = !isMariaDB && server.version >= ServerVersion(8, 0, 13)
        hasIgnoredIndexes = isMariaDB && server.version >= ServerVersion(10, 6)
    }
}

/// The rows of one inspection, as read.
struct MySQLCatalog: Sendable {
    var database: String
    var databaseCollation: String
    var defaultEngine: String
    var defaultCollations: [String: String]
    var tables: [SQLRow]
    var columns: [SQLRow]
    var statistics: [SQLRow]
    var foreignKeyColumns: [SQLRow]
    var referentialConstraints: [SQLRow]
    var checks: [SQLRow]
    var checkTables: [SQLRow]
    var views: [SQLRow]
    var triggers: [SQLRow]
    /// Routines and events: kind, name, DDL without `DEFINER`.
    var routines: [(kind: UnmodelledObject.Kind, name: String, definition: String)]
    /// Partitioned tables: name → the `PARTITION BY …` clause.
    var partitions: [String: String]

    static func read(
        _ reader: CatalogReader, scope: InspectionScope, flavour: MySQLCatalogFlavour, dialect: MySQLDialect
    ) async throws -> MySQLCatalog {
        let namespace: SQLValue = scope.namespace.map { .text($0) } ?? .null
        let head = try await query(
            reader,
            """
            SELECT DATABASE() AS current_db, @@default_storage_engine AS default_engine, s.SCHEMA_NAME AS schema_name,
              s.DEFAULT_COLLATION_NAME AS collation_name
            FROM (SELECT 1 AS one) AS x
            LEFT JOIN information_schema.SCHEMATA AS s ON s.SCHEMA_NAME = COALESCE(?, DATABASE())
            """, [namespace], object: "information_schema.SCHEMATA")
        guard let first = head.first, let database = first["schema_name"].string else {
            let current = head.first?["current_db"].string
            guard let wanted = scope.namespace ?? current else {
                throw InspectionError(
                    object: "the current database", privilege: "a database named in the URL",
                    serverMessage: "DATABASE() is NULL: the connection has no default database")
            }
            throw InspectionError(
                object: "database `\(wanted)`", privilege: "a privilege on `\(wanted)`.* (SELECT, SHOW VIEW)",
                serverMessage: "information_schema.SCHEMATA shows no database `\(wanted)` to this user")
        }
        let bind: [SQLValue] = [.text(database)]
        let collations = try await query(
            reader, "SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation_name FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes'",
            [], object: "information_schema.COLLATIONS")
        var defaultCollations: [String: String] = [:]
        for row in collations {
            if let charset = row[0].string, let collation = row[1].string { defaultCollations[charset] = collation }
        }
        let tables = try await query(
            reader,
            """
            SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
            """, bind, object: "information_schema.TABLES")
        let columns = try await query(
            reader,
            """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,
              CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION
            """, bind, object: "information_schema.COLUMNS")
        let visibility = flavour.hasFunctionalIndexes ? "IS_VISIBLE = 'NO'" : flavour.hasIgnoredIndexes ? "IGNORED = 'YES'" : "0"
        let expression = flavour.hasFunctionalIndexes ? "EXPRESSION" : "NULL"
        let statistics = try await query(
            reader,
            """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, INDEX_COMMENT,
              \(visibility) AS invisible, \(expression) AS expression
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """, bind, object: "information_schema.STATISTICS")
        let foreignKeyColumns = try await query(
            reader,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
            ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
            """, bind, object: "information_schema.KEY_COLUMN_USAGE")
        let referential = try await query(
            reader,
            """
            SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
            FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?
            """, bind, object: "information_schema.REFERENTIAL_CONSTRAINTS")
        let checks: [SQLRow]
        var checkTables: [SQLRow] = []
        if flavour.isMariaDB {
            checks = try await query(
                reader,
                "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
                bind, object: "information_schema.CHECK_CONSTRAINTS")
        } else {
            checks = try await query(
                reader,
                "SELECT NULL AS TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
                bind, object: "information_schema.CHECK_CONSTRAINTS")
            checkTables = try await query(
                reader,
                """
                SELECT TABLE_NAME, CONSTRAINT_NAME, ENFORCED FROM information_schema.TABLE_CONSTRAINTS
                WHERE TABLE_SCHEMA = ? AND CONSTRAINT_TYPE = 'CHECK'
                """, bind, object: "information_schema.TABLE_CONSTRAINTS")
        }
        let views = try await query(
            reader, "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
            bind, object: "information_schema.VIEWS")
        let triggers = try await query(
            reader,
            """
            SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER
            """, bind, object: "information_schema.TRIGGERS")
        let routineRows = try await query(
            reader, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
            bind, object: "information_schema.ROUTINES")
        let eventRows = try await query(
            reader, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
            bind, object: "information_schema.EVENTS")

        let qualifier = dialect.quoteIdentifier(database) + "."
        var routines: [(kind: UnmodelledObject.Kind, name: String, definition: String)] = []
        for row in routineRows {
            guard let name = row[0].string, let type = row[1].string else { continue }
            let isFunction = type.uppercased() == "FUNCTION"
            let keyword = isFunction ? "FUNCTION" : "PROCEDURE"
            let rows = try await query(
                reader, "SHOW CREATE \(keyword) \(qualifier)\(dialect.quoteIdentifier(name))", [],
                object: "\(keyword.lowercased()) `\(name)`", privilege: "SHOW_ROUTINE (or being its definer)")
            let definition = rows.first.flatMap { $0["Create " + (isFunction ? "Function" : "Procedure")].string } ?? ""
            routines.append((isFunction ? .function : .procedure, name, MySQLDDLText.strippingDefiner(definition)))
        }
        for row in eventRows {
            guard let name = row[0].string else { continue }
            let rows = try await query(
                reader, "SHOW CREATE EVENT \(qualifier)\(dialect.quoteIdentifier(name))", [],
                object: "event `\(name)`", privilege: "EVENT")
            let definition = rows.first.flatMap { $0["Create Event"].string } ?? ""
            routines.append((.event, name, MySQLDDLText.strippingDefiner(definition)))
        }
        var partitions: [String: String] = [:]
        for row in tables {
            guard let name = row[0].string, !scope.excludedTables.contains(name),
                  let options = row[4].string, options.lowercased().contains("partitioned") else { continue }
            let rows = try await query(
                reader, "SHOW CREATE TABLE \(qualifier)\(dialect.quoteIdentifier(name))", [],
                object: "table `\(name)`", privilege: "SELECT")
            let text = rows.first.flatMap { $0["Create Table"].string } ?? ""
            if let clause = MySQLDDLText.partitionClause(text) { partitions[name] = clause }
        }
        return MySQLCatalog(
            database: database, databaseCollation: first["collation_name"].string ?? "",
            defaultEngine: first["default_engine"].string ?? "InnoDB", defaultCollations: defaultCollations,
            tables: tables, columns: columns, statistics: statistics, foreignKeyColumns: foreignKeyColumns,
            referentialConstraints: referential, checks: checks, checkTables: checkTables, views: views,
            triggers: triggers, routines: routines, partitions: partitions)
    }

    /// Runs one catalog query, turning a refusal for lack of privilege into an ``InspectionError``.
    private static func query(
        _ reader: CatalogReader, _ sql: String, _ binds: [SQLValue], object: String,
        privilege: String = "SELECT on information_schema and a privilege on the database"
    ) async throws -> [SQLRow] {
        do {
            return try await reader.rows(sql, binds)
        } catch let error as DatabaseError {
            // 1044 database access denied, 1142 table, 1143 column, 1227 needs a global
            // privilege, 1370 routine access denied.
            if let code = error.engineCode, [1044, 1142, 1143, 1227, 1370].contains(code) {
                throw InspectionError(object: object, privilege: privilege, serverMessage: error.message)
            }
            throw error
        }
    }
}

/// Rewrites of the DDL text `SHOW CREATE` gives.
enum MySQLDDLText {
    /// The statement without its `DEFINER=user@host` clause, which names whoever created
    /// the object on that server.
    static func strippingDefiner(_ text: String) -> String {
        guard let range = text.range(of: " DEFINER=", options: .caseInsensitive) else { return text }
        var index = range.upperBound
        // user@host, each part quoted with ` or ' or bare.
        for part in 0..<2 {
            if index < text.endIndex, text[index] == "`" || text[index] == "'" {
                let quote = text[index]
                index = text.index(after: index)
                while index < text.endIndex {
                    if text[index] == quote {
                        let next = text.index(after: index)
                        if next < text.endIndex, text[next] == quote { index = text.index(after: next); continue }
                        index = next
                        break
                    }
                    index = text.index(after: index)
                }
            } else {
                while index < text.endIndex, text[index] != "@", text[index] != " " { index = text.index(after: index) }
            }
            if part == 0, index < text.endIndex, text[index] == "@" { index = text.index(after: index) } else { break }
        }
        return String(text[..<range.lowerBound]) + String(text[index...])
    }

    /// The `PARTITION BY …` clause of a `SHOW CREATE TABLE`, without MySQL's version comment.
    static func partitionClause(_ text: String) -> String? {
        guard let range = text.range(of: "PARTITION BY ") else { return nil }
        var clause = String(text[range.lowerBound...]).trimmingSpaces()
        if text[..<range.lowerBound].hasSuffix("/*!50100 ") || text[..<range.lowerBound].hasSuffix("/*!50500 ") {
            if clause.hasSuffix("*/") { clause = String(clause.dropLast(2)).trimmingSpaces() }
        }
        return clause
    }
}
