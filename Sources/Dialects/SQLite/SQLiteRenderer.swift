import Schema

extension SQLiteDialect {
    public var renderer: any SchemaRenderer { SQLiteRenderer(dialect: self) }
}

/// Writes the model as SQLite DDL. (Being written.)
public struct SQLiteRenderer: SchemaRenderer {
    public let dialect: SQLiteDialect

    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    public func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String] { [] }
    public func createIndex(_ index: Index, on table: Table) -> [String] { [] }
    public func addForeignKey(_ foreignKey: ForeignKey, to table: Table) -> [String] { [] }
    public func createView(_ view: View) -> [String] { [] }
    public func dropForeignKey(_ foreignKey: ForeignKey, from table: Table) -> [String] { [] }
    public func dropTable(_ table: Table) -> [String] { [] }
    public func dropView(_ view: View) -> [String] { [] }
}
