import Schema

/// Short spellings of the common column types, for declarations.
///
/// ```swift
/// DeclaredColumn("email", .string(200))        // .string(length: 200)
/// DeclaredColumn("price", .decimal(10, 2))     // .decimal(precision: 10, scale: 2)
/// DeclaredColumn("created_at", .timestamp)     // .timestampWithZone(precision: nil)
/// ```
extension ColumnType {
    /// Text of at most `length` characters: ``/Schema/ColumnType/string(length:)``.
    public static func string(_ length: Int) -> ColumnType {
        .string(length: length)
    }

    /// `VARCHAR(length)`: ``/Schema/ColumnType/string(length:)``.
    public static func varchar(_ length: Int) -> ColumnType {
        .string(length: length)
    }

    /// A 32-bit integer: ``/Schema/ColumnType/int``.
    public static var integer: ColumnType {
        .int
    }

    /// A truth value: ``/Schema/ColumnType/bool``.
    public static var boolean: ColumnType {
        .bool
    }

    /// An exact decimal number of `precision` digits, `scale` after the point:
    /// ``/Schema/ColumnType/decimal(precision:scale:)``.
    public static func decimal(_ precision: Int, _ scale: Int = 0) -> ColumnType {
        .decimal(precision: precision, scale: scale)
    }

    /// An instant, with the engine's default precision:
    /// ``/Schema/ColumnType/timestampWithZone(precision:)`` (PostgreSQL `timestamptz`, MySQL
    /// `TIMESTAMP`). For a date and time without a time zone (PostgreSQL `timestamp`, MySQL
    /// `DATETIME`), use ``datetime``.
    public static var timestamp: ColumnType {
        .timestampWithZone(precision: nil)
    }

    /// An instant with `precision` fractional-second digits:
    /// ``/Schema/ColumnType/timestampWithZone(precision:)``.
    public static func timestamp(_ precision: Int) -> ColumnType {
        .timestampWithZone(precision: precision)
    }

    /// An instant (PostgreSQL `timestamptz`): the same as ``timestamp``.
    public static var timestamptz: ColumnType {
        .timestampWithZone(precision: nil)
    }

    /// A date and time without a time zone, default precision:
    /// ``/Schema/ColumnType/datetime(precision:)``.
    public static var datetime: ColumnType {
        .datetime(precision: nil)
    }

    /// A time of day, default precision: ``/Schema/ColumnType/time(precision:)``.
    public static var time: ColumnType {
        .time(precision: nil)
    }

    /// Bytes without a declared length (PostgreSQL `bytea`, SQLite `BLOB`):
    /// ``/Schema/ColumnType/binary(length:)``.
    public static var binary: ColumnType {
        .binary(length: nil)
    }

    /// At most `length` bytes (MySQL `VARBINARY(n)`): ``/Schema/ColumnType/binary(length:)``.
    public static func varbinary(_ length: Int) -> ColumnType {
        .binary(length: length)
    }

    /// An inline enumeration of `values`, in order: ``/Schema/ColumnType/enum(values:)``.
    public static func `enum`(_ values: String...) -> ColumnType {
        .enum(values: values)
    }

    /// The schema's enumeration type named `name` (PostgreSQL):
    /// ``/Schema/ColumnType/enumType(name:)``.
    public static func enumType(_ name: String) -> ColumnType {
        .enumType(name: name)
    }
}
