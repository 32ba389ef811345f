/// Reads the lines of a migration file that Strata itself interprets: `-- migrate:`
/// section markers and `-- strata:` header directives. Everything else is SQL or comment,
/// left to the splitter.
struct ScriptScanner {
    /// A `-- migrate:WORD option…` line.
    struct Marker {
        /// 1-based line number.
        var line: Int
        /// The word after `migrate:` (`up`, `down`, or something unknown).
        var direction: String
        /// The whitespace-separated words after it (`transaction:false`).
        var options: [String]
        /// Byte offset of the line's start.
        var lineStart: Int
        /// Byte offset just after the line's line break (or the end of the file).
        var nextLineStart: Int
    }

    /// A `-- strata:NAME argument` line in the header.
    struct Directive {
        var line: Int
        var name: String
        var argument: String
    }

    /// The markers, in file order (only when markers are allowed).
    var markers: [Marker] = []
    /// The header directives, in file order.
    var directives: [Directive] = []
    /// The line of the first SQL text before the first marker, if any.
    var firstSQLLineBeforeMarkers: Int?
    /// The number of bytes scanned.
    let byteCount: Int

    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let migratePrefix = Array("migrate:".utf8)
    private static let strataPrefix = Array("strata:".utf8)

    /// Scans `bytes` (UTF-8, without a byte order mark).
    ///
    /// - Parameter allowMarkers: whether `-- migrate:` lines are markers (single-file
    ///   format) or plain comments (paired and Flyway files).
    init(_ bytes: UnsafeBufferPointer<UInt8>, allowMarkers: Bool) {
        byteCount = bytes.count
        var lineStart = 0
        var line = 1
        var inHeader = true
        var inBlockComment = false
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 10 { lineEnd += 1 }
            let nextLineStart = lineEnd < count ? lineEnd + 1 : count
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
            var i = Self.skipBlanks(bytes, from: lineStart, to: contentEnd)

            var isSQL = false
            if inBlockComment {
                if let close = Self.find(bytes, "*/", from: i, to: contentEnd) {
                    inBlockComment = false
                    isSQL = !Self.isCommentOrBlank(bytes, from: close + 2, to: contentEnd)
                }
            } else if i == contentEnd {
                // blank line
            } else if bytes[i] == Self.dash, i + 1 < contentEnd, bytes[i + 1] == Self.dash {
                i = Self.skipBlanks(bytes, from: i + 2, to: contentEnd)
                if allowMarkers, Self.hasPrefix(bytes, Self.migratePrefix, at: i, end: contentEnd),
                    i + Self.migratePrefix.count < contentEnd,
                    Self.isLetter(bytes[i + Self.migratePrefix.count])
                {
                    let words = Self.words(bytes, from: i + Self.migratePrefix.count, to: contentEnd)
                    let direction = words.first ?? ""
                    markers.append(Marker(
                        line: line, direction: direction, options: Array(words.dropFirst()),
                        lineStart: lineStart, nextLineStart: nextLineStart))
                    if direction != "up" { inHeader = false }
                } else if inHeader, Self.hasPrefix(bytes, Self.strataPrefix, at: i, end: contentEnd),
                    i + Self.strataPrefix.count < contentEnd,
                    Self.isLetter(bytes[i + Self.strataPrefix.count])
                {
                    let words = Self.words(bytes, from: i + Self.strataPrefix.count, to: contentEnd)
                    var nameEnd = i + Self.strataPrefix.count
                    while nameEnd < contentEnd, !Self.isBlank(bytes[nameEnd]) { nameEnd += 1 }
                    let argumentStart = Self.skipBlanks(bytes, from: nameEnd, to: contentEnd)
                    var argumentEnd = contentEnd
                    while argumentEnd > argumentStart, Self.isBlank(bytes[argumentEnd - 1]) { argumentEnd -= 1 }
                    directives.append(Directive(
                        line: line, name: words.first ?? "",
                        argument: Self.string(bytes, from: argumentStart, to: argumentEnd)))
                }
            } else if bytes[i] == Self.slash, i + 1 < contentEnd, bytes[i + 1] == Self.star {
                if let close = Self.find(bytes, "*/", from: i + 2, to: contentEnd) {
                    isSQL = !Self.isCommentOrBlank(bytes, from: close + 2, to: contentEnd)
                } else {
                    inBlockComment = true
                }
            } else {
                isSQL = true
            }
            if isSQL {
                inHeader = false
                if markers.isEmpty, firstSQLLineBeforeMarkers == nil {
                    firstSQLLineBeforeMarkers = line
                }
            }
            lineStart = nextLineStart
            line += 1
            // Without markers only the header matters: stop at the first SQL line.
            if !allowMarkers, !inHeader { break }
        }
    }

    // MARK: - Byte helpers

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 13 || byte == 11 || byte == 12
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func skipBlanks(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int {
        var i = from
        while i < end, isBlank(bytes[i]) { i += 1 }
        return i
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], at start: Int, end: Int) -> Bool {
        guard end - start >= prefix.count else { return false }
        for (offset, byte) in prefix.enumerated() where bytes[start + offset] != byte {
            return false
        }
        return true
    }

    /// The offset of `needle` (ASCII) within `from..<end`.
    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int, to end: Int) -> Int? {
        let pattern = needle.utf8Start
        let length = needle.utf8CodeUnitCount
        var i = from
        while i + length <= end {
            var matched = true
            for k in 0..<length where bytes[i + k] != pattern[k] {
                matched = false
                break
            }
            if matched { return i }
            i += 1
        }
        return nil
    }

    /// Whether `from..<end` holds only blanks or a trailing `--` comment.
    private static func isCommentOrBlank(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Bool {
        let i = skipBlanks(bytes, from: from, to: end)
        return i == end || (i + 1 < end && bytes[i] == dash && bytes[i + 1] == dash)
    }

    private static func words(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> [String] {
        var result: [String] = []
        var i = from
        while i < end {
            i = skipBlanks(bytes, from: i, to: end)
            let start = i
            while i < end, !isBlank(bytes[i]) { i += 1 }
            if i > start { result.append(string(bytes, from: start, to: i)) }
        }
        return result
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self)
    }
}
