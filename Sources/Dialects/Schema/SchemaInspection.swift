import Drivers
import Schema

/// What an inspector reads: one namespace, minus Strata's own tables.
public struct InspectionScope: Sendable, Hashable {
    /// The PostgreSQL schema or MySQL database to read; nil for the connection's current one
    /// (`current_schema()`, `DATABASE()`). SQLite always reads `main`.
    public var namespace: String?
    /// Tables left out by exact name: Strata's history, log and meta tables by default.
    public var excludedTables: Set<String>

    /// Creates a scope.
    ///
    /// - Parameters:
    ///   - namespace: The schema or database to read, or nil for the current one.
    ///   - excludedTables: Tables to leave out.
    public init(namespace: String? = nil, excludedTables: Set<String> = InspectionScope.strataTables()) {
        self.namespace = namespace
        self.excludedTables = excludedTables
    }

    /// The names of Strata's own tables for a history table named `historyName`.
    public static func strataTables(historyName: String = HistorySQL.tableName) -> Set<String> {
        Set(HistorySQL.tableNames.map { historyName + $0.dropFirst(HistorySQL.tableName.count) })
    }
}

/// A schema read from a live database, with what reading it cost and what it could not model.
public struct Inspection: Sendable {
    /// The normalised model. Objects Strata does not model are in ``/Schema/Schema/unmodelled``,
    /// and the tables that hold them are marked ``/Schema/Table/unsupported``.
    public var schema: Schema
    /// How many catalog queries the inspection ran. Fixed per engine, whatever the size of
    /// the schema, except one per unmodelled object whose DDL only a per-object statement
    /// gives (MySQL `SHOW CREATE`), which the inspector documents.
    public var queryCount: Int
    /// One warning per object carried without being modelled, by name.
    public var warnings: [InspectionWarning]

    /// Creates an inspection result.
    public init(schema: Schema, queryCount: Int, warnings: [InspectionWarning] = []) {
        self.schema = schema
        self.queryCount = queryCount
        self.warnings = warnings
    }
}

/// An object read but not modelled: it is carried raw and left alone, never dropped.
public struct InspectionWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of object it is.
    public var kind: UnmodelledObject.Kind
    /// Its name (`trg_touch`, `orders.total`).
    public var name: String
    /// The table it belongs to, if any.
    public var table: String?
    /// What Strata does about it, in one line.
    public var message: String

    /// Creates a warning.
    public init(kind: UnmodelledObject.Kind, name: String, table: String? = nil, message: String) {
        self.kind = kind
        self.name = name
        self.table = table
        self.message = message
    }

    /// The warnings for every unmodelled object of `schema`, in the schema's order.
    public static func warnings(for schema: Schema) -> [InspectionWarning] {
        schema.unmodelled.map { object in
            let place = object.table.map { " on table \($0)" } ?? ""
            let consequence = object.table == nil
                ? "its DDL is carried as is and it is left untouched"
                : "its DDL is carried as is, and the table is left untouched by later changes"
            return InspectionWarning(
                kind: object.kind, name: object.name, table: object.table,
                message: "\(object.kind.rawValue) \(object.name)\(place) is not modelled: \(consequence)"
            )
        }
    }

    /// The warning's ``message``.
    public var description: String { message }
}

/// Why an inspection failed.
public struct InspectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The catalog or object that could not be read.
    public var object: String
    /// The privilege that would allow it (`SELECT on information_schema`, `TRIGGER`, …).
    public var privilege: String
    /// The engine's own message.
    public var serverMessage: String

    /// Creates the error.
    public init(object: String, privilege: String, serverMessage: String) {
        self.object = object
        self.privilege = privilege
        self.serverMessage = serverMessage
    }

    /// What could not be read, the privilege to grant, and the server's message.
    public var description: String {
        "cannot read the schema: \(object) needs \(privilege) for this user; grant it, or use a URL whose user has it (\(serverMessage))"
    }
}

/// Reads a live database into the normalised ``Schema`` model.
///
/// An inspector runs a fixed number of catalog queries per engine, whatever the number of
/// tables, all inside one read-only snapshot (``/Drivers/Connection/withReadOnlySnapshot(_:)``),
/// and never writes.
public protocol SchemaInspector: Sendable {
    /// Reads the schema of `scope` on `connection`.
    ///
    /// - Throws: ``InspectionError`` when the user lacks a privilege the catalogs need;
    ///   `DatabaseError` for anything else the server reports.
    func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection
}

/// Brings a model to the engine's canonical form: the form its inspector reads back.
///
/// For every schema `s` the engine accepts, `normalize(normalize(s)) == normalize(s)`, an
/// inspection is already normalised, and rendering `normalize(s)`, applying it to an empty
/// database and inspecting that gives `normalize(s)` again.
public protocol SchemaNormalizer: Sendable {
    /// The engine's canonical form of `schema`.
    func normalize(_ schema: Schema) -> Schema
}

/// A counter for the queries an inspector runs; every catalog query goes through it.
public struct CatalogReader: Sendable {
    /// The connection, inside the inspection's snapshot.
    public let connection: any Connection
    private let counter = QueryCounter()

    /// Wraps `connection`.
    public init(_ connection: any Connection) {
        self.connection = connection
    }

    /// Runs one catalog query.
    public func rows(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        counter.increment()
        return try await connection.query(sql, binds)
    }

    /// How many queries ran.
    public var queryCount: Int { counter.value }
}

private final class QueryCounter: @unchecked Sendable {
    // Used from one task at a time (an inspection is sequential).
    private var count = 0
    func increment() { count += 1 }
    var value: Int { count }
}
