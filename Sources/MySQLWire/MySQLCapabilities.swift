/// Capability flags negotiated in the handshake. The low 32 bits are MySQL's; MariaDB's
/// extended capabilities are kept in the high 32 bits.
public struct MySQLCapabilities: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public var rawValue: UInt64
    /// Creates a set from raw flags.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `CLIENT_LONG_PASSWORD`; MariaDB calls it `CLIENT_MYSQL` and clears it to announce
    /// extended capabilities.
    public static let longPassword = Self(rawValue: 1 << 0)
    /// `CLIENT_FOUND_ROWS`.
    public static let foundRows = Self(rawValue: 1 << 1)
    /// `CLIENT_LONG_FLAG`.
    public static let longFlag = Self(rawValue: 1 << 2)
    /// `CLIENT_CONNECT_WITH_DB`: the handshake response names a database.
    public static let connectWithDB = Self(rawValue: 1 << 3)
    /// `CLIENT_LOCAL_FILES` (never requested).
    public static let localFiles = Self(rawValue: 1 << 7)
    /// `CLIENT_PROTOCOL_41`.
    public static let protocol41 = Self(rawValue: 1 << 9)
    /// `CLIENT_INTERACTIVE`.
    public static let interactive = Self(rawValue: 1 << 10)
    /// `CLIENT_SSL`.
    public static let ssl = Self(rawValue: 1 << 11)
    /// `CLIENT_TRANSACTIONS`.
    public static let transactions = Self(rawValue: 1 << 13)
    /// `CLIENT_SECURE_CONNECTION` (4.1 authentication).
    public static let secureConnection = Self(rawValue: 1 << 15)
    /// `CLIENT_MULTI_STATEMENTS`.
    public static let multiStatements = Self(rawValue: 1 << 16)
    /// `CLIENT_MULTI_RESULTS`.
    public static let multiResults = Self(rawValue: 1 << 17)
    /// `CLIENT_PS_MULTI_RESULTS`.
    public static let psMultiResults = Self(rawValue: 1 << 18)
    /// `CLIENT_PLUGIN_AUTH`.
    public static let pluginAuth = Self(rawValue: 1 << 19)
    /// `CLIENT_CONNECT_ATTRS`.
    public static let connectAttributes = Self(rawValue: 1 << 20)
    /// `CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA`.
    public static let pluginAuthLengthEncodedData = Self(rawValue: 1 << 21)
    /// `CLIENT_SESSION_TRACK`.
    public static let sessionTrack = Self(rawValue: 1 << 23)
    /// `CLIENT_DEPRECATE_EOF`: result sets end with an OK packet instead of EOF packets.
    public static let deprecateEOF = Self(rawValue: 1 << 24)

    /// What this client asks for (intersected with the server's flags).
    public static let clientDefault: Self = [
        .longPassword, .longFlag, .protocol41, .transactions, .secureConnection,
        .multiStatements, .multiResults, .psMultiResults, .pluginAuth,
        .pluginAuthLengthEncodedData, .deprecateEOF,
    ]
}

/// Server status flags, sent in OK and EOF packets.
public struct MySQLServerStatus: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public var rawValue: UInt16
    /// Creates a set from raw flags.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A transaction is open.
    public static let inTransaction = Self(rawValue: 0x0001)
    /// Autocommit is on.
    public static let autocommit = Self(rawValue: 0x0002)
    /// Another result set follows (multi-statement or procedure).
    public static let moreResultsExist = Self(rawValue: 0x0008)
    /// `sql_mode` has `NO_BACKSLASH_ESCAPES`: backslash is an ordinary character in strings.
    public static let noBackslashEscapes = Self(rawValue: 0x0200)
}
