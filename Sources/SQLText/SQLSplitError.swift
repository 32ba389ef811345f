/// An error found while splitting a script: a misuse of the MySQL client's `DELIMITER`
/// command.
///
/// The splitter never fails on SQL the server would reject (an unterminated string,
/// comment or dollar quote): it hands that text on as a statement, so that the engine
/// reports the problem with its own message. `DELIMITER` is different: it is a command of
/// the `mysql` client, never sent to the server, so a misuse can only be reported here.
///
/// ## Topics
///
/// ### Reading the error
/// - ``code``
/// - ``line``
/// - ``column``
/// - ``message``
public struct SQLSplitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error; a struct rather than an enum so that new kinds do not break
    /// the API.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// `DELIMITER` with no delimiter string after it on its line.
        public static let missingDelimiter = Code("missingDelimiter")
        /// A `DELIMITER` string that contains a backslash, which the `mysql` client refuses.
        public static let invalidDelimiter = Code("invalidDelimiter")

        /// The code's name, e.g. `missingDelimiter`.
        public var description: String { name }
    }

    /// The kind of error.
    public var code: Code
    /// The 1-based line of the offending `DELIMITER` command in the script.
    public var line: Int
    /// The 1-based column (in characters) of the offending `DELIMITER` command.
    public var column: Int
    /// What is wrong and what to do, as one sentence.
    public var message: String

    /// Creates an error.
    public init(code: Code, line: Int, column: Int, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`, ready to be prefixed with a file name.
    public var description: String { "\(line):\(column): \(message)" }
}
