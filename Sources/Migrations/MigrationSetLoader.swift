import Dispatch
import SQLText

/// Reads a directory into a ``MigrationSet``, collecting every error on the way.
///
/// Not generic: the loader is called from other modules, where generic code would run
/// unspecialized; two calls per file through an existential cost nothing in comparison.
struct MigrationSetLoader {
    /// One migration file, with what its name says.
    private struct Entry {
        var name: String
        var parsed: MigrationFileName
    }

    /// The files of one version, by family of format.
    private struct Group {
        var single: [Entry] = []
        var paired: [Entry] = []
        var flyway: [Entry] = []
    }

    /// The key of one paired file: engine (nil for generic) and direction.
    private struct PairedSlot: Hashable {
        var engine: SQLDialect?
        var direction: MigrationFileName.Direction
    }

    let directory: any MigrationDirectory
    let engine: SQLDialect
    private var errors: [MigrationFileError] = []
    private var ignored: [String] = []

    init(directory: any MigrationDirectory, engine: SQLDialect) {
        self.directory = directory
        self.engine = engine
    }

    private func display(_ name: String) -> String {
        directory.displayPath(of: name)
    }

    // MARK: - Directory

    mutating func load(allowEmpty: Bool) throws(MigrationDirectoryError) -> MigrationSet {
        let names: [String]
        do {
            names = try directory.fileNames()
        } catch let error as MigrationFileError {
            throw MigrationDirectoryError(directory: directory.displayPath, errors: [error])
        } catch {
            throw MigrationDirectoryError(directory: directory.displayPath, errors: [MigrationFileError(
                .directoryUnreadable, file: nil,
                message: "migrations directory '\(directory.displayPath)' cannot be read: \(error).")])
        }

        var groups: [Version: Group] = [:]
        var repeatableEntries: [Entry] = []
        for name in names {
            switch MigrationFileName.parse(name) {
            case .ignored:
                continue
            case .invalid(let message):
                errors.append(MigrationFileError(.invalidFileName, file: display(name), message: message))
            case .migration(let parsed):
                let entry = Entry(name: name, parsed: parsed)
                switch parsed.kind {
                case .flywayRepeatable:
                    repeatableEntries.append(entry)
                case .paired(.unknown, _, _):
                    ignored.append(display(name))
                case .single:
                    if let version = parsed.version { groups[version, default: Group()].single.append(entry) }
                case .paired:
                    if let version = parsed.version { groups[version, default: Group()].paired.append(entry) }
                case .flywayVersioned, .flywayUndo:
                    if let version = parsed.version { groups[version, default: Group()].flyway.append(entry) }
                }
            }
        }

        // Sorted before building (small elements) rather than after (whole migrations):
        // building keeps the order.
        let migrations = buildAll(groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let repeatables = buildRepeatables(repeatableEntries)

        if migrations.isEmpty, repeatables.isEmpty, errors.isEmpty, !allowEmpty {
            errors.append(MigrationFileError(
                .emptyDirectory, file: nil,
                message: "migrations directory '\(directory.displayPath)' contains no migrations; create one with `strata new NAME`."))
        }
        guard errors.isEmpty else {
            // Sorted by file, then line, keeping the order of discovery otherwise.
            let sorted = errors.enumerated().sorted { a, b in
                if a.element.file != b.element.file { return (a.element.file ?? "") < (b.element.file ?? "") }
                if a.element.line != b.element.line { return (a.element.line ?? 0) < (b.element.line ?? 0) }
                return a.offset < b.offset
            }
            throw MigrationDirectoryError(directory: directory.displayPath, errors: sorted.map(\.element))
        }
        return MigrationSet(
            directory: directory.displayPath, engine: engine, migrations: migrations,
            repeatables: repeatables, ignoredFiles: ignored.sorted())
    }

    /// Builds every version's migration. Reading the files is most of the work of a
    /// no-op `strata up`, and each version is independent, so large directories are
    /// read on two threads, each with its own loader (errors are merged in order).
    private mutating func buildAll(_ work: [(Version, Group)]) -> [Migration] {
        let parts = work.count >= 256 ? 2 : 1
        if parts == 1 {
            return work.compactMap { build($0.0, $0.1) }
        }
        let loader = self
        let chunk = (work.count + parts - 1) / parts
        var results = [(migrations: [Migration], errors: [MigrationFileError], ignored: [String])](
            repeating: ([], [], []), count: parts)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own element of the buffer.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var local = loader
                local.errors = []
                local.ignored = []
                let range = (part * chunk)..<min(work.count, (part + 1) * chunk)
                let built = work[range].compactMap { local.build($0.0, $0.1) }
                slots[part] = (built, local.errors, local.ignored)
            }
        }
        var migrations: [Migration] = []
        migrations.reserveCapacity(work.count)
        for r in results {
            migrations.append(contentsOf: r.migrations)
            errors.append(contentsOf: r.errors)
            ignored.append(contentsOf: r.ignored)
        }
        return migrations
    }

    // MARK: - One version

    private mutating func build(_ version: Version, _ group: Group) -> Migration? {
        let formatCount = (group.single.isEmpty ? 0 : 1) + (group.paired.isEmpty ? 0 : 1) + (group.flyway.isEmpty ? 0 : 1)
        if formatCount > 1 {
            var families: [(entries: [Entry], label: String)] = []
            if !group.single.isEmpty { families.append((group.single, "a single-file migration (VERSION_name.sql)")) }
            if !group.paired.isEmpty { families.append((group.paired, "paired files (VERSION_name.up.sql)")) }
            if !group.flyway.isEmpty { families.append((group.flyway, "a Flyway migration (V1__name.sql)")) }
            let firstEntry = families[0].entries.min { $0.name < $1.name }
            let first = firstEntry?.name ?? ""
            let second = families[1].entries.map(\.name).min() ?? ""
            // The version as the first file writes it, whatever order the directory listed them in.
            let written = firstEntry?.parsed.version?.text ?? version.text
            errors.append(MigrationFileError(
                .conflictingFormats, file: display(first), otherFile: display(second),
                message: "version \(written) is also \(display(second)), \(families[1].label); keep one format per version: delete or rename one of them."))
            return nil
        }
        if !group.single.isEmpty {
            return buildSingle(version, group.single)
        } else if !group.paired.isEmpty {
            return buildPaired(version, group.paired)
        } else {
            return buildFlyway(version, group.flyway)
        }
    }

    private func sorted(_ entries: [Entry]) -> [Entry] {
        entries.count < 2 ? entries : entries.sorted { $0.name < $1.name }
    }

    private mutating func duplicate(_ first: Entry, _ other: Entry) {
        let a = first.parsed.version
        let b = other.parsed.version
        var hint = ""
        if let a, let b, a.text != b.text {
            hint = " (\(a.text) and \(b.text) are the same version: leading zeros and trailing '.0' parts do not count)"
        }
        errors.append(MigrationFileError(
            .duplicateVersion, file: display(first.name), otherFile: display(other.name),
            message: "version \(a?.text ?? "") is also used by \(display(other.name))\(hint); give one of them another version."))
    }

    // MARK: Single file

    private mutating func buildSingle(_ version: Version, _ entries: [Entry]) -> Migration? {
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
                let up = MigrationScript(
                    file: file, firstLine: 1, sql: ScriptScanner.string(body, from: 0, to: body.count),
                    dialect: engine, transactional: true, checksum: Checksum.lineEndingNormalized(body))
                return Migration(
                    version: version, name: entry.parsed.description, format: .plain, up: up,
                    replaces: replaces, downFile: nil, downSource: .none)
            }
            let sections = readSections(scan, file: file)
            guard let sections, let replaces else { return nil }
            func script(_ range: Range<Int>, line: Int, transactional: Bool) -> MigrationScript {
                let bytes = UnsafeBufferPointer(rebasing: body[range])
                return MigrationScript(
                    file: file, firstLine: line, sql: ScriptScanner.string(bytes, from: 0, to: bytes.count),
                    dialect: engine, transactional: transactional, checksum: Checksum.lineEndingNormalized(bytes))
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
                replaces: replaces, downFile: down == nil ? nil : file, downSource: down ?? .none)
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

    // MARK: Paired files

    private mutating func buildPaired(_ version: Version, _ entries: [Entry]) -> Migration? {
        // One migration per version: the same written version and description throughout.
        // (Entries are sorted by name only to report errors in a stable order.)
        let first = entries[0]
        let isSame = { (entry: Entry) in
            entry.parsed.version?.text == first.parsed.version?.text && entry.parsed.description == first.parsed.description
        }
        if !entries.allSatisfy(isSame) {
            let entries = sorted(entries)
            let head = entries[0]
            if let other = entries.first(where: {
                $0.parsed.version?.text != head.parsed.version?.text || $0.parsed.description != head.parsed.description
            }) {
                duplicate(head, other)
            }
            return nil
        }
        // Slot of a file: engine (generic first, then SQLDialect.allCases) and direction.
        func slotIndex(_ dialect: SQLDialect?, _ direction: MigrationFileName.Direction) -> Int {
            let engineIndex = dialect.map { (SQLDialect.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0
            return engineIndex * 2 + (direction == .up ? 0 : 1)
        }
        var slots = [Entry?](repeating: nil, count: (SQLDialect.allCases.count + 1) * 2)
        var conflict = false
        for entry in entries where !conflict {
            guard case .paired(let fileEngine, let direction, _) = entry.parsed.kind else { continue }
            var dialect: SQLDialect?
            if case .known(let known) = fileEngine { dialect = known }
            let index = slotIndex(dialect, direction)
            conflict = slots[index] != nil
            slots[index] = entry
        }
        if conflict {
            reportSlotConflicts(version, sorted(entries))
            return nil
        }

        guard let upEntry = slots[slotIndex(engine, .up)] ?? slots[slotIndex(nil, .up)] else {
            let entries = sorted(entries)
            let base = "\(first.parsed.version?.text ?? version.text)_\(first.parsed.description)"
            if let otherUp = entries.first(where: { if case .paired(_, .up, _) = $0.parsed.kind { true } else { false } }) {
                errors.append(MigrationFileError(
                    .missingUp, file: display(otherUp.name),
                    message: "version \(version.text) has no up file for \(engine.displayName); add \(base).\(Self.fileTag(engine)).up.sql (empty if there is nothing to do on \(engine.displayName)) or a generic \(base).up.sql."))
            } else {
                errors.append(MigrationFileError(
                    .missingUp, file: display(entries[0].name),
                    message: "version \(version.text) has a down file but no up file; add \(base).up.sql."))
            }
            return nil
        }
        let downEntry = slots[slotIndex(engine, .down)] ?? slots[slotIndex(nil, .down)]
        guard let up = readWholeFile(upEntry, version: version) else { return nil }
        var downSource = Migration.DownSource.none
        if let downEntry {
            downSource = .file(name: downEntry.name, directory: directory, transactional: !Self.isAutocommit(downEntry))
        }
        return Migration(
            version: version, name: first.parsed.description, format: .paired, up: up.script,
            replaces: up.replaces, downFile: downEntry.map { display($0.name) }, downSource: downSource)
    }

    /// Reports paired files that fill the same slot (engine and direction) twice.
    private mutating func reportSlotConflicts(_ version: Version, _ entries: [Entry]) {
        var slots: [PairedSlot: Entry] = [:]
        for entry in entries {
            guard case .paired(let fileEngine, let direction, _) = entry.parsed.kind else { continue }
            var dialect: SQLDialect?
            if case .known(let known) = fileEngine { dialect = known }
            let slot = PairedSlot(engine: dialect, direction: direction)
            if let existing = slots[slot] {
                let what = "\(dialect?.displayName ?? "generic") \(direction == .up ? "up" : "down") file"
                errors.append(MigrationFileError(
                    .duplicateVersion, file: display(existing.name), otherFile: display(entry.name),
                    message: "\(display(entry.name)) is also the \(what) of version \(version.text); delete one of them."))
            } else {
                slots[slot] = entry
            }
        }
    }

    private static func isAutocommit(_ entry: Entry) -> Bool {
        if case .paired(_, _, autocommit: true) = entry.parsed.kind { return true }
        return false
    }

    /// How a paired file name spells the engine (`sqlite3`, `postgres`, `mysql`).
    private static func fileTag(_ engine: SQLDialect) -> String {
        engine == .sqlite ? "sqlite3" : engine.rawValue
    }

    // MARK: Flyway

    private mutating func buildFlyway(_ version: Version, _ entries: [Entry]) -> Migration? {
        let versioned = entries.filter { $0.parsed.kind == .flywayVersioned }
        let undo = entries.filter { $0.parsed.kind == .flywayUndo }
        var ok = true
        for list in [versioned, undo] where list.count > 1 {
            let list = sorted(list)
            for other in list.dropFirst() { duplicate(list[0], other) }
            ok = false
        }
        guard ok else { return nil }
        guard let main = versioned.first else {
            if let orphan = undo.first {
                errors.append(MigrationFileError(
                    .missingUp, file: display(orphan.name),
                    message: "undo file without a versioned migration; add V\(orphan.parsed.version?.text ?? version.text)__\(orphan.parsed.description).sql or delete the undo file."))
            }
            return nil
        }
        guard let up = readWholeFile(main, version: version) else { return nil }
        let downSource: Migration.DownSource =
            undo.first.map { .file(name: $0.name, directory: directory, transactional: true) } ?? .none
        return Migration(
            version: main.parsed.version ?? version, name: main.parsed.description, format: .flyway, up: up.script,
            replaces: up.replaces, downFile: undo.first.map { display($0.name) }, downSource: downSource)
    }

    private mutating func buildRepeatables(_ entries: [Entry]) -> [RepeatableMigration] {
        var result: [RepeatableMigration] = []
        for entry in sorted(entries) {
            if let previous = result.last, previous.name == entry.parsed.description {
                errors.append(MigrationFileError(
                    .duplicateVersion, file: previous.file, otherFile: display(entry.name),
                    message: "repeatable migration '\(entry.parsed.description)' is also \(display(entry.name)); delete one of them."))
                continue
            }
            guard let script = readWholeFile(entry, version: nil) else { continue }
            result.append(RepeatableMigration(name: entry.parsed.description, up: script.script))
        }
        return result.sorted { $0.name < $1.name }
    }

    // MARK: - Reading files

    /// The file's bytes and where its text starts (after a byte order mark), or nil after
    /// recording why it cannot be read.
    private mutating func readValidated(_ name: String) -> (data: [UInt8], start: Int)? {
        do {
            let data = try directory.read(name)
            let start = try data.withUnsafeBufferPointer { (buffer) throws(MigrationFileError) -> Int in
                buffer.count - (try MigrationSet.decode(buffer, file: display(name)).count)
            }
            return (data, start)
        } catch let error as MigrationFileError {
            errors.append(error)
        } catch {
            errors.append(MigrationSet.readError(error, file: display(name)))
        }
        return nil
    }

    /// A whole file as an up script (paired, Flyway and repeatable files), with the
    /// versions its header says it replaces.
    private mutating func readWholeFile(
        _ entry: Entry, version: Version?
    ) -> (script: MigrationScript, replaces: [VersionRange])? {
        let file = display(entry.name)
        guard let bytes = readValidated(entry.name) else { return nil }
        return bytes.data.withUnsafeBufferPointer { whole in
            let body = UnsafeBufferPointer(rebasing: whole[bytes.start...])
            var replaces: [VersionRange] = []
            if let version {
                let scan = ScriptScanner(body, allowMarkers: false)
                guard let read = readDirectives(scan.directives, file: file, version: version) else { return nil }
                replaces = read
            }
            let script = MigrationScript(
                file: file, firstLine: 1, sql: ScriptScanner.string(body, from: 0, to: body.count),
                dialect: engine, transactional: !Self.isAutocommit(entry),
                checksum: Checksum.lineEndingNormalized(body))
            return (script, replaces)
        }
    }

    // MARK: - Directives

    /// The versions replaced according to `-- strata:replaces` lines, or nil after
    /// recording errors.
    private mutating func readDirectives(
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
