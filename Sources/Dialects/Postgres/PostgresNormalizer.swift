import Schema

extension PostgresDialect {
    public var normalizer: any SchemaNormalizer { PostgresNormalizer(dialect: self) }
}

/// Brings a model to the form Postgres reads back. (Being written.)
public struct PostgresNormalizer: SchemaNormalizer {
    public let dialect: PostgresDialect

    public init(dialect: PostgresDialect) {
        self.dialect = dialect
    }

    public func normalize(_ schema: Schema) -> Schema { schema }
}
