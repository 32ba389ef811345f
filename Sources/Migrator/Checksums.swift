import Crypto
import SQLText

/// Checksums the migrator computes itself (the file checksums come from `Migrations`).
enum Checksums {
    /// SHA-256 (hex) of statements as the splitter normalises them, joined by `;\n`: the
    /// checksum of the part of a migration that has run.
    static func statements(_ statements: some Sequence<SQLStatement>, dialect: SQLDialect) -> String {
        let splitter = SQLSplitter(dialect: dialect)
        var hasher = SHA256()
        var first = true
        for s in statements {
            if !first { hasher.update(data: Array(";\n".utf8)) }
            first = false
            hasher.update(data: Array(((try? splitter.normalized(s.text)) ?? s.text).utf8))
        }
        return hasher.finalize().map { byte in
            let h = String(byte, radix: 16)
            return h.count == 1 ? "0" + h : h
        }.joined()
    }
}
