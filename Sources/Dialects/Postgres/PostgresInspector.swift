import Drivers
import Schema

extension PostgresDialect {
    public var inspector: any SchemaInspector { PostgresInspector(dialect: self) }
}

/// Reads a Postgres schema from its catalogs. (Being written.)
public struct PostgresInspector: SchemaInspector {
    public let dialect: PostgresDialect

    public init(dialect: PostgresDialect) {
        self.dialect = dialect
    }

    public func inspect(_ connection: any Connection, scope: InspectionScope) async throws -> Inspection {
        throw InspectionError(object: "the catalogs", privilege: "a Strata with the Postgres inspector", serverMessage: "not built yet")
    }
}
