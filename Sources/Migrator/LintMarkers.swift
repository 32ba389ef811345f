import Foundation
import SQLText

/// What `lint` reads from a migration's text besides the schema it gives: the rules a
/// `-- strata:lint-ignore RULE` comment silences, and keywords of a statement's code
/// (comments and strings left out, by the splitter's lexer).
enum LintMarkers {
    static let marker = "-- strata:lint-ignore"

    /// The rules silenced for `statement`: by markers on any of its lines, or in the
    /// comment lines right above it. `lines` are the file's lines, `lines[0]` being line 1.
    static func ignoredRules(for statement: SQLStatement, lines: [Substring]) -> Set<String> {
        let first = statement.line
        let last = first + statement.text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        var rules: Set<String> = []
        func read(_ line: Int) {
            guard line >= 1, line <= lines.count else { return }
            let text = lines[line - 1]
            guard let range = text.range(of: marker) else { return }
            for word in text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\r" }) {
                if word.hasPrefix("--") { break }
                rules.insert(String(word))
            }
        }
        for line in first...max(first, last) { read(line) }
        var above = first - 1
        while above >= 1 {
            let text = lines[above - 1].trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("--") else { break }
            read(above)
            above -= 1
        }
        return rules
    }

    /// The statement's code words, upper-cased (keywords and bare names; no strings,
    /// quoted names or comments).
    static func words(_ statement: SQLStatement, dialect: SQLDialect) -> [String] {
        SQLSplitter(dialect: dialect).codeTokens(statement.text).compactMap { $0.kind == .word ? $0.text.uppercased() : nil }
    }

    /// A count as people read it: `12,304`, `3.1 M`.
    static func count(_ n: Int) -> String {
        if n >= 1_000_000 {
            let tenths = (n + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10) M"
        }
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return digits + out
    }
}
