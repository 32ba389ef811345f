import NIOCore

/// Where and how to open a MySQL or MariaDB session.
public struct MySQLConfiguration: Sendable {
    /// How TLS is used.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never use TLS.
        case disable
        /// Use TLS when the server offers it, without verifying its certificate (the default).
        case prefer
        /// Always use TLS, without verifying the certificate; fail if the server has no TLS.
        case require
        /// Always use TLS and verify the certificate chain, but not the host name.
        case verifyCA = "verify-ca"
        /// Always use TLS and verify the certificate chain and the host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The account name.
    public var username: String
    /// The password; empty for none. Never printed.
    public var password: String
    /// The initial database, or nil.
    public var database: String?
    /// How TLS is used.
    public var tlsMode: TLSMode
    /// A PEM file of CA certificates to trust for `verify-ca`/`verify-full` (else the
    /// system's roots).
    public var tlsCAFile: String?
    /// How long TCP connect plus handshake may take.
    public var connectTimeout: TimeAmount
    /// How long the client waits for the next packet of a running command before it
    /// fails the command and closes the connection; nil waits forever.
    public var readTimeout: TimeAmount?

    /// Creates a configuration.
    public init(
        host: String, port: Int = 3306, username: String, password: String = "",
        database: String? = nil, tlsMode: TLSMode = .prefer, tlsCAFile: String? = nil,
        connectTimeout: TimeAmount = .seconds(10), readTimeout: TimeAmount? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode
        self.tlsCAFile = tlsCAFile
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// "host:port", bracketing IPv6 addresses.
    public var address: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }
}
