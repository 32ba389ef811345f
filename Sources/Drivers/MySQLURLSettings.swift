import MySQLWire
import NIOCore

/// A `mysql://` URL and ``ConnectOptions`` read into a client configuration.
struct MySQLURLSettings {
    var configuration: MySQLConfiguration
    /// The server-side limit per statement, if any.
    var statementTimeout: Duration?

    /// - Throws: ``DatabaseError`` `.configuration` naming the bad parameter.
    init(url: DatabaseURL, options: ConnectOptions) throws {
        let host = url.host ?? "localhost"
        let port = url.port ?? 3306
        var tlsMode = MySQLConfiguration.TLSMode.prefer
        if let raw = url.parameter("ssl") ?? url.parameter("tls") ?? url.parameter("sslmode") ?? url.parameter("ssl-mode") {
            guard let mode = Self.tlsMode(raw) else {
                throw DatabaseError(.configuration, "database URL \(url): ssl=\(raw) is not a TLS mode; use disable, prefer, require, verify-ca or verify-full")
            }
            tlsMode = mode
        }
        let caFile = url.parameter("sslca") ?? url.parameter("ssl-ca") ?? url.parameter("ssl_ca") ?? url.parameter("sslrootcert")
        var connectTimeout = options.connectTimeout
        if let raw = url.parameter("connect_timeout") {
            connectTimeout = try Self.duration(raw, defaultUnit: .seconds(1), name: "connect_timeout", url: url)
        }
        statementTimeout = options.statementTimeout
        if let raw = url.parameter("statement_timeout") {
            let d = try Self.duration(raw, defaultUnit: .milliseconds(1), name: "statement_timeout", url: url)
            statementTimeout = d == .zero ? nil : d
        }
        var readTimeout = statementTimeout.map { $0 + .seconds(5) }
        if let raw = url.parameter("read_timeout") {
            let d = try Self.duration(raw, defaultUnit: .seconds(1), name: "read_timeout", url: url)
            readTimeout = d == .zero ? nil : d
        }
        configuration = MySQLConfiguration(
            host: host, port: port, username: url.user ?? "root", password: url.password ?? "",
            database: url.database.isEmpty ? nil : url.database, tlsMode: tlsMode, tlsCAFile: caFile,
            connectTimeout: Self.timeAmount(connectTimeout), readTimeout: readTimeout.map(Self.timeAmount)
        )
    }

    static func tlsMode(_ raw: String) -> MySQLConfiguration.TLSMode? {
        switch raw.lowercased() {
        case "disable", "disabled", "false", "0", "off", "no": .disable
        case "prefer", "preferred", "allow": .prefer
        case "require", "required", "true", "1", "on", "yes": .require
        case "verify-ca", "verify_ca": .verifyCA
        case "verify-full", "verify_full", "verify-identity", "verify_identity": .verifyFull
        default: nil
        }
    }

    /// Reads `30`, `30s`, `500ms`, `5min`, `1h`; a bare number is in `defaultUnit`.
    static func duration(_ raw: String, defaultUnit: Duration, name: String, url: DatabaseURL) throws -> Duration {
        let text = raw.trimmingWhitespace().lowercased()
        let digits = text.prefix(while: { $0.isNumber || $0 == "." })
        let unit = text.dropFirst(digits.count).trimmingWhitespace()
        guard let number = Double(digits), number >= 0 else {
            throw DatabaseError(.configuration, "database URL \(url): \(name)=\(raw) is not a duration; write e.g. \(name)=30s")
        }
        let scale: Duration
        switch unit {
        case "": scale = defaultUnit
        case "ms": scale = .milliseconds(1)
        case "s", "sec", "secs": scale = .seconds(1)
        case "m", "min", "mins": scale = .seconds(60)
        case "h": scale = .seconds(3600)
        default:
            throw DatabaseError(.configuration, "database URL \(url): \(name)=\(raw) has an unknown unit '\(unit)'; use ms, s, min or h")
        }
        return scale * number
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        let (seconds, attoseconds) = d.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Turns ``MySQLError``s into ``DatabaseError``s: one line, naming host:port for
/// connection-level failures, never containing the password.
struct MySQLErrorContext: Sendable {
    var address: String
    var password: String

    func connectError(_ error: any Error) -> DatabaseError {
        guard let e = error as? MySQLError else {
            return DatabaseError(.connection, scrub("cannot connect to MySQL at \(address): \(error)"))
        }
        let code: DatabaseError.Code
        switch e.code {
        case .authentication: code = .authentication
        case .timeout: code = .timeout
        case .protocolViolation: code = .protocolViolation
        default: code = .connection
        }
        return DatabaseError(code, scrub("cannot connect to MySQL at \(address): \(e.message)"), sqlState: e.sqlState, engineCode: e.serverCode.map(Int.init))
    }

    func statementError(_ error: any Error) -> DatabaseError {
        guard let e = error as? MySQLError else {
            return DatabaseError(.connection, scrub("MySQL at \(address): \(error)"))
        }
        switch e.code {
        case .server:
            let errno = e.serverCode.map(Int.init)
            switch e.serverCode {
            case 1969, 3024:  // MariaDB max_statement_time, MySQL max_execution_time
                return DatabaseError(.timeout, scrub(e.message), sqlState: e.sqlState, engineCode: errno)
            case 1927, 1053, 4031:  // connection killed, server shutdown, idle disconnect
                return DatabaseError(.connection, scrub("MySQL at \(address): \(e.message)"), sqlState: e.sqlState, engineCode: errno)
            default:
                return DatabaseError(.statement, scrub(e.message), sqlState: e.sqlState, engineCode: errno)
            }
        case .usage:
            return DatabaseError(.statement, scrub(e.message))
        case .timeout:
            return DatabaseError(.timeout, scrub("MySQL at \(address): \(e.message)"))
        case .protocolViolation:
            return DatabaseError(.protocolViolation, scrub("MySQL at \(address): \(e.message)"))
        case .authentication:
            return DatabaseError(.authentication, scrub("MySQL at \(address): \(e.message)"), sqlState: e.sqlState, engineCode: e.serverCode.map(Int.init))
        default:
            return DatabaseError(.connection, scrub("MySQL at \(address): \(e.message)"), sqlState: e.sqlState, engineCode: e.serverCode.map(Int.init))
        }
    }

    /// One line, with the password (3 characters or more) masked.
    func scrub(_ message: String) -> String {
        var s = String(message.map { $0.isNewline ? " " : $0 })
        if password.count >= 3 {
            s = DatabaseURL.mask(password, in: s)
        }
        return s
    }
}
