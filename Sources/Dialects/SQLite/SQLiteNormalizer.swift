import Schema

extension SQLiteDialect {
    public var normalizer: any SchemaNormalizer { SQLiteNormalizer(dialect: self) }
}

/// Brings a model to the form SQLite reads back. (Being written.)
public struct SQLiteNormalizer: SchemaNormalizer {
    public let dialect: SQLiteDialect

    public init(dialect: SQLiteDialect) {
        self.dialect = dialect
    }

    public func normalize(_ schema: Schema) -> Schema { schema }
}
