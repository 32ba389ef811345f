import Schema
import SchemaDiff

extension MySQLDialect {
    public var diffAdvisor: any DiffAdvisor { MySQLDiffAdvisor() }
    public var changeRenderer: any ChangeRenderer { MySQLChangeRenderer(dialect: self) }
    public var foreignKeySuspension: (any ForeignKeySuspension)? { nil }
}

/// The differ's answers for MySQL.
struct MySQLDiffAdvisor: DiffAdvisor {}

/// MySQL's DDL for the differ's changes.
struct MySQLChangeRenderer: ChangeRenderer {
    let dialect: MySQLDialect

    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        []
    }
}
