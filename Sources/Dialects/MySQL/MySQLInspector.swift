import Drivers
import Schema

extension MySQLDialect {
    public var inspector: any SchemaInspector { MySQLInspector(dialect: self) }
}

/// Reads a MySQL schema from its catalogs. (Being written.)
public struct MySQLInspector: SchemaInspector {
    public let dialect: MySQLDialect

    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        throw InspectionError(object: "the catalogs", privilege: "a Strata with the MySQL inspector", serverMessage: "not built yet")
    }
}
