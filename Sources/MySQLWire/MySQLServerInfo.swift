/// What the server said about itself in the handshake.
public struct MySQLServerInfo: Sendable, Hashable, CustomStringConvertible {
    /// The raw version string, e.g. `8.0.36` or `5.5.5-10.11.6-MariaDB-0+deb12u1`.
    public var version: String
    /// The server's id for this session (what `KILL` and `CONNECTION_ID()` name).
    public var connectionID: UInt32
    /// The capabilities both sides agreed on.
    public var capabilities: MySQLCapabilities
    /// Whether the session runs over TLS.
    public var tls: Bool

    /// Creates server info.
    public init(version: String, connectionID: UInt32, capabilities: MySQLCapabilities, tls: Bool) {
        self.version = version
        self.connectionID = connectionID
        self.capabilities = capabilities
        self.tls = tls
    }

    /// True for MariaDB.
    public var isMariaDB: Bool { version.contains("MariaDB") }

    /// The numeric version, without MariaDB's `5.5.5-` prefix and build suffixes
    /// (`10.11.6`).
    public var shortVersion: String {
        let v = version.hasPrefix("5.5.5-") ? version.dropFirst(6) : Substring(version)
        return String(v.prefix(while: { $0.isNumber || $0 == "." }))
    }

    /// "MariaDB 10.11.6" or "MySQL 8.0.36".
    public var description: String {
        (isMariaDB ? "MariaDB " : "MySQL ") + shortVersion
    }
}
