import SQLText

/// A parsed database URL: `sqlite:path/to/file.db`, `sqlite::memory:`,
/// `postgres://user:pass@host:port/db?sslmode=…`, `mysql://user:pass@host:port/db?ssl=…`
/// (`postgresql://`, `mariadb://` accepted).
///
/// Its ``description`` masks the password (`postgres://user:***@host/db`), so a
/// `DatabaseURL` can be printed and logged.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The engine the URL names.
    public var engine: SQLDialect
    /// For SQLite: the file path, or `:memory:`.
    public var path: String
    /// For PostgreSQL and MySQL: the user name, percent-decoded.
    public var user: String?
    /// For PostgreSQL and MySQL: the password, percent-decoded; ``description`` masks it.
    public var password: String?
    /// For PostgreSQL and MySQL: the host name or address.
    public var host: String?
    /// For PostgreSQL and MySQL: the port; nil for the engine's default.
    public var port: Int?
    /// For PostgreSQL and MySQL: the database name (may be empty).
    public var database: String
    /// Query parameters in the order written (`sslmode`, `schema`, `connect_timeout`…).
    public var parameters: [(key: String, value: String)] {
        get { parameterList.map { (key: $0.key, value: $0.value) } }
        set { parameterList = newValue.map { Parameter(key: $0.key, value: $0.value) } }
    }

    private var parameterList: [Parameter]
    private struct Parameter: Hashable, Sendable {
        var key: String
        var value: String
    }

    /// The value of a query parameter, if present (the last one wins).
    public func parameter(_ key: String) -> String? {
        parameterList.last(where: { $0.key == key })?.value
    }

    /// Parses a URL.
    ///
    /// - Throws: ``DatabaseError`` with code `.configuration` and a message that says what
    ///   is wrong and shows the accepted forms; the message never contains the password.
    public init(_ string: String) throws {
        let trimmed = string.trimmingWhitespace()
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw Self.error(
                "database URL '\(Self.mask(trimmed))' has no scheme; use sqlite:FILE, postgres://USER:PASS@HOST:PORT/DB or mysql://USER:PASS@HOST:PORT/DB"
            )
        }
        let scheme = trimmed[..<colon].lowercased()
        var rest = trimmed[trimmed.index(after: colon)...]
        parameterList = []
        user = nil
        password = nil
        host = nil
        port = nil
        database = ""
        path = ""
        switch scheme {
        case "sqlite", "sqlite3", "file":
            engine = .sqlite
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            if let q = rest.firstIndex(of: "?") {
                parameterList = try Self.parseQuery(rest[rest.index(after: q)...], url: trimmed)
                rest = rest[..<q]
            }
            let p = Self.percentDecode(rest)
            guard !p.isEmpty else {
                throw Self.error("database URL '\(trimmed)' has no file path; use sqlite:path/to/file.db or sqlite::memory:")
            }
            path = p
        case "postgres", "postgresql", "mysql", "mariadb":
            engine = (scheme == "mysql" || scheme == "mariadb") ? .mysql : .postgres
            guard rest.hasPrefix("//") else {
                throw Self.error("database URL '\(Self.mask(trimmed))' must start with \(scheme)://; e.g. \(scheme)://user:password@localhost:\(engine == .mysql ? 3306 : 5432)/mydb")
            }
            rest = rest.dropFirst(2)
            if let q = rest.firstIndex(of: "?") {
                parameterList = try Self.parseQuery(rest[rest.index(after: q)...], url: Self.mask(trimmed))
                rest = rest[..<q]
            }
            var authority = rest
            if let slash = rest.firstIndex(of: "/") {
                authority = rest[..<slash]
                database = Self.percentDecode(rest[rest.index(after: slash)...])
            }
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let c = userInfo.firstIndex(of: ":") {
                    user = Self.percentDecode(userInfo[..<c])
                    password = Self.percentDecode(userInfo[userInfo.index(after: c)...])
                } else {
                    user = Self.percentDecode(userInfo)
                }
            }
            // host, [v6]:port, host:port
            var hostPart = authority
            if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
                host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
                hostPart = hostPart[hostPart.index(after: close)...]
                if hostPart.hasPrefix(":") {
                    port = try Self.parsePort(hostPart.dropFirst(), url: trimmed)
                }
            } else if let c = hostPart.lastIndex(of: ":") {
                host = String(hostPart[..<c])
                port = try Self.parsePort(hostPart[hostPart.index(after: c)...], url: trimmed)
            } else if !hostPart.isEmpty {
                host = String(hostPart)
            }
            if host?.isEmpty == true { host = nil }
        default:
            throw Self.error(
                "database URL scheme '\(scheme)' is not supported; use sqlite:, postgres:// (postgresql://) or mysql:// (mariadb://)"
            )
        }
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        switch engine {
        case .sqlite:
            return "sqlite:" + path + queryString
        case .postgres, .mysql:
            var s = engine == .postgres ? "postgres://" : "mysql://"
            if let user {
                s += user
                if password != nil { s += ":***" }
                s += "@"
            }
            if let host { s += host.contains(":") ? "[\(host)]" : host }
            if let port { s += ":\(port)" }
            s += "/" + database
            return s + queryString
        }
    }

    private var queryString: String {
        guard !parameterList.isEmpty else { return "" }
        return "?" + parameterList.map { p in
            Self.secretKeys.contains(p.key.lowercased()) ? "\(p.key)=***" : "\(p.key)=\(p.value)"
        }.joined(separator: "&")
    }

    private static let secretKeys: Set<String> = ["password", "sslpassword", "passwd"]

    /// Masks the password in a URL string that could not be parsed, so that even the
    /// error for a malformed URL never shows it.
    public static func mask(_ raw: some StringProtocol) -> String {
        let s = String(raw)
        guard let schemeEnd = s.indices.first(where: { s[$0...].hasPrefix("://") }) else { return s }
        let afterScheme = s[s.index(schemeEnd, offsetBy: 3)...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let c = authority[..<at].firstIndex(of: ":") else { return s }
        return String(s[..<authority.index(after: c)]) + "***" + String(s[at...])
    }

    /// `text` with every occurrence of `secret` (a password) replaced by `***`; `text` as
    /// it is when `secret` is empty.
    public static func mask(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty else { return text }
        var result = ""
        var rest = text[...]
        while let range = rest.firstRange(of: secret) {
            result += rest[..<range.lowerBound]
            result += "***"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    private static func parsePort(_ text: Substring, url: String) throws -> Int? {
        if text.isEmpty { return nil }
        guard let p = Int(text), (1...65535).contains(p) else {
            throw error("database URL '\(mask(url))' has an invalid port '\(text)'; use a number from 1 to 65535")
        }
        return p
    }

    private static func parseQuery(_ text: Substring, url: String) throws -> [Parameter] {
        var result: [Parameter] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard let eq = pair.firstIndex(of: "=") else {
                throw error("database URL '\(mask(url))': parameter '\(pair)' has no value; write \(pair)=VALUE")
            }
            result.append(Parameter(key: percentDecode(pair[..<eq]), value: percentDecode(pair[pair.index(after: eq)...])))
        }
        return result
    }

    static func percentDecode(_ text: some StringProtocol) -> String {
        guard text.contains("%") || text.contains("+") else { return String(text) }
        var bytes: [UInt8] = []
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2,
               let hi = hexValue(it[it.startIndex]), let lo = hexValue(it[it.startIndex + 1]) {
                bytes.append(hi << 4 | lo)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func error(_ message: String) -> DatabaseError {
        DatabaseError(.configuration, message)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
