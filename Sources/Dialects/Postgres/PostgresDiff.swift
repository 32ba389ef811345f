import Schema
import SchemaDiff

extension PostgresDialect {
    public var diffAdvisor: any DiffAdvisor { PostgresDiffAdvisor() }
    public var changeRenderer: any ChangeRenderer { PostgresChangeRenderer(dialect: self) }
    public var foreignKeySuspension: (any ForeignKeySuspension)? { nil }
}

/// The differ's answers for Postgres.
struct PostgresDiffAdvisor: DiffAdvisor {}

/// Postgres's DDL for the differ's changes.
struct PostgresChangeRenderer: ChangeRenderer {
    let dialect: PostgresDialect

    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        []
    }
}
