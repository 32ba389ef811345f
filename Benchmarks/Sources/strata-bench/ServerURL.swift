import Foundation

/// A `postgres://` or `mysql://` URL taken apart; rebuilt with other databases and parameters.
struct ServerURL {
    var scheme: String
    var host: String
    var port: Int
    var user: String
    var encodedUser: String
    var password: String?
    var encodedPassword: String?
    var database: String
    var query: [(name: String, value: String)]

    init?(_ text: String, defaultPort: Int) {
        guard let c = URLComponents(string: text), let scheme = c.scheme, let host = c.host, !host.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host
        port = c.port ?? defaultPort
        user = c.user ?? ""
        encodedUser = c.percentEncodedUser ?? ""
        password = c.password
        encodedPassword = c.percentEncodedPassword
        database = String(c.path.drop(while: { $0 == "/" }))
        query = (c.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    func parameter(_ name: String) -> String? {
        query.last { $0.name.lowercased() == name }?.value
    }

    /// host:port, with brackets for IPv6.
    var endpoint: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// The URL with another scheme/database/query; the password only when `withPassword`.
    func build(scheme: String? = nil, database: String? = nil, query: [(String, String)], withPassword: Bool = true) -> String {
        var s = "\(scheme ?? self.scheme)://\(encodedUser)"
        if withPassword, let encodedPassword { s += ":\(encodedPassword)" }
        s += "@\(endpoint)/\(database ?? self.database)"
        if !query.isEmpty {
            s += "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return s
    }

    /// For messages: the password masked.
    var masked: String { "\(scheme)://\(user)\(password == nil ? "" : ":***")@\(endpoint)/\(database)" }

    static func encode(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

func quoteLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
