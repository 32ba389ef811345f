import Schema

extension MySQLDialect {
    public var normalizer: any SchemaNormalizer { MySQLNormalizer(dialect: self) }
}

/// Brings a model to the form MySQL reads back. (Being written.)
public struct MySQLNormalizer: SchemaNormalizer {
    public let dialect: MySQLDialect

    public init(dialect: MySQLDialect) {
        self.dialect = dialect
    }

    public func normalize(_ schema: Schema) -> Schema { schema }
}
