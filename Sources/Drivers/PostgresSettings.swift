import NIOCore
import NIOSSL
import PostgresNIO

/// What a `postgres://` URL and ``ConnectOptions`` ask of a session, checked and resolved:
/// a pure value, so that URL handling is tested without a server.
struct PostgresSettings: Sendable, Equatable {
    /// How the session uses TLS (libpq's `sslmode`).
    enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var host: String
    var port: Int
    /// Set when `host` is a directory: the server's socket file in it.
    var unixSocketPath: String?
    var user: String
    var password: String?
    var database: String?
    var sslMode: SSLMode
    var sslRootCert: String?
    var connectTimeout: Duration
    /// A value for `SET statement_timeout` (`"5000"`, `"30s"`), or nil to keep the server's.
    var statementTimeout: String?
    /// The URL's schema, unquoted.
    var schema: String?
    /// The `search_path` value that puts ``schema`` first, quoted.
    var searchPath: String?
    var applicationName: String

    /// `host:port`, or the socket path: how messages name the server.
    var endpoint: String {
        if let unixSocketPath { return unixSocketPath }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    init(url: DatabaseURL, options: ConnectOptions) throws {
        var host = url.host ?? "localhost"
        if let h = url.parameter("host"), !h.isEmpty { host = h }
        self.host = host
        port = url.port ?? url.parameter("port").flatMap { Int($0) } ?? 5432
        unixSocketPath = host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil
        guard let user = url.user ?? url.parameter("user"), !user.isEmpty else {
            throw DatabaseError(.configuration, "database URL '\(url)' names no user; write postgres://USER:PASSWORD@\(host):\(port)/\(url.database)")
        }
        self.user = user
        password = url.password ?? url.parameter("password")
        database = url.database.isEmpty ? nil : url.database

        let mode = url.parameter("sslmode") ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode.lowercased()) else {
            throw DatabaseError(.configuration, "sslmode '\(mode)' is not supported; use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.sslMode = sslMode
        sslRootCert = url.parameter("sslrootcert").flatMap { $0.isEmpty ? nil : $0 }

        connectTimeout = options.connectTimeout
        if let text = url.parameter("connect_timeout") {
            guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
                throw DatabaseError(.configuration, "connect_timeout '\(text)' must be a number of seconds greater than 0")
            }
            connectTimeout = .milliseconds(Int64((seconds * 1000).rounded()))
        }

        statementTimeout = options.statementTimeout.map { String(min(Int64(Int32.max), max(1, Self.nanoseconds($0) / 1_000_000))) }
        if let text = url.parameter("statement_timeout") {
            statementTimeout = try Self.checkedInterval(text, parameter: "statement_timeout")
        }

        let schemaParameter = url.parameter("schema") ?? url.parameter("search_path")
        for name in ["schema", "search_path", "application_name"] where url.parameter(name)?.utf8.contains(0) == true {
            throw DatabaseError(.configuration, "the URL parameter \(name) contains a NUL character (%00), which PostgreSQL does not accept; remove it")
        }
        if let s = schemaParameter, !s.isEmpty {
            schema = s
            searchPath = Self.quoteIdentifier(s)
        } else {
            schema = nil
            searchPath = nil
        }
        applicationName = url.parameter("application_name") ?? "strata"
    }

    /// Checks a PostgreSQL interval setting: digits with an optional unit (`ms`, `s`, `min`,
    /// `h`, `d`); `0` means no limit.
    static func checkedInterval(_ text: String, parameter: String) throws -> String {
        let trimmed = text.trimmingWhitespace()
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = trimmed.dropFirst(digits.count).trimmingWhitespace()
        let milliseconds: [String: Int] = ["": 1, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard !digits.isEmpty, let factor = milliseconds[unit] else {
            throw DatabaseError(.configuration, "\(parameter) '\(text)' must be milliseconds or a number with a unit (ms, s, min, h, d), e.g. 5000 or 30s")
        }
        // The server's limit (INT_MAX milliseconds, about 24 days); the value is sent in the
        // start-up message, where a refused one would end the session.
        guard digits.count <= 10, let value = Int(digits), value * factor <= Int(Int32.max) else {
            throw DatabaseError(.configuration, "\(parameter) '\(text)' is more than PostgreSQL allows (2147483647 ms, about 24 days); give a smaller value or 0 for no limit")
        }
        return digits + unit
    }

    /// `"name"` with inner quotes doubled.
    static func quoteIdentifier(_ name: String) -> String {
        var out = "\""
        for c in name {
            out.append(c)
            if c == "\"" { out.append(c) }
        }
        return out + "\""
    }

    /// postgres-nio's configuration for these settings.
    func configuration(tls: PostgresNIO.PostgresConnection.Configuration.TLS) -> PostgresNIO.PostgresConnection.Configuration {
        if let unixSocketPath {
            return .init(unixSocketPath: unixSocketPath, username: user, password: password, database: database)
        }
        return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The TLS mode for ``sslMode``: `disable` → none; `allow` and `prefer` → TLS when the server
    /// offers it, certificate unchecked; `require` → TLS or fail, unchecked unless
    /// `sslrootcert` is given (then as `verify-ca`, like libpq); `verify-ca` → the chain must
    /// lead to `sslrootcert` (or the system's roots); `verify-full` → also the host name.
    func tls() throws -> PostgresNIO.PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        let verify: CertificateVerification
        switch sslMode {
        case .disable: return .disable
        case .allow, .prefer: verify = .none
        case .require: verify = sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA: verify = .noHostnameVerification
        case .verifyFull: verify = .fullVerification
        }
        tls.certificateVerification = verify
        if let sslRootCert, sslRootCert != "system" {
            tls.trustRoots = .file(sslRootCert)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            if let sslRootCert {
                throw DatabaseError(.configuration, "TLS setup for \(endpoint) failed: cannot use sslrootcert '\(sslRootCert)' (\(error))")
            }
            throw DatabaseError(.configuration, "TLS setup for \(endpoint) failed: \(error)")
        }
        switch sslMode {
        case .allow, .prefer: return .prefer(context)
        default: return .require(context)
        }
    }

    /// A duration in nanoseconds, clamped to Int64.
    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        return ns.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// "1 s", "1.5 s", "250 ms", for messages.
    static func display(_ d: Duration) -> String {
        let ms = nanoseconds(d) / 1_000_000
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        if ms > 1000 { return "\(Double(ms) / 1000) s" }
        return "\(ms) ms"
    }
}
