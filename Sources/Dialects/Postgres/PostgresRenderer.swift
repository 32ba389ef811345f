import Schema

extension PostgresDialect {
    public var renderer: any SchemaRenderer { PostgresRenderer(dialect: self) }
}

/// Writes the model as Postgres DDL. (Being written.)
public struct PostgresRenderer: SchemaRenderer {
    public let dialect: PostgresDialect

    public init(dialect: PostgresDialect) {
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
