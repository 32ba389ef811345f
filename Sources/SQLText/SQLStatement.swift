/// One statement of a script, as the splitter sees it.
public struct SQLStatement: Sendable, Hashable {
    /// The statement's text exactly as written, from its first token to its end,
    /// without the terminating delimiter (`;` or a MySQL `DELIMITER` string) and without
    /// leading comments or whitespace.
    public var text: String
    /// The 1-based line on which the statement's first token starts, counted in the
    /// whole script.
    public var line: Int
    /// The 1-based column (in characters) at which the statement's first token starts.
    public var column: Int

    /// Creates a statement.
    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}
