/// One piece of a script as the splitter reads it.
///
/// The segments of a script, in order, cover it completely and without overlap: joining
/// their ``text`` gives back the script exactly, byte for byte. A ``Kind/statement``
/// segment has the same text as the ``SQLStatement`` the splitter returns for it;
/// comments and whitespace inside a statement belong to the statement segment, those
/// before and after it are segments of their own.
///
/// ## Topics
///
/// ### Reading a segment
/// - ``kind``
/// - ``text``
/// - ``utf8Offset``
/// - ``line``
/// - ``column``
public struct SQLSegment: Sendable, Hashable {
    /// What a segment is.
    public enum Kind: Sendable, Hashable {
        /// A statement, from its first token to the end of its last token.
        case statement
        /// The delimiter that ends a statement: `;`, or the string set by a MySQL
        /// `DELIMITER` command. A `;` that stands alone (an empty statement) is one too.
        case delimiter
        /// A comment outside any statement, with its `--`, `#` or `/* */` markers; a line
        /// comment does not include the line break that ends it.
        case comment
        /// A run of spaces, tabs and line breaks outside any statement.
        case whitespace
        /// A MySQL client command line (`DELIMITER $$`), up to but not including its line
        /// break; it is never sent to the server.
        case clientCommand
        /// The UTF-8 byte order mark at the very start of the script.
        case byteOrderMark
    }

    /// What this segment is.
    public var kind: Kind
    /// The segment's text, exactly as in the script.
    public var text: String
    /// The offset of the segment's first byte in the script's UTF-8 encoding.
    public var utf8Offset: Int
    /// The 1-based line on which the segment starts.
    public var line: Int
    /// The 1-based column (in characters) at which the segment starts; a byte order mark
    /// is not counted.
    public var column: Int

    /// Creates a segment.
    public init(kind: Kind, text: String, utf8Offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.text = text
        self.utf8Offset = utf8Offset
        self.line = line
        self.column = column
    }
}
