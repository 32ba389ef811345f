/// The `-- strata:replaces` directive of a migration file: the versions the migration
/// stands for, written as a range (`001..017`), a list (`001, 002, 005`) or both.
///
/// Reading works on the directives the ``ScriptScanner`` found in the file's header;
/// it is a pure function of them, so the loader only collects its errors.
struct ReplacesDirective {
    /// The versions replaced, in the order written.
    var ranges: [VersionRange] = []
    /// Whether `-- strata:foreign-keys off` asks for foreign key enforcement to be off
    /// while the migration runs (a SQLite table rebuild).
    var foreignKeysOff = false
    /// What is wrong with the directives, in the order found; empty when they are valid.
    var errors: [MigrationFileError] = []

    /// How a valid directive looks, for messages.
    private static let example = "e.g. '-- strata:replaces 001..017' or '-- strata:replaces 001, 002, 005'"

    /// Reads the `-- strata:` directives of one file.
    ///
    /// - Parameters:
    ///   - directives: The file's directives, in file order.
    ///   - file: The file as displayed, for errors.
    ///   - version: The migration's own version, which it may not replace.
    init(_ directives: [ScriptScanner.Directive], file: String, version: Version) {
        for directive in directives {
            if directive.name == "foreign-keys" {
                if directive.argument.split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["off"] {
                    foreignKeysOff = true
                } else {
                    errors.append(MigrationFileError(
                        .unknownDirective, file: file, line: directive.line,
                        message: "'-- strata:foreign-keys' takes only 'off': write '-- strata:foreign-keys off'."))
                }
                continue
            }
            // Read by `strata lint` at the statement it is on or above.
            if directive.name == "lint-ignore" {
                if directive.argument.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).isEmpty {
                    errors.append(MigrationFileError(
                        .unknownDirective, file: file, line: directive.line,
                        message: "'-- strata:lint-ignore' needs the rules it silences: write e.g. '-- strata:lint-ignore drop-column'."))
                }
                continue
            }
            guard directive.name == "replaces" else {
                errors.append(MigrationFileError(
                    .unknownDirective, file: file, line: directive.line,
                    message: "unknown directive '-- strata:\(directive.name)'; the directives are '-- strata:replaces VERSIONS' (\(Self.example)), '-- strata:foreign-keys off' and '-- strata:lint-ignore RULE'."))
                continue
            }
            read(directive, file: file, version: version)
        }
    }

    /// Reads one `-- strata:replaces` line.
    private mutating func read(_ directive: ScriptScanner.Directive, file: String, version: Version) {
        let items = directive.argument.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        if items.isEmpty {
            errors.append(MigrationFileError(
                .invalidReplaces, file: file, line: directive.line,
                message: "'-- strata:replaces' needs the versions it replaces, \(Self.example)."))
        }
        for item in items {
            let range: VersionRange
            if let dots = item.firstRange(of: "..") {
                guard let lower = Version(item[..<dots.lowerBound]), let upper = Version(item[dots.upperBound...]) else {
                    errors.append(Self.invalidItem(item, file: file, line: directive.line))
                    continue
                }
                guard lower <= upper else {
                    errors.append(MigrationFileError(
                        .invalidReplaces, file: file, line: directive.line,
                        message: "range '\(item)' runs backwards; write \(upper.text)..\(lower.text)."))
                    continue
                }
                range = VersionRange(lower, through: upper)
            } else {
                guard let single = Version(item) else {
                    errors.append(Self.invalidItem(item, file: file, line: directive.line))
                    continue
                }
                range = VersionRange(single)
            }
            if range.contains(version) {
                errors.append(MigrationFileError(
                    .invalidReplaces, file: file, line: directive.line,
                    message: "'\(item)' includes this migration's own version \(version.text); a migration replaces other versions only."))
                continue
            }
            ranges.append(range)
        }
    }

    private static func invalidItem(_ item: Substring, file: String, line: Int) -> MigrationFileError {
        MigrationFileError(
            .invalidReplaces, file: file, line: line,
            message: "'\(item)' is not a version or a range of versions; \(example).")
    }
}
