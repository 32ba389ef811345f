import SQLText
import Testing

@Suite("SQL code tokens")
struct SQLCodeTokenTests {
    @Test("words, strings, quoted names and symbols, without comments, with their gaps")
    func tokens() {
        let tokens = SQLSplitter(dialect: .sqlite).codeTokens("CHECK (\"we\"\"ird\" >= -1.5 /* c */ AND [x y] <> 'a''b')--end")
        #expect(tokens.map(\.text) == ["CHECK", "(", "\"we\"\"ird\"", ">", "=", "-", "1", ".", "5", "AND", "[x y]", "<", ">", "'a''b'", ")"])
        #expect(tokens.map(\.kind) == [
            .word, .symbol, .quotedIdentifier, .symbol, .symbol, .symbol, .word, .symbol, .word, .word,
            .quotedIdentifier, .symbol, .symbol, .string, .symbol,
        ])
        #expect(tokens.map(\.followsGap) == [false, true, false, true, false, true, false, false, false, true, true, true, false, true, false])
        #expect(tokens[0].isWord("check") && !tokens[2].isWord("we"))
        #expect(tokens[13].utf8Range == 46..<52)
    }
}
