import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns postgres-nio's errors into one-line ``DatabaseError``s.
///
/// `String(describing: PSQLError)` hides the server's fields on purpose, so they are read
/// here one by one. Nothing here ever sees the password.
enum PostgresErrorMapping {
    /// An error from opening a session.
    static func connectError(_ error: any Error, settings: PostgresSettings) -> DatabaseError {
        let at = "PostgreSQL at \(settings.endpoint)"
        guard let psql = error as? PSQLError else {
            return DatabaseError(.connection, "could not connect to \(at): \(oneLine(describe(error)))")
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState]
            let message = oneLine(psql.serverInfo?[.message] ?? "server error")
            switch state {
            case "28P01", "28000":
                return DatabaseError(
                    .authentication, "\(at) rejected user '\(settings.user)': \(message)", sqlState: state,
                    hint: "check the user and password in the database URL")
            case "3D000":
                return DatabaseError(
                    .connection, "\(at): \(message)", sqlState: state,
                    hint: "create the database first (CREATE DATABASE \(PostgresSettings.quoteIdentifier(settings.database ?? settings.user))) or fix the URL")
            default:
                return DatabaseError(
                    .connection, "\(at) refused the session: \(message)", sqlState: state,
                    detail: psql.serverInfo?[.detail], hint: psql.serverInfo?[.hint])
            }
        case .connectionError:
            if let underlying = psql.underlying {
                if case ChannelError.connectTimeout = underlying {
                    return timeout(at, settings)
                }
                return DatabaseError(.connection, "could not connect to \(at): \(oneLine(describe(underlying)))")
            }
            return DatabaseError(.connection, "could not connect to \(at)")
        case .sslUnsupported:
            return DatabaseError(
                .connection, "\(at) does not support TLS, but sslmode=\(settings.sslMode.rawValue) requires it",
                hint: "enable ssl on the server, or use sslmode=prefer or sslmode=disable")
        case .authMechanismRequiresPassword:
            return DatabaseError(
                .authentication, "\(at) asks user '\(settings.user)' for a password, but the URL has none",
                hint: "write postgres://USER:PASSWORD@…")
        case .unsupportedAuthMechanism, .saslError:
            return DatabaseError(.authentication, "\(at): authentication of user '\(settings.user)' failed (\(psql.code))")
        case .serverClosedConnection, .uncleanShutdown:
            if let underlying = psql.underlying, case ChannelError.connectTimeout = underlying {
                return timeout(at, settings)
            }
            let reason = psql.underlying.map { ": " + oneLine(describe($0)) } ?? ""
            return DatabaseError(.connection, "\(at) closed the connection during the handshake\(reason)")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return DatabaseError(.connection, "TLS with \(at) failed (\(psql.code))")
        default:
            if let underlying = psql.underlying {
                if case ChannelError.connectTimeout = underlying { return timeout(at, settings) }
                return DatabaseError(.connection, "could not connect to \(at): \(oneLine(describe(underlying)))")
            }
            return DatabaseError(.connection, "could not connect to \(at) (\(psql.code))")
        }
    }

    private static func timeout(_ at: String, _ settings: PostgresSettings) -> DatabaseError {
        DatabaseError(
            .timeout, "could not connect to \(at) within \(PostgresSettings.display(settings.connectTimeout))",
            hint: "check that the server is up and reachable, or raise connect_timeout")
    }

    /// An error from running a statement: the server's fields, or a lost connection.
    static func statementError(_ error: any Error, sql: String, endpoint: String, during: String?) -> DatabaseError {
        let prefix = during.map { "\($0): " } ?? ""
        if let legacy = error as? PostgresError {
            // What postgres-nio's future-based query path throws (the same fields, older form).
            switch legacy {
            case .server(let e):
                return serverError(
                    prefix: prefix, state: e.fields[.sqlState], message: e.fields[.message], detail: e.fields[.detail],
                    hint: e.fields[.hint], position: e.fields[.position])
            case .connectionClosed:
                return DatabaseError(.connection, prefix + "PostgreSQL at \(endpoint) closed the connection")
            case .protocol(let message):
                return DatabaseError(.protocolViolation, prefix + "PostgreSQL at \(endpoint): \(oneLine(message))")
            }
        }
        guard let psql = error as? PSQLError else {
            return DatabaseError(.connection, "PostgreSQL at \(endpoint): \(oneLine(describe(error)))")
        }
        switch psql.code {
        case .server:
            let info = psql.serverInfo
            return serverError(
                prefix: prefix, state: info?[.sqlState], message: info?[.message], detail: info?[.detail],
                hint: info?[.hint], position: info?[.position])
        case .queryCancelled:
            return DatabaseError(.timeout, prefix + "the statement was cancelled")
        case .clientClosedConnection:
            return DatabaseError(.connection, "the PostgreSQL session to \(endpoint) is closed")
        case .serverClosedConnection, .uncleanShutdown, .connectionError:
            let reason = psql.underlying.map { ": " + oneLine(describe($0)) } ?? ""
            return DatabaseError(.connection, prefix + "PostgreSQL at \(endpoint) closed the connection\(reason)")
        case .tooManyParameters:
            return DatabaseError(.statement, prefix + "too many parameters (PostgreSQL allows 65535)")
        default:
            let reason = psql.underlying.map { ": " + oneLine(describe($0)) } ?? ""
            return DatabaseError(.protocolViolation, prefix + "PostgreSQL at \(endpoint): \(psql.code)\(reason)")
        }
    }

    /// A server's error response: SQLSTATE decides timeout, lost session or statement error.
    private static func serverError(
        prefix: String, state: String?, message: String?, detail: String?, hint: String?, position: String?
    ) -> DatabaseError {
        let message = oneLine(message ?? "server error")
        let code: DatabaseError.Code
        switch state {
        case "57014": code = .timeout  // query_canceled: statement_timeout (or a cancel)
        case "57P01", "57P02", "57P03": code = .connection  // admin/crash shutdown
        default: code = .statement
        }
        var hint = hint.map(oneLine)
        if state == "42601", message.contains("multiple commands") {
            hint = "a PostgreSQL session runs one statement per call; split the script into statements"
        }
        return DatabaseError(
            code, prefix + message, sqlState: state, detail: detail.map(oneLine), hint: hint,
            position: position.flatMap { Int($0) })
    }

    /// A short description of a network or TLS error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as NIOConnectionError:
            if let first = e.connectionErrors.first {
                return describe(first.error)
            }
            if e.dnsAError != nil || e.dnsAAAAError != nil {
                return "cannot resolve host name '\(e.host)'"
            }
            return "no address for host '\(e.host)'"
        case let e as IOError:
            switch e.errnoCode {
            case ECONNREFUSED: return "connection refused (is the server running on that port?)"
            case EHOSTUNREACH: return "no route to host"
            case ENETUNREACH: return "network is unreachable"
            case ETIMEDOUT: return "connection timed out"
            case ENOENT: return "no such socket file (is the server running, is the directory right?)"
            default: return "\(e)"
            }
        case let e as ChannelError:
            if case .connectTimeout(let t) = e { return "timed out after \(t.nanoseconds / 1_000_000) ms" }
            return "\(e)"
        case let e as NIOSSLError:
            let text = "\(e)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS: the server's certificate is not trusted; set sslrootcert=/path/to/ca.pem, or sslmode=require to skip verification"
            }
            return "TLS: " + (text.split(separator: " at /").first.map(String.init) ?? text)
        case let e as NIOSSLExtraError where e == .failedToValidateHostname:
            return "TLS: the server's certificate does not name this host; connect by the name it was issued for, or use sslmode=verify-ca"
        case let e as PSQLError:
            return e.underlying.map(describe) ?? "\(e.code)"
        default:
            return "\(error)"
        }
    }

    /// Newlines and tabs become spaces: messages are one line.
    static func oneLine(_ s: String) -> String {
        guard s.contains(where: { $0.isNewline || $0 == "\t" }) else { return s }
        return String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
