import Schema

/// A collation, by the engine's own name: MySQL `utf8mb4_bin`, SQLite `NOCASE`,
/// PostgreSQL `C`.
///
/// The well-known collations are constants; any other is `Collation("de-x-icu")` or a
/// string literal. A collation lands in ``/Schema/Column/collation`` (column level),
/// ``/Schema/TableOptions/collation`` (a MySQL table's default) or
/// ``/Schema/Schema/defaultCollation``.
///
/// ```swift
/// DeclaredTable("handles") {
///     DeclaredColumn("handle", .string(64)).notNull().collation(.utf8mb4Bin)
/// }
/// .collation(.utf8mb4UnicodeCI)
/// ```
public struct Collation: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The collation's name, as the engine spells it.
    public let rawValue: String

    /// Creates a collation from the engine's name for it.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a collation from the engine's name for it.
    public init(_ name: String) {
        self.init(rawValue: name)
    }

    /// Creates a collation from a string literal: `"utf8mb4_de_pb_0900_ai_ci"`.
    public init(stringLiteral name: String) {
        self.init(rawValue: name)
    }

    /// MySQL `utf8mb4_bin`: compares code points; case- and accent-sensitive.
    public static let utf8mb4Bin = Collation("utf8mb4_bin")
    /// MySQL `utf8mb4_unicode_ci`: Unicode 4.0 rules, case-insensitive.
    public static let utf8mb4UnicodeCI = Collation("utf8mb4_unicode_ci")
    /// MySQL `utf8mb4_unicode_520_ci`: Unicode 5.2 rules, case-insensitive.
    public static let utf8mb4Unicode520CI = Collation("utf8mb4_unicode_520_ci")
    /// MySQL `utf8mb4_general_ci`: the older, faster case-insensitive rules.
    public static let utf8mb4GeneralCI = Collation("utf8mb4_general_ci")
    /// MySQL 8 `utf8mb4_0900_ai_ci`, the server's default: accent- and case-insensitive.
    public static let utf8mb4AccentInsensitiveCI = Collation("utf8mb4_0900_ai_ci")
    /// MySQL 8 `utf8mb4_0900_as_cs`: accent- and case-sensitive.
    public static let utf8mb4AccentSensitiveCS = Collation("utf8mb4_0900_as_cs")
    /// PostgreSQL `C`: byte order, the fastest and the same everywhere.
    public static let c = Collation("C")
    /// PostgreSQL `POSIX`, a synonym of `C`.
    public static let posix = Collation("POSIX")
    /// SQLite `BINARY`, its default: `memcmp` order.
    public static let binary = Collation("BINARY")
    /// SQLite `NOCASE`: ASCII letters compare without case.
    public static let noCase = Collation("NOCASE")
    /// SQLite `RTRIM`: trailing spaces are ignored.
    public static let rtrim = Collation("RTRIM")
}

/// A MySQL character set, by name: `utf8mb4`, `latin1`.
///
/// The usual ones are constants; any other is `Charset("cp1251")` or a string literal. A
/// character set lands in ``/Schema/Column/characterSet``, ``/Schema/TableOptions/characterSet`` or
/// ``/Schema/Schema/defaultCharacterSet``.
///
/// ```swift
/// DeclaredTable("legacy_imports") {
///     DeclaredColumn("payload", .text).characterSet(.latin1)
/// }
/// .characterSet(.utf8mb4)
/// ```
public struct Charset: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The character set's name, in lowercase as MySQL reports it.
    public let rawValue: String

    /// Creates a character set from its name; stored in lowercase.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// Creates a character set from its name; stored in lowercase.
    public init(_ name: String) {
        self.init(rawValue: name)
    }

    /// Creates a character set from a string literal: `"cp1251"`.
    public init(stringLiteral name: String) {
        self.init(rawValue: name)
    }

    /// `utf8mb4`: all of Unicode, four bytes at most. The one to use.
    public static let utf8mb4 = Charset("utf8mb4")
    /// `utf8mb3` (formerly `utf8`): the Basic Multilingual Plane only; deprecated.
    public static let utf8mb3 = Charset("utf8mb3")
    /// `latin1`: Western European, one byte per character.
    public static let latin1 = Charset("latin1")
    /// `ascii`: US ASCII.
    public static let ascii = Charset("ascii")
    /// `binary`: bytes, no characters.
    public static let binary = Charset("binary")
}

/// A MySQL or MariaDB storage engine (`ENGINE=InnoDB`), for ``/Schema/TableOptions/storageEngine``.
///
/// ```swift
/// DeclaredTable("sessions") {
///     DeclaredColumn("id", .string(64)).primaryKey()
/// }
/// .engine(.memory)
/// ```
public struct StorageEngine: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The engine's name, as MySQL spells it (`InnoDB`, `MyISAM`).
    public let rawValue: String

    /// Creates an engine from its name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates an engine from its name.
    public init(_ name: String) {
        self.init(rawValue: name)
    }

    /// Creates an engine from a string literal: `"ROCKSDB"`.
    public init(stringLiteral name: String) {
        self.init(rawValue: name)
    }

    /// `InnoDB`: transactional, with foreign keys; the default.
    public static let innoDB = StorageEngine("InnoDB")
    /// `MyISAM`: not transactional, no foreign keys.
    public static let myISAM = StorageEngine("MyISAM")
    /// `MEMORY`: kept in memory, emptied at restart.
    public static let memory = StorageEngine("MEMORY")
    /// `Aria` (MariaDB): crash-safe MyISAM.
    public static let aria = StorageEngine("Aria")
    /// `ARCHIVE`: compressed, insert-only.
    public static let archive = StorageEngine("ARCHIVE")
}

/// A MySQL row format (`ROW_FORMAT=DYNAMIC`), for ``/Schema/TableOptions/rowFormat``.
///
/// ```swift
/// DeclaredTable("documents") {
///     DeclaredColumn("body", .text)
/// }
/// .rowFormat(.compressed)
/// ```
public struct RowFormat: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The format's name, in uppercase as MySQL reports it.
    public let rawValue: String

    /// Creates a row format from its name; stored in uppercase.
    public init(rawValue: String) {
        self.rawValue = rawValue.uppercased()
    }

    /// Creates a row format from its name; stored in uppercase.
    public init(_ name: String) {
        self.init(rawValue: name)
    }

    /// Creates a row format from a string literal: `"COMPACT"`.
    public init(stringLiteral name: String) {
        self.init(rawValue: name)
    }

    /// `DYNAMIC`, InnoDB's default.
    public static let dynamic = RowFormat("DYNAMIC")
    /// `COMPRESSED`: pages compressed with zlib.
    public static let compressed = RowFormat("COMPRESSED")
    /// `COMPACT`: the format before `DYNAMIC`.
    public static let compact = RowFormat("COMPACT")
    /// `REDUNDANT`: the oldest format.
    public static let redundant = RowFormat("REDUNDANT")
}
