import SQLText

/// The code tokens of one stored SQLite definition, with the helpers the definition
/// scanner needs: matching parentheses, dequoted names, normalised and raw text of a range.
///
/// Normalised text joins the tokens with one space wherever the definition had
/// whitespace or a comment between them, and nothing where it had none: `price>0` stays
/// `price>0`, `price  >  0 -- positive` becomes `price > 0`.
struct SQLiteTokens {
    let source: [UInt8]
    let tokens: [SQLCodeToken]
    /// For each `(` its `)` (or the end), for each other token its own index.
    private let closing: [Int]

    init(_ text: String) {
        source = Array(text.utf8)
        tokens = SQLSplitter(dialect: .sqlite).codeTokens(text)
        var closing = Array(tokens.indices)
        var open: [Int] = []
        for (index, token) in tokens.enumerated() where token.kind == .symbol {
            if token.text == "(" {
                open.append(index)
            } else if token.text == ")", let start = open.popLast() {
                closing[start] = index
            }
        }
        for start in open { closing[start] = tokens.count - 1 }
        self.closing = closing
    }

    var count: Int { tokens.count }

    subscript(_ index: Int) -> SQLCodeToken { tokens[index] }

    /// The index of the `)` that closes the `(` at `index`.
    func close(_ index: Int) -> Int { closing[index] }

    /// Whether the token at `index` exists and is the word `keyword` (any case).
    func isWord(_ index: Int, _ keyword: String) -> Bool {
        index < tokens.count && tokens[index].isWord(keyword)
    }

    /// Whether the token at `index` exists and is the symbol `symbol`.
    func isSymbol(_ index: Int, _ symbol: String) -> Bool {
        index < tokens.count && tokens[index].kind == .symbol && tokens[index].text == symbol
    }

    /// Whether the token at `index` can be a name: a word, a quoted identifier or a string.
    func isName(_ index: Int) -> Bool {
        index < tokens.count && tokens[index].kind != .symbol
    }

    /// The name a token stands for, without its quotes.
    func name(_ index: Int) -> String {
        Self.unquoted(tokens[index])
    }

    /// The normalised text of `range` (see the type's description).
    func text(_ range: Range<Int>) -> String {
        var out = ""
        for index in range {
            if index > range.lowerBound, tokens[index].followsGap { out += " " }
            out += tokens[index].text
        }
        return out
    }

    /// The text of `range` exactly as written, comments inside it included.
    func raw(_ range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        return String(decoding: source[tokens[first].utf8Range.lowerBound..<tokens[last].utf8Range.upperBound], as: UTF8.self)
    }

    /// `range` without the parentheses that enclose all of it, however many.
    func strippingParentheses(_ range: Range<Int>) -> Range<Int> {
        var range = range
        while range.count >= 2, isSymbol(range.lowerBound, "("), close(range.lowerBound) == range.upperBound - 1 {
            range = (range.lowerBound + 1)..<(range.upperBound - 1)
        }
        return range
    }

    /// The ranges between the top-level commas of `range`.
    func splitOnCommas(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if isSymbol(index, "(") {
                index = close(index) + 1
                continue
            }
            if isSymbol(index, ",") {
                parts.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    /// A token's name without its quotes: `"a""b"` is `a"b`, `[x]` is `x`, `'t'` is `t`.
    static func unquoted(_ token: SQLCodeToken) -> String {
        let text = token.text
        guard token.kind == .quotedIdentifier || token.kind == .string, let open = text.first else { return text }
        let close: Character = open == "[" ? "]" : open
        var body = Substring(text.dropFirst())
        if body.last == close { body = body.dropLast() }
        if open == "[" { return String(body) }
        var out = ""
        var previousWasQuote = false
        for character in body {
            if character == close, previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = character == close
            out.append(character)
        }
        return out
    }
}
