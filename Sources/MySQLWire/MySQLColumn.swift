import NIOCore

/// One column of a result set (Protocol::ColumnDefinition41).
public struct MySQLColumn: Sendable, Hashable {
    /// The database of the underlying table ("" for computed columns).
    public var schema: String
    /// The table alias as written in the query.
    public var table: String
    /// The underlying table.
    public var originalTable: String
    /// The column name or alias in the select list.
    public var name: String
    /// The underlying column.
    public var originalName: String
    /// The collation id of the values (63 is binary).
    public var characterSet: UInt16
    /// The column's maximum display length.
    public var length: UInt32
    /// The column type (`MYSQL_TYPE_…`).
    public var type: MySQLColumnType
    /// The column flags (`NOT_NULL_FLAG` 1, `UNSIGNED_FLAG` 32, `BINARY_FLAG` 128, …).
    public var flags: UInt16
    /// The number of decimals.
    public var decimals: UInt8

    /// Creates a column definition.
    public init(
        schema: String = "", table: String = "", originalTable: String = "", name: String,
        originalName: String = "", characterSet: UInt16 = 45, length: UInt32 = 0,
        type: MySQLColumnType, flags: UInt16 = 0, decimals: UInt8 = 0
    ) {
        self.schema = schema
        self.table = table
        self.originalTable = originalTable
        self.name = name
        self.originalName = originalName
        self.characterSet = characterSet
        self.length = length
        self.type = type
        self.flags = flags
        self.decimals = decimals
    }

    /// True when values are unsigned integers.
    public var isUnsigned: Bool { flags & 32 != 0 }

    /// Decodes a column definition payload.
    ///
    /// - Throws: ``MySQLError`` (`.protocolViolation`) when the payload is truncated.
    static func decode(from buffer: inout ByteBuffer) throws -> MySQLColumn {
        func field(_ name: String) throws -> String {
            guard let s = buffer.readMySQLLengthEncodedString() else {
                throw MySQLError(.protocolViolation, "column definition is truncated at \(name)")
            }
            return s
        }
        _ = try field("catalog")
        let schema = try field("schema")
        let table = try field("table")
        let originalTable = try field("org_table")
        let name = try field("name")
        let originalName = try field("org_name")
        guard let fixedLength = buffer.readMySQLLengthEncodedInteger(), fixedLength >= 10,
              let charset = buffer.readInteger(endianness: .little, as: UInt16.self),
              let length = buffer.readInteger(endianness: .little, as: UInt32.self),
              let type = buffer.readInteger(as: UInt8.self),
              let flags = buffer.readInteger(endianness: .little, as: UInt16.self),
              let decimals = buffer.readInteger(as: UInt8.self)
        else { throw MySQLError(.protocolViolation, "column definition '\(name)' is truncated at its fixed fields") }
        return MySQLColumn(
            schema: schema, table: table, originalTable: originalTable, name: name,
            originalName: originalName, characterSet: charset, length: length,
            type: MySQLColumnType(rawValue: type), flags: flags, decimals: decimals
        )
    }

    /// Writes the column definition payload (for test fixtures and fake servers).
    public func encode(into buffer: inout ByteBuffer) {
        for s in ["def", schema, table, originalTable, name, originalName] {
            buffer.writeMySQLLengthEncodedBytes(Array(s.utf8))
        }
        buffer.writeMySQLLengthEncodedInteger(0x0C)
        buffer.writeInteger(characterSet, endianness: .little)
        buffer.writeInteger(length, endianness: .little)
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(flags, endianness: .little)
        buffer.writeInteger(decimals)
        buffer.writeInteger(UInt16(0))
    }
}

/// A column type code (`enum_field_types`).
public struct MySQLColumnType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The raw bits.
    public var rawValue: UInt8
    /// Creates a type from its code.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// DECIMAL.
    public static let decimal = Self(rawValue: 0x00)
    /// TINYINT.
    public static let tiny = Self(rawValue: 0x01)
    /// SMALLINT.
    public static let short = Self(rawValue: 0x02)
    /// INT.
    public static let long = Self(rawValue: 0x03)
    /// FLOAT.
    public static let float = Self(rawValue: 0x04)
    /// DOUBLE.
    public static let double = Self(rawValue: 0x05)
    /// NULL.
    public static let null = Self(rawValue: 0x06)
    /// TIMESTAMP.
    public static let timestamp = Self(rawValue: 0x07)
    /// BIGINT.
    public static let longlong = Self(rawValue: 0x08)
    /// MEDIUMINT.
    public static let int24 = Self(rawValue: 0x09)
    /// DATE.
    public static let date = Self(rawValue: 0x0A)
    /// TIME.
    public static let time = Self(rawValue: 0x0B)
    /// DATETIME.
    public static let datetime = Self(rawValue: 0x0C)
    /// YEAR.
    public static let year = Self(rawValue: 0x0D)
    /// VARCHAR.
    public static let varchar = Self(rawValue: 0x0F)
    /// BIT.
    public static let bit = Self(rawValue: 0x10)
    /// JSON.
    public static let json = Self(rawValue: 0xF5)
    /// DECIMAL (new).
    public static let newDecimal = Self(rawValue: 0xF6)
    /// BLOB and TEXT.
    public static let blob = Self(rawValue: 0xFC)
    /// VARCHAR and VARBINARY.
    public static let varString = Self(rawValue: 0xFD)
    /// CHAR, BINARY, ENUM and SET.
    public static let string = Self(rawValue: 0xFE)

    /// True for the integer types (TINYINT … BIGINT, YEAR).
    public var isInteger: Bool {
        [Self.tiny, .short, .long, .longlong, .int24, .year].contains(self)
    }

    /// A readable form, for messages.
    public var description: String { "type 0x" + String(rawValue, radix: 16) }
}
