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
        /// A row's value is not what the caller asked for: no such column, NULL, or a
        /// value of another type (``SQLRow/decode(_:as:)``).
        public static let decoding = Code(raw: "decoding")
        /// The engine cannot take what was asked: an array bound on MySQL or SQLite, a
        /// feature it lacks.
        public static let unsupported = Code(raw: "unsupported")
        /// The code's name: `connection`, `statement`, `decoding`….
        public var description: String { raw }
    }

    /// What kind of failure this is.
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
    /// The result column that could not be read, for ``Code/decoding`` errors.
    public var column: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure.
    ///   - message: One line saying what failed and, where it helps, what to do.
    ///   - sqlState: SQLSTATE, when the server gave one.
    ///   - engineCode: The engine's numeric error code.
    ///   - detail: PostgreSQL's DETAIL.
    ///   - hint: PostgreSQL's HINT.
    ///   - position: 1-based character offset into the statement.
    ///   - column: The result column that could not be read.
    public init(
        _ code: Code, _ message: String, sqlState: String? = nil, engineCode: Int? = nil,
        detail: String? = nil, hint: String? = nil, position: Int? = nil, column: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.engineCode = engineCode
        self.detail = detail
        self.hint = hint
        self.position = position
        self.column = column
    }

    /// The message, then SQLSTATE or the engine's code, detail and hint when known.
    public var description: String {
        var s = message
        if let sqlState { s += " (SQLSTATE \(sqlState))" } else if let engineCode { s += " (code \(engineCode))" }
        if let detail { s += "; detail: \(detail)" }
        if let hint { s += "; hint: \(hint)" }
        return s
    }
}
