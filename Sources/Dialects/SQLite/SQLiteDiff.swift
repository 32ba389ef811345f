import Schema
import SchemaDiff

extension SQLiteDialect {
    public var diffAdvisor: any DiffAdvisor { SQLiteDiffAdvisor() }
    public var changeRenderer: any ChangeRenderer { SQLiteChangeRenderer(dialect: self) }
    public var foreignKeySuspension: (any ForeignKeySuspension)? { nil }
}

/// The differ's answers for SQLite.
struct SQLiteDiffAdvisor: DiffAdvisor {}

/// SQLite's DDL for the differ's changes.
struct SQLiteChangeRenderer: ChangeRenderer {
    let dialect: SQLiteDialect

    func statements(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [String] {
        []
    }
}
