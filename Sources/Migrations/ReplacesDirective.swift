import SQLText

/// The `-- strata:replaces` directive.
extension MigrationSetLoader {
    // MARK: - Directives

    /// The versions replaced according to `-- strata:replaces` lines, or nil after
    /// recording errors.
    mutating func readDirectives(
        _ directives: [ScriptScanner.Directive], file: String, version: Version
    ) -> [VersionRange]? {
        var ranges: [VersionRange] = []
        var ok = true
        let example = "e.g. '-- strata:replaces 001..017' or '-- strata:replaces 001, 002, 005'"
        for directive in directives {
            guard directive.name == "replaces" else {
                errors.append(MigrationFileError(
                    .unknownDirective, file: file, line: directive.line,
                    message: "unknown directive '-- strata:\(directive.name)'; the only one is '-- strata:replaces VERSIONS' (\(example))."))
                ok = false
                continue
            }
            let items = directive.argument.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            if items.isEmpty {
                errors.append(MigrationFileError(
                    .invalidReplaces, file: file, line: directive.line,
                    message: "'-- strata:replaces' needs the versions it replaces, \(example)."))
                ok = false
            }
            for item in items {
                let range: VersionRange
                if let dots = item.firstRange(of: "..") {
                    guard let lower = Version(item[..<dots.lowerBound]), let upper = Version(item[dots.upperBound...]) else {
                        errors.append(invalidItem(item, file: file, line: directive.line, example: example))
                        ok = false
                        continue
                    }
                    guard lower <= upper else {
                        errors.append(MigrationFileError(
                            .invalidReplaces, file: file, line: directive.line,
                            message: "range '\(item)' runs backwards; write \(upper.text)..\(lower.text)."))
                        ok = false
                        continue
                    }
                    range = VersionRange(lower, through: upper)
                } else {
                    guard let single = Version(item) else {
                        errors.append(invalidItem(item, file: file, line: directive.line, example: example))
                        ok = false
                        continue
                    }
                    range = VersionRange(single)
                }
                if range.contains(version) {
                    errors.append(MigrationFileError(
                        .invalidReplaces, file: file, line: directive.line,
                        message: "'\(item)' includes this migration's own version \(version.text); a migration replaces other versions only."))
                    ok = false
                    continue
                }
                ranges.append(range)
            }
        }
        return ok ? ranges : nil
    }

    private func invalidItem(_ item: Substring, file: String, line: Int, example: String) -> MigrationFileError {
        MigrationFileError(
            .invalidReplaces, file: file, line: line,
            message: "'\(item)' is not a version or a range of versions; \(example).")
    }
}
