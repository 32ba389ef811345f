import StrataTestRandom
import Foundation
import Testing
import SQLText

/// Property tests over thousands of generated scripts (seeded, reproducible).
@Suite struct SQLSplitterPropertyTests {
    // MARK: - Random scripts from fragments

    static let commonFragments = [
        "SELECT", "a", "t1", "x_y", "CREATE", "TABLE", "TRIGGER", "FUNCTION", "PROCEDURE", "OR REPLACE",
        "TEMP", "IF", "NOT", "EXISTS", "BEGIN", "END", "CASE", "WHEN", "THEN", "ATOMIC", "LOOP", "WHILE",
        "REPEAT", "EVENT", "DELIMITER", "delimiter", "1", "42", ".", ",", "(", ")", "=", "-", "/", "*", "+",
        " ", "  ", "\n", "\r\n", "\r", "\t", ";", ";;", "'a;b'", "'it''s'", "'open", "'", "\"q;\"", "\"\"\"",
        "\"", "-- c;\n", "--", "--x", "-- ", "/* c; */", "/*", "*/", "/* open", "\\", "\\'", "é", "日本", "😀",
        "\u{00A0}", "\u{2028}", "$", "$$", "$1", "$a$", "`", "`b;`", "[", "]", "[x;]", "#", "# c;\n", "@",
        "E'\\';'", "e'", "U&'x'", "B'1'", "X'1F'", "/*!40101 x; */", "/*M!1 y */", "/*+ h */", "/*!", "$tag$",
        "$tag$ ; $$ $tag$", "$$x;$$", "DELIMITER $$\n", "DELIMITER ;\n", "DELIMITER //\n", "delimiter ;;\n",
        "DELIMITER\n", "DELIMITER \\\n", "//", "NOT ATOMIC", "END IF", "END CASE", "END LOOP", "NEW.end",
        "\u{FEFF}", "\0", "\u{7F}", "\u{1}",
    ]

    /// Seeds of the random-script test; `SQLTEXT_FUZZ_SEEDS=n` runs more.
    static let fuzzSeeds = 0..<(Int(ProcessInfo.processInfo.environment["SQLTEXT_FUZZ_SEEDS"] ?? "") ?? 2_000)

    /// A random script of up to a few KB.
    static func randomScript(_ random: inout SplitMix64) -> String {
        var script = random.oneIn(20) ? "\u{FEFF}" : ""
        for _ in 0..<random.below(160) {
            switch random.below(10) {
            case 0:
                // A random ASCII byte, control characters included.
                script.unicodeScalars.append(Unicode.Scalar(UInt8(random.below(128))))
            case 1:
                // Random bytes, possibly invalid UTF-8 (repaired by String).
                let bytes = (0..<random.below(6)).map { _ in UInt8(random.below(256)) }
                script += String(decoding: bytes, as: UTF8.self)
            default:
                script += random.pick(commonFragments)
            }
        }
        return script
    }

    @Test(arguments: SQLDialect.allCases)
    func randomScriptsSplitLosslesslyAndConsistently(dialect: SQLDialect) throws {
        let splitter = SQLSplitter(dialect: dialect)
        var errors = 0
        let salt = UInt64(SQLDialect.allCases.firstIndex(of: dialect) ?? 0) << 32
        for seed in Self.fuzzSeeds {
            var random = SplitMix64(seed: UInt64(seed) | salt)
            let script = Self.randomScript(&random)
            let statements: [SQLStatement]
            do {
                statements = try splitter.split(script)
            } catch {
                // Only MySQL's DELIMITER can be misused; every entry point agrees.
                errors += 1
                #expect(dialect == .mysql, "seed \(seed): \(error)")
                #expect(throws: error) { try splitter.segments(script) }
                #expect(throws: error) { try splitter.normalized(script) }
                continue
            }
            let segments = try splitter.segments(script)
            try Self.checkLossless(script, segments, seed: seed)
            try Self.checkStatements(script, statements, segments, dialect: dialect, seed: seed)
            _ = try splitter.normalized(script)
        }
        if dialect == .mysql {
            #expect(errors > 0 && errors < 1_000, "the generator should produce some DELIMITER misuses, not mostly")
        }
    }

    /// The segments give back the script byte for byte, at the offsets they claim.
    static func checkLossless(_ script: String, _ segments: [SQLSegment], seed: Int) throws {
        var joined: [UInt8] = []
        for segment in segments {
            #expect(segment.utf8Offset == joined.count, "seed \(seed): segment offset")
            #expect(!segment.text.isEmpty, "seed \(seed): empty segment")
            joined += segment.text.utf8
            switch segment.kind {
            case .whitespace:
                #expect(segment.text.utf8.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }, "seed \(seed)")
            case .byteOrderMark:
                #expect(segment.utf8Offset == 0 && segment.text == "\u{FEFF}", "seed \(seed)")
            default:
                break
            }
        }
        #expect(joined == Array(script.utf8), "seed \(seed): segments do not join back to the script")
    }

    /// Statements are the statement segments; each sits in the script at its line and
    /// column; none starts or ends with whitespace; splitting one again gives itself.
    static func checkStatements(
        _ script: String, _ statements: [SQLStatement], _ segments: [SQLSegment], dialect: SQLDialect, seed: Int
    ) throws {
        let statementSegments = segments.filter { $0.kind == .statement }
        #expect(statements.map(\.text) == statementSegments.map(\.text), "seed \(seed)")
        #expect(statements.map(\.line) == statementSegments.map(\.line), "seed \(seed)")
        #expect(statements.map(\.column) == statementSegments.map(\.column), "seed \(seed)")
        let bytes = Array(script.utf8)
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let usesDelimiterCommand = segments.contains { $0.kind == .clientCommand }
        for segment in statementSegments {
            let offset = segment.utf8Offset
            let text = Array(segment.text.utf8)
            #expect(Array(bytes[offset..<offset + text.count]) == text, "seed \(seed): text is not at its offset")
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            var lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            if line == 1, hasBOM { lineStart = 3 }
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
            #expect(segment.line == line, "seed \(seed): line")
            #expect(segment.column == column, "seed \(seed): column after \(String(decoding: bytes[lineStart..<offset], as: UTF8.self).debugDescription)")
            // Only an unterminated string or comment, which runs to the end, may end in a space.
            let endsScript = offset + text.count == bytes.count
            #expect(!isSpace(text[0]) && (endsScript || !isSpace(text[text.count - 1])), "seed \(seed): untrimmed statement")
            if !usesDelimiterCommand, !segment.text.hasPrefix("\u{FEFF}") {
                let again = try SQLSplitter(dialect: dialect).split(segment.text).map(\.text)
                #expect(again == [segment.text], "seed \(seed): a statement split again is not itself")
            }
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    // MARK: - Known statements, random trivia

    static let atoms: [SQLDialect: [String]] = [
        .sqlite: [
            "CREATE TEMP TRIGGER IF NOT EXISTS tr BEFORE INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM u; END",
            "CREATE TRIGGER tr AFTER UPDATE ON t WHEN CASE WHEN 1 THEN 1 END BEGIN UPDATE t SET a = NEW.end; END",
            "SELECT [a;b], `c;d`, 'e\\'", "BEGIN TRANSACTION", "END", "SELECT $a, :b",
        ],
        .postgres: [
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
            "DO $x$ BEGIN PERFORM 1; END $x$", "SELECT E'it\\'s;', 'a\\'",
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END",
            "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "SELECT $1, a$b",
            "SELECT /* a /* b; */ c */ 1",
        ],
        .mysql: [
            "CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x THEN SELECT 1; END IF; lbl: LOOP LEAVE lbl; END LOOP lbl; END",
            "CREATE DEFINER=`u`@`%` TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END",
            "BEGIN NOT ATOMIC SELECT 1; END", "SELECT 'it\\'s;', \"a\\\";\"", "/*!40101 SET x = 1 */",
            "SELECT 1 # c;\n + 2", "SELECT 1--1", "BEGIN WORK", "CREATE FUNCTION f() RETURNS INT RETURN 1",
        ],
    ]

    static let commonAtoms = [
        "SELECT 1", "SELECT 'a;b', \"c;d\"", "INSERT INTO t VALUES ('it''s; ok')", "SELECT a /* ; */ FROM t",
        "SELECT 1 -- c;\n + 2", "BEGIN", "COMMIT", "SELECT 'é;日本;😀'", "CREATE TABLE t (a int, b text)",
    ]

    @Test(arguments: SQLDialect.allCases)
    func knownStatementsAmidRandomTriviaAreFoundExactly(dialect: SQLDialect) throws {
        let atoms = Self.commonAtoms + (Self.atoms[dialect] ?? [])
        var trivia = ["", " ", "\n", "\r\n", "\t", "  \n\n", "-- c;\n", "/* c; */", "/* x */\n"]
        if dialect == .mysql { trivia.append("# c;\n") }
        let splitter = SQLSplitter(dialect: dialect)
        for seed in 0..<1_000 {
            var random = SplitMix64(seed: UInt64(seed))
            var script = ""
            var expected: [SQLStatement] = []
            var delimiter = ";"
            var line = 1
            var column = 1
            func add(_ text: String) {
                for character in text {
                    if character == "\n" || character == "\r\n" {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                }
                script += text
            }
            for index in 0..<random.below(12) {
                if dialect == .mysql, random.oneIn(4) {
                    // Switch the delimiter on a line of its own.
                    let next = random.pick([";", "$$", "//", ";;"])
                    add("\nDELIMITER \(next)\n")
                    delimiter = next
                }
                add(random.pick(trivia))
                let atom = random.pick(atoms)
                expected.append(SQLStatement(text: atom, line: line, column: column))
                add(atom)
                add(random.pick(trivia))
                if random.oneIn(3) { add(delimiter + random.pick(trivia) + delimiter) } // an empty statement
                if index < 11 || !random.oneIn(2) { add(delimiter) }
            }
            add(random.pick(trivia))
            let statements = try splitter.split(script)
            #expect(statements == expected, "seed \(seed): \(script)")
        }
    }

    // MARK: - Normalization: cosmetic rendering versus token changes

    static func tokens(for dialect: SQLDialect) -> [String] {
        var tokens = [
            "SELECT", "a", "b_1", "FROM", "t", "WHERE", "1", "42", "'a  b'", "'it''s'", "\"Q  q\"",
            "(", ")", ",", "=", "+", "*", "<", ">", ".", ";", "ü", "日本",
        ]
        switch dialect {
        case .postgres: tokens += ["$$ x  ; y $$", "E'\\'  '", "$1", "::"]
        case .mysql: tokens += ["`b  c`", "/*!1 x  y */", "'x\\'  y'", "@v"]
        case .sqlite: tokens += ["`b  c`", "[d  e]", "?"]
        }
        return tokens
    }

    static func isWordish(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == 0x5F || byte == 0x24 || (0x30...0x39).contains(byte)
            || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Whether two tokens written side by side would read differently.
    static func mustSeparate(_ left: String, _ right: String) -> Bool {
        guard let last = left.utf8.last, let first = right.utf8.first else { return false }
        if isWordish(last), isWordish(first) || first == 0x27 || first == 0x22 { return true }
        return last == first && (last == 0x27 || last == 0x22 || last == 0x60 || last == 0x3A)
    }

    @Test(arguments: SQLDialect.allCases)
    func cosmeticRenderingsNormalizeAlikeAndTokenChangesDoNot(dialect: SQLDialect) throws {
        let vocabulary = Self.tokens(for: dialect)
        var trivia = [" ", "\n", "\r\n", "\t", "  \n    ", "/* c */", "-- c\n", "\n\n-- c;\n/* d; */\n"]
        if dialect == .mysql { trivia.append("# c\n") }
        let splitter = SQLSplitter(dialect: dialect)
        for seed in 0..<1_000 {
            var random = SplitMix64(seed: UInt64(seed) &+ 1_000_000)
            let tokens = (0..<1 + random.below(40)).map { _ in random.pick(vocabulary) }
            let plain = tokens.joined(separator: " ")
            var reformatted = random.oneIn(2) ? random.pick(trivia) : ""
            for (index, token) in tokens.enumerated() {
                if index > 0 {
                    let mustSeparate = Self.mustSeparate(tokens[index - 1], token)
                    if mustSeparate || random.oneIn(2) { reformatted += random.pick(trivia) }
                }
                reformatted += token
            }
            let expected = try splitter.normalized(plain)
            let actual = try splitter.normalized(reformatted)
            #expect(actual == expected, "seed \(seed): \(plain) | \(reformatted)")
            #expect(try splitter.split(plain).count == splitter.split(reformatted).count, "seed \(seed)")

            // Changing one word token changes the normalized form, unless that token sits
            // in an empty statement (which normalization rightly ignores).
            let wordIndices = tokens.indices.filter { Self.isWordish(tokens[$0].utf8.first ?? 0) && !tokens[$0].hasPrefix("$") }
            if !wordIndices.isEmpty {
                var changed = tokens
                let index = random.pick(wordIndices)
                changed[index] += "z"
                let mutated = try splitter.normalized(changed.joined(separator: " "))
                #expect(mutated != expected, "seed \(seed): changing \(tokens[index]) went unnoticed")
            }
        }
    }
}
