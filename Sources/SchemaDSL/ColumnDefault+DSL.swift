import Schema

/// Short spellings of column defaults, for declarations.
///
/// ```swift
/// DeclaredColumn("created_at", .timestamp).default(.now)
/// DeclaredColumn("id", .uuid).default(.sql("gen_random_uuid()"))
/// DeclaredColumn("price", .decimal(10, 2)).default(.decimal("9.90"))
/// ```
extension ColumnDefault {
    /// The current date and time: ``/Schema/ColumnDefault/currentTimestamp``.
    public static var now: ColumnDefault {
        .currentTimestamp
    }

    /// A default written as SQL, such as `gen_random_uuid()`:
    /// ``/Schema/ColumnDefault/expression(_:)``.
    public static func sql(_ expression: String) -> ColumnDefault {
        .expression(expression)
    }

    /// An exact number written as decimal text (`"9.90"`), in canonical form; text that is
    /// not a plain decimal number (`"1e3"`) is kept as an ``/Schema/ColumnDefault/expression(_:)``.
    public static func decimal(_ text: String) -> ColumnDefault {
        number(normalizing: text) ?? .expression(text)
    }

    /// An integer literal.
    public static func integer(_ value: Int) -> ColumnDefault {
        .number(String(value))
    }

    /// A floating-point literal. Its shortest decimal text is used; a value whose text
    /// needs an exponent (`1e-07`), or is not finite, is kept as an
    /// ``/Schema/ColumnDefault/expression(_:)``.
    public static func double(_ value: Double) -> ColumnDefault {
        decimal(String(value))
    }
}
