import SQLText

/// The single-file formats: strata/dbmate `VERSION_name.sql` with `-- migrate:up` and
/// `-- migrate:down` sections, and plain up-only files without markers.
extension MigrationSetLoader {
    // MARK: Single file

    mutating func buildSingle(_ version: Version, _ entries: [Entry]) -> Migration? {
        guard entries.count == 1 else {
            let entries = sorted(entries)
            for other in entries.dropFirst() { duplicate(entries[0], other) }
            return nil
        }
        let entry = entries[0]
        let file = display(entry.name)
        guard let bytes = readValidated(entry.name) else { return nil }
        return bytes.data.withUnsafeBufferPointer { whole -> Migration? in
            let body = UnsafeBufferPointer(rebasing: whole[bytes.start...])
            let scan = ScriptScanner(body, allowMarkers: true)
            let replaces = readDirectives(scan.directives, file: file, version: version)
            if scan.markers.isEmpty {
                guard let replaces else { return nil }
                let range = bytes.start..<whole.count
                let up = MigrationScript(
                    file: file, firstLine: 1, sql: ScriptScanner.string(body, from: 0, to: body.count),
                    dialect: engine, transactional: true, checksum: checksum(of: entry.name, range, body),
                    semanticChecksum: directory.precomputedSemanticChecksum(of: entry.name, bytes: range, dialect: engine))
                return Migration(
                    version: version, name: entry.parsed.description, format: .plain, up: up,
                    replaces: replaces.replaces, foreignKeysOff: replaces.foreignKeysOff, downFile: nil, downSource: .none)
            }
            let sections = readSections(scan, file: file)
            guard let sections, let replaces else { return nil }
            let start = bytes.start
            func script(_ range: Range<Int>, line: Int, transactional: Bool) -> MigrationScript {
                let section = UnsafeBufferPointer(rebasing: body[range])
                let inFile = (start + range.lowerBound)..<(start + range.upperBound)
                return MigrationScript(
                    file: file, firstLine: line, sql: ScriptScanner.string(section, from: 0, to: section.count),
                    dialect: engine, transactional: transactional, checksum: checksum(of: entry.name, inFile, section),
                    semanticChecksum: directory.precomputedSemanticChecksum(of: entry.name, bytes: inFile, dialect: engine))
            }
            let up = script(sections.up.range, line: sections.up.line, transactional: sections.up.transactional)
            let down = sections.down.map { section -> Migration.DownSource in
                let bytes = UnsafeBufferPointer(rebasing: body[section.range])
                return .section(
                    sql: ScriptScanner.string(bytes, from: 0, to: bytes.count),
                    firstLine: section.line, transactional: section.transactional)
            }
            return Migration(
                version: version, name: entry.parsed.description, format: .sectioned, up: up,
                replaces: replaces.replaces, foreignKeysOff: replaces.foreignKeysOff, downFile: down == nil ? nil : file, downSource: down ?? .none)
        }
    }

    private struct Section {
        var range: Range<Int>
        var line: Int
        var transactional: Bool
    }

    /// The up and down sections of a file with markers, or nil after recording its errors.
    private mutating func readSections(
        _ scan: ScriptScanner, file: String
    ) -> (up: Section, down: Section?)? {
        var fileErrors: [MigrationFileError] = []
        var up: (marker: ScriptScanner.Marker, transactional: Bool)?
        var down: (marker: ScriptScanner.Marker, transactional: Bool)?
        let firstUpLine = scan.markers.first { $0.direction == "up" }?.line
        for marker in scan.markers {
            switch marker.direction {
            case "up", "down":
                let isUp = marker.direction == "up"
                if let first = isUp ? up?.marker : down?.marker {
                    fileErrors.append(MigrationFileError(
                        .duplicateMarker, file: file, line: marker.line,
                        message: "second '-- migrate:\(marker.direction)' (the first is on line \(first.line)); a file has one \(marker.direction) section: merge them."))
                    continue
                }
                if !isUp, up == nil, firstUpLine != nil {
                    fileErrors.append(MigrationFileError(
                        .downBeforeUp, file: file, line: marker.line,
                        message: "'-- migrate:down' before '-- migrate:up'; put the up section first."))
                }
                let transactional = readOptions(marker, file: file, into: &fileErrors)
                if isUp { up = (marker, transactional) } else { down = (marker, transactional) }
            default:
                fileErrors.append(MigrationFileError(
                    .unknownMarker, file: file, line: marker.line,
                    message: "unknown marker '-- migrate:\(marker.direction)'; use '-- migrate:up' or '-- migrate:down'."))
            }
        }
        if up == nil, let down {
            fileErrors.append(MigrationFileError(
                .missingUpSection, file: file, line: down.marker.line,
                message: "has '-- migrate:down' but no '-- migrate:up'; add '-- migrate:up' above the up SQL."))
        }
        if let line = scan.firstSQLLineBeforeMarkers {
            let before = firstUpLine.map { "'-- migrate:up' (line \($0))" } ?? "the first '-- migrate:' marker"
            fileErrors.append(MigrationFileError(
                .textBeforeMarker, file: file, line: line,
                message: "SQL before \(before); move it into a section or delete it (only comments may come first)."))
        }
        guard fileErrors.isEmpty, let up else {
            errors.append(contentsOf: fileErrors)
            return nil
        }
        let upEnd = down?.marker.lineStart ?? Int.max
        let upSection = Section(
            range: up.marker.nextLineStart..<max(up.marker.nextLineStart, upEnd),
            line: up.marker.line + 1, transactional: up.transactional)
        let downSection = down.map {
            Section(range: $0.marker.nextLineStart..<Int.max, line: $0.marker.line + 1, transactional: $0.transactional)
        }
        return (clamp(upSection, scan), downSection.map { clamp($0, scan) })
    }

    private func clamp(_ section: Section, _ scan: ScriptScanner) -> Section {
        var section = section
        let end = min(section.range.upperBound, scan.byteCount)
        section.range = min(section.range.lowerBound, end)..<end
        return section
    }

    /// Reads `transaction:false`-style options; returns whether the section is transactional.
    private func readOptions(
        _ marker: ScriptScanner.Marker, file: String, into fileErrors: inout [MigrationFileError]
    ) -> Bool {
        var transactional = true
        for option in marker.options {
            let parts = option.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == "transaction" {
                switch parts[1] {
                case "false": transactional = false
                case "true": transactional = true
                default:
                    fileErrors.append(MigrationFileError(
                        .invalidOption, file: file, line: marker.line,
                        message: "option '\(option)' needs true or false: write 'transaction:false'."))
                }
            } else {
                fileErrors.append(MigrationFileError(
                    .invalidOption, file: file, line: marker.line,
                    message: "unknown option '\(option)' on '-- migrate:\(marker.direction)'; the only option is 'transaction:false'."))
            }
        }
        return transactional
    }
}
