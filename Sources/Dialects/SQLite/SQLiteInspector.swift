import Drivers
import Schema

extension SQLiteDialect {
    public var inspector: any SchemaInspector { SQLiteInspector(dialect: self) }
}

/// Reads a SQLite schema from its catalogs. (Being written.)
public struct SQLiteInspector: SchemaInspector {
    public let dialect: SQLiteDialect

    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        throw InspectionError(object: "the catalogs", privilege: "a Strata with the SQLite inspector", serverMessage: "not built yet")
    }
}
