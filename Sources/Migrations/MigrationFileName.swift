import SQLText

/// What a file name says about a file: which format, version, description, and for paired
/// files the engine, direction and `.autocommit.` flag. Works on the name only.
struct MigrationFileName {
    /// The engine a paired file is for.
    enum Engine: Hashable {
        /// No engine part: serves every engine without a file of its own.
        case generic
        /// One of Strata's engines (synonyms resolved).
        case known(SQLDialect)
        /// An engine Strata does not drive (`.cockroach.`): the file is ignored.
        case unknown(String)
    }

    /// Up or down.
    enum Direction: Hashable {
        case up, down
    }

    /// The file's format.
    enum Kind: Hashable {
        /// `VERSION_name.sql`: sectioned (with markers) or plain (without).
        case single
        /// `VERSION_name[.ENGINE][.autocommit].up|down.sql`.
        case paired(Engine, Direction, autocommit: Bool)
        /// Flyway `V1__name.sql`.
        case flywayVersioned
        /// Flyway `U1__name.sql`.
        case flywayUndo
        /// Flyway `R__name.sql`.
        case flywayRepeatable
    }

    /// The result of reading a name.
    enum Parsed {
        /// A migration file.
        case migration(MigrationFileName)
        /// Not a migration file (not `.sql`, hidden, `schema.sql`, …).
        case ignored
        /// Looks like a migration but matches no format; the message says what to do.
        case invalid(String)
    }

    /// The format.
    var kind: Kind
    /// The version (nil for repeatables).
    var version: Version?
    /// The description: the text after `VERSION_` (or `__`) up to the first `.`.
    var description: String

    // MARK: - Parsing

    /// Whether the loader reads (or rejects) a file of this name, rather than ignoring it:
    /// the files the build plugin embeds.
    package static func isConsidered(_ name: String) -> Bool {
        if case .ignored = parse(name) { return false }
        return true
    }

    /// Reads a file name.
    static func parse(_ name: String) -> Parsed {
        var name = name
        return name.withUTF8 { parse(bytes: $0) }
    }

    private static let underscore = UInt8(ascii: "_")
    private static let dot = UInt8(ascii: ".")

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Whether the bytes in `range` are `word` (lowercase ASCII), ignoring case.
    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for (offset, index) in range.enumerated() where b[index] | 0x20 != letters[offset] {
            return false
        }
        return true
    }

    private static func text(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
    }

    private static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Parsed {
        let n = b.count
        guard n > 4, b[n - 4] == dot,
            b[n - 3] | 0x20 == UInt8(ascii: "s"),
            b[n - 2] | 0x20 == UInt8(ascii: "q"),
            b[n - 1] | 0x20 == UInt8(ascii: "l"),
            b[0] != dot
        else { return .ignored }
        let stemEnd = n - 4
        if isDigit(b[0]) {
            return parseNumbered(b, stemEnd: stemEnd)
        }
        let prefix = b[0]
        if prefix == UInt8(ascii: "V") || prefix == UInt8(ascii: "U") || prefix == UInt8(ascii: "R"),
            stemEnd > 1,
            isDigit(b[1]) || (stemEnd > 2 && b[1] == underscore && b[2] == underscore)
        {
            return parseFlyway(b, stemEnd: stemEnd)
        }
        return .ignored
    }

    /// `VERSION_name.sql` and paired `VERSION_name[.ENGINE][.autocommit].up|down.sql`.
    private static func parseNumbered(_ b: UnsafeBufferPointer<UInt8>, stemEnd: Int) -> Parsed {
        var i = 0
        while i < stemEnd, isDigit(b[i]) { i += 1 }
        let versionText = text(b, 0..<i)
        guard i < stemEnd, b[i] != dot else {
            return .invalid("has a version but no name; rename it to \(versionText)_NAME\(text(b, i..<b.count)), where NAME says what it does.")
        }
        guard b[i] == underscore else {
            let separator = b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: " ") ? 1 : 0
            let suggestion = "\(versionText)_" + text(b, (i + separator)..<b.count)
            return .invalid("expected '_' after the version \(versionText); rename it to \(suggestion).")
        }
        let descriptionStart = i + 1
        var descriptionEnd = descriptionStart
        while descriptionEnd < stemEnd, b[descriptionEnd] != dot { descriptionEnd += 1 }
        guard descriptionEnd > descriptionStart else {
            return .invalid("has an empty name after '\(versionText)_'; rename it to \(versionText)_NAME\(text(b, descriptionEnd..<b.count)).")
        }
        let version = Version(digits: versionText)
        let description = text(b, descriptionStart..<descriptionEnd)
        guard descriptionEnd < stemEnd else {
            return .migration(MigrationFileName(kind: .single, version: version, description: description))
        }
        // The dot-separated parts between the description and ".sql", read in place; a
        // String is made only for an engine name and for messages.
        var parts: [Range<Int>] = []
        var partStart = descriptionEnd + 1
        for index in partStart...stemEnd where index == stemEnd || b[index] == dot {
            parts.append(partStart..<index)
            partStart = index + 1
        }
        func lowered(_ range: Range<Int>) -> String { text(b, range).lowercased() }
        func ending() -> String { "'." + parts.map(lowered).joined(separator: ".") + ".sql'" }
        let formats = "use VERSION_name.sql, VERSION_name.up.sql and VERSION_name.down.sql, or VERSION_name.ENGINE.up.sql"
        let directionPart = parts[parts.count - 1]
        let direction: Direction
        if matches(b, directionPart, "up") {
            direction = .up
        } else if matches(b, directionPart, "down") {
            direction = .down
        } else {
            let last = lowered(directionPart)
            if last == "autocommit" || SQLDialect(engineName: last) != nil {
                return .invalid("\(ending()) does not say up or down; rename it to \(versionText)_\(description).\(parts.map(lowered).joined(separator: ".")).up.sql or .down.sql.")
            }
            return .invalid("\(ending()) is not a migration file ending; \(formats).")
        }
        var engine = Engine.generic
        var autocommit = false
        for part in parts.dropLast() {
            if matches(b, part, "autocommit") {
                guard !autocommit else { return .invalid("says '.autocommit.' twice; say it once.") }
                autocommit = true
            } else if part.isEmpty || matches(b, part, "up") || matches(b, part, "down")
                || !b[part].allSatisfy({ isDigit($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) })
            {
                return .invalid("\(ending()) is not a migration file ending; \(formats).")
            } else {
                guard engine == .generic else {
                    return .invalid("\(ending()) names two engines; a paired file is for one engine, or for all (no engine part).")
                }
                let name = text(b, part)
                engine = SQLDialect(engineName: name).map(Engine.known) ?? .unknown(name.lowercased())
            }
        }
        return .migration(MigrationFileName(
            kind: .paired(engine, direction, autocommit: autocommit), version: version, description: description))
    }

    /// Flyway `V1__name.sql`, `V1.2__name.sql`, `V1_2__name.sql`, `U1__name.sql`, `R__name.sql`.
    private static func parseFlyway(_ b: UnsafeBufferPointer<UInt8>, stemEnd: Int) -> Parsed {
        let prefix = b[0]
        let letter = text(b, 0..<1)
        let versionStart = 1
        var i = versionStart
        // The version: digits separated by single '.' or '_', ended by "__".
        while i < stemEnd {
            if isDigit(b[i]) {
                i += 1
            } else if b[i] == underscore, i + 1 < stemEnd, b[i + 1] == underscore {
                break
            } else if (b[i] == dot || b[i] == underscore), i + 1 < stemEnd, isDigit(b[i + 1]), i > versionStart {
                i += 1
            } else {
                break
            }
        }
        let versionText = text(b, versionStart..<i)
        guard i + 1 < stemEnd, b[i] == underscore, b[i + 1] == underscore else {
            var suggestion = "\(letter)\(versionText)__"
            var restStart = i
            if restStart < stemEnd, b[restStart] == underscore || b[restStart] == UInt8(ascii: "-") { restStart += 1 }
            suggestion += restStart < stemEnd ? text(b, restStart..<b.count) : "NAME.sql"
            return .invalid("looks like a Flyway migration but has no '__' (two underscores) after the version; rename it to \(suggestion).")
        }
        let descriptionStart = i + 2
        var descriptionEnd = descriptionStart
        while descriptionEnd < stemEnd, b[descriptionEnd] != dot { descriptionEnd += 1 }
        guard descriptionEnd > descriptionStart else {
            return .invalid("has no description after '__'; rename it to \(letter)\(versionText)__NAME.sql.")
        }
        guard descriptionEnd == stemEnd else {
            return .invalid("a Flyway file name has nothing between its description and '.sql'; rename it to \(text(b, 0..<descriptionEnd)).sql.")
        }
        let description = text(b, descriptionStart..<descriptionEnd)
        if prefix == UInt8(ascii: "R") {
            guard versionText.isEmpty else {
                return .invalid("repeatable migrations have no version; rename it to R__\(description).sql.")
            }
            return .migration(MigrationFileName(kind: .flywayRepeatable, version: nil, description: description))
        }
        guard !versionText.isEmpty, let version = Version(versionText) else {
            return .invalid("has no version after '\(letter)'; rename it to \(letter)1__\(description).sql, with the version it should have.")
        }
        let kind: Kind = prefix == UInt8(ascii: "V") ? .flywayVersioned : .flywayUndo
        return .migration(MigrationFileName(kind: kind, version: version, description: description))
    }
}
