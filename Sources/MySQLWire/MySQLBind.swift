/// A value bound to a `?` placeholder of ``MySQLConnection/query(_:_:)``.
///
/// Binds are rendered into the statement text as SQL literals (the text protocol), escaped
/// for the session's current `NO_BACKSLASH_ESCAPES` setting, which the server reports in
/// every OK and EOF packet. The connection character set is always utf8mb4, in which no
/// multi-byte character contains the bytes `'` or `\`, so escaping byte by byte is safe.
public enum MySQLBind: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// An integer, written in decimal.
    case int(Int64)
    /// A double, written in exponent form (`1.5E0`) so the server reads a DOUBLE.
    case double(Double)
    /// A string, written as a quoted, escaped literal.
    case text(String)
    /// Bytes, written as a hexadecimal literal `X'…'`.
    case bytes([UInt8])

    // MARK: - Rendering

    /// The statement with each `?` outside strings, quoted identifiers and comments
    /// replaced by the next bind's literal.
    ///
    /// - Parameters:
    ///   - sql: The statement with `?` placeholders.
    ///   - binds: One value per placeholder.
    ///   - noBackslashEscapes: Whether the session has `NO_BACKSLASH_ESCAPES` (then only
    ///     quotes are doubled, and backslash is an ordinary character).
    /// - Throws: ``MySQLError`` (`.usage`) when the counts differ or a double is not finite.
    public static func render(_ sql: String, binds: [MySQLBind], noBackslashEscapes: Bool) throws -> String {
        if binds.isEmpty { return sql }
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + binds.count * 8)
        var next = 0
        var i = 0
        let n = bytes.count
        func copy(until end: Int) {
            out.append(contentsOf: bytes[i..<min(end, n)])
            i = min(end, n)
        }
        while i < n {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                var j = i + 1
                while j < n {
                    if bytes[j] == UInt8(ascii: "\\") && b != UInt8(ascii: "`") && !noBackslashEscapes {
                        j += 2
                        continue
                    }
                    if bytes[j] == b { break }
                    j += 1
                }
                copy(until: j + 1)
            case UInt8(ascii: "#"):
                copy(until: (bytes[i...].firstIndex(of: UInt8(ascii: "\n")) ?? n) + 1)
            case UInt8(ascii: "-") where i + 2 < n && bytes[i + 1] == UInt8(ascii: "-")
                && [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[i + 2]):
                copy(until: (bytes[i...].firstIndex(of: UInt8(ascii: "\n")) ?? n) + 1)
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                var j = i + 2
                while j + 1 < n && !(bytes[j] == UInt8(ascii: "*") && bytes[j + 1] == UInt8(ascii: "/")) { j += 1 }
                copy(until: j + 2)
            case UInt8(ascii: "?"):
                guard next < binds.count else {
                    throw MySQLError(.usage, "statement has more '?' placeholders than the \(binds.count) bound value(s)")
                }
                try binds[next].appendLiteral(to: &out, noBackslashEscapes: noBackslashEscapes)
                next += 1
                i += 1
            default:
                out.append(b)
                i += 1
            }
        }
        guard next == binds.count else {
            throw MySQLError(.usage, "statement has \(next) '?' placeholder(s) but \(binds.count) values were bound")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value as a SQL literal.
    ///
    /// - Throws: ``MySQLError`` (`.usage`) for a double that is not finite.
    public func literal(noBackslashEscapes: Bool) throws -> String {
        var out: [UInt8] = []
        try appendLiteral(to: &out, noBackslashEscapes: noBackslashEscapes)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendLiteral(to out: inout [UInt8], noBackslashEscapes: Bool) throws {
        switch self {
        case .null:
            out += Array("NULL".utf8)
        case .int(let v):
            out += Array(String(v).utf8)
        case .double(let v):
            guard v.isFinite else {
                throw MySQLError(.usage, "cannot bind the double \(v): MySQL has no literal for infinity or NaN")
            }
            var text = String(v)
            if !text.contains("e") && !text.contains("E") { text += "E0" }
            out += Array(text.utf8)
        case .text(let s):
            out.append(UInt8(ascii: "'"))
            for b in s.utf8 {
                if noBackslashEscapes {
                    if b == UInt8(ascii: "'") { out.append(b) }
                    out.append(b)
                    continue
                }
                switch b {
                case 0: out += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x1A: out += [UInt8(ascii: "\\"), UInt8(ascii: "Z")]
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), b]
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "'"))
        case .bytes(let bytes):
            let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
            out += [UInt8(ascii: "X"), UInt8(ascii: "'")]
            for b in bytes {
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
            out.append(UInt8(ascii: "'"))
        }
    }
}

/// One statement of a batch (``MySQLConnection/query(batch:)``): SQL with `?` placeholders
/// and their values.
public struct MySQLStatement: Sendable, Hashable {
    /// The statement's text, with one `?` per bound value.
    public var sql: String
    /// The values for the `?` placeholders, in order.
    public var binds: [MySQLBind]

    /// Creates a statement from its text and values.
    public init(_ sql: String, _ binds: [MySQLBind] = []) {
        self.sql = sql
        self.binds = binds
    }
}
