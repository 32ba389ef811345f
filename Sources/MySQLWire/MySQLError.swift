/// An error from the MySQL wire client: the server's ERR packet, or a failure of the
/// connection, authentication, TLS, a timeout, or bytes the client does not understand.
///
/// Messages are one line and never contain the password.
public struct MySQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        /// The server answered a command with an ERR packet.
        public static let server = Code(raw: "server")
        /// The server rejected the credentials, or asked for an authentication method the
        /// client cannot perform.
        public static let authentication = Code(raw: "authentication")
        /// The connection could not be opened, or was closed or lost.
        public static let connection = Code(raw: "connection")
        /// TLS was required but is not available, or the TLS handshake failed.
        public static let tls = Code(raw: "tls")
        /// The connect or read timeout expired.
        public static let timeout = Code(raw: "timeout")
        /// The peer sent bytes that do not follow the protocol.
        public static let protocolViolation = Code(raw: "protocol")
        /// The request cannot be carried out (bad parameters, connection already closed).
        public static let usage = Code(raw: "usage")
        /// A readable form, for messages.
        public var description: String { raw }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line saying what went wrong.
    public var message: String
    /// The server's error number (errno), for ``Code/server`` and server-side
    /// authentication errors.
    public var serverCode: UInt16?
    /// The server's SQLSTATE, when it sent one.
    public var sqlState: String?
    /// For a server error during a multi-statement query: how many results (statements)
    /// completed before it, so the index of the failing statement when each statement
    /// gives one result (a `CALL` can give more). Nil when none completed.
    public var completedResults: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, serverCode: UInt16? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message.mysqlOneLine
        self.serverCode = serverCode
        self.sqlState = sqlState
    }

    /// A readable form, for messages.
    public var description: String {
        var s = message
        if let serverCode { s += " (errno \(serverCode)" + (sqlState.map { ", SQLSTATE \($0)" } ?? "") + ")" }
        return s
    }
}

extension String {
    /// The string with line breaks and tabs replaced by spaces.
    var mysqlOneLine: String {
        guard contains(where: { $0.isNewline || $0 == "\t" }) else { return self }
        return String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
