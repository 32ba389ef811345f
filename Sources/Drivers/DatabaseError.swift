/// An error reported by a driver: connecting failed, or the server refused a statement.
///
/// The message never contains a password.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        /// The server could not be reached, refused the session, or closed it.
        public static let connection = Code(raw: "connection")
        /// The server rejected the credentials.
        public static let authentication = Code(raw: "authentication")
        /// A connect or statement timeout expired.
        public static let timeout = Code(raw: "timeout")
        /// The server refused a statement (syntax, constraint, missing object…).
        public static let statement = Code(raw: "statement")
        /// The URL or a setting is wrong.
        public static let configuration = Code(raw: "configuration")
        /// The peer sent bytes Strata does not understand.
        public static let protocolViolation = Code(raw: "protocol")
        public var description: String { raw }
    }

    public var code: Code
    /// The engine's message, one line.
    public var message: String
    /// SQLSTATE (PostgreSQL, MySQL) when the server gave one.
    public var sqlState: String?
    /// The engine's numeric error code (MySQL errno, SQLite extended result code).
    public var engineCode: Int?
    /// PostgreSQL's DETAIL.
    public var detail: String?
    /// PostgreSQL's HINT.
    public var hint: String?
    /// 1-based character offset into the statement where the server located the error.
    public var position: Int?
    /// Which statement of ``Connection/execute(batch:)`` failed (0-based), when known.
    public var batchIndex: Int?

    public init(
        _ code: Code, _ message: String, sqlState: String? = nil, engineCode: Int? = nil,
        detail: String? = nil, hint: String? = nil, position: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.engineCode = engineCode
        self.detail = detail
        self.hint = hint
        self.position = position
    }

    public var description: String {
        var s = message
        if let sqlState { s += " (SQLSTATE \(sqlState))" } else if let engineCode { s += " (code \(engineCode))" }
        if let detail { s += "; detail: \(detail)" }
        if let hint { s += "; hint: \(hint)" }
        return s
    }
}
