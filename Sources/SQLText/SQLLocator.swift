/// Turns byte offsets, asked in increasing order, into 1-based lines and columns.
///
/// Lines end at `\n` (so `\r\n` counts once). Columns count characters from the start of
/// the line; a byte order mark is not counted. The work is linear in the script's length
/// however many offsets are asked, even on one very long line.
struct SQLLocator {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Everything before `scanned` has been counted.
    private var scanned = 0
    private var line = 1
    /// Characters of the current line before `columnBase`.
    private var columnCount = 0
    private var columnBase = 0
    /// Where the current line starts (after a byte order mark on line 1).
    private var lineStart = 0
    /// Whether a non-ASCII byte lies between `columnBase` and `scanned`.
    private var sawNonASCII = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            scanned = 3
            columnBase = 3
            lineStart = 3
        }
    }

    /// The line and column of `offset`, which is not before the previous one asked.
    mutating func locate(_ offset: Int) -> (line: Int, column: Int) {
        if offset < scanned {
            // Only the byte order mark itself sits before the first scanned byte.
            return (1, 1)
        }
        var index = scanned
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                columnCount = 0
                columnBase = index + 1
                lineStart = index + 1
                sawNonASCII = false
            } else if byte >= 0x80 {
                sawNonASCII = true
            }
            index += 1
        }
        scanned = offset
        let startsNonASCII = (offset < bytes.count && bytes[offset] >= 0x80)
            || (columnBase < offset && bytes[columnBase] >= 0x80)
        if startsNonASCII, offset - lineStart <= 1 << 12 {
            // A non-ASCII character at either end of the chunk may combine with the
            // character before it (a combining mark after a quote): count the line's
            // prefix as a whole. Bounded, so that a huge single-line script stays linear.
            columnCount = bytes.string(lineStart, offset).count
        } else if sawNonASCII {
            columnCount += bytes.string(columnBase, offset).count
        } else {
            columnCount += offset - columnBase
        }
        sawNonASCII = false
        columnBase = offset
        return (line, columnCount + 1)
    }

    /// The public error for a lexer failure.
    mutating func error(_ failure: SQLLexerFailure) -> SQLSplitError {
        var fresh = SQLLocator(bytes: bytes)
        let (line, column) = fresh.locate(failure.offset)
        return SQLSplitError(code: failure.code, line: line, column: column, message: failure.message)
    }
}
