import SQLText

/// The paired format: `VERSION_name.up.sql` / `.down.sql`, optionally per engine and
/// `.autocommit.` (golang-migrate, pop).
extension MigrationSetLoader {
    /// The key of one paired file: engine (nil for generic) and direction.
    private struct PairedSlot: Hashable {
        var engine: SQLDialect?
        var direction: MigrationFileName.Direction
    }

    // MARK: Paired files

    mutating func buildPaired(_ version: Version, _ entries: [Entry]) -> Migration? {
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

        let filled = slots
        let slot = { (dialect: SQLDialect?, direction: MigrationFileName.Direction) in filled[slotIndex(dialect, direction)] }
        guard let upEntry = slot(engine, .up) ?? slot(nil, .up) else {
            noUpFile(version, sorted(entries), slot: slot)
            return nil
        }
        let downEntry = slot(engine, .down) ?? slot(nil, .down)
        guard let up = readWholeFile(upEntry, version: version) else { return nil }
        var downSource = Migration.DownSource.none
        if let downEntry {
            downSource = .file(name: downEntry.name, directory: directory, transactional: !Self.isAutocommit(downEntry))
        }
        return Migration(
            version: version, name: first.parsed.description, format: .paired, up: up.script,
            replaces: up.directives.replaces, foreignKeysOff: up.directives.foreignKeysOff, downFile: downEntry.map { display($0.name) }, downSource: downSource)
    }

    /// Handles a version with no up file for this engine (neither its own nor a generic
    /// one): skips it when it is for other engines only, else records why it is wrong.
    ///
    /// - A down file for this engine, or a generic one, could never run here: an error
    ///   naming it. (A generic down beside up files for other engines only is an error
    ///   too: it serves every engine without a down file of its own, this one included.)
    /// - Otherwise every file names another engine. When one of them has an up file, the
    ///   version is for those engines only, and is skipped.
    /// - Otherwise the version has down files only (`0042_x.mysql.down.sql` alone): it is
    ///   a migration on no engine, so it is an error on every engine, not skipped, and
    ///   `strata validate` reports it whichever engine it checks.
    ///
    /// - Parameters:
    ///   - entries: The version's files, sorted by name; one version and description.
    ///   - slot: The file of an engine (nil: generic) and direction, if any.
    private mutating func noUpFile(
        _ version: Version, _ entries: [Entry],
        slot: (SQLDialect?, MigrationFileName.Direction) -> Entry?
    ) {
        let first = entries[0]
        let written = first.parsed.version ?? version
        let base = "\(written.text)_\(first.parsed.description)"
        let here = engine.displayName
        let addUp = "add \(base).\(Self.fileTag(engine)).up.sql (empty if there is nothing to do on \(here)) or a generic \(base).up.sql"
        let byName = { (a: SQLDialect, b: SQLDialect) in a.displayName < b.displayName }
        let withUp = SQLDialect.allCases.filter { slot($0, .up) != nil }.sorted(by: byName)

        if let down = slot(engine, .down) {
            errors.append(MigrationFileError(
                .missingUp, file: display(down.name),
                message: "version \(written.text) has a \(here) down file but no up file for \(here); \(addUp)."))
        } else if let down = slot(nil, .down) {
            guard !withUp.isEmpty else {
                errors.append(MigrationFileError(
                    .missingUp, file: display(down.name),
                    message: "version \(written.text) has a down file but no up file; add \(base).up.sql."))
                return
            }
            // The engines the generic down file serves: those with an up file but no down file.
            let served = withUp.filter { slot($0, .down) == nil }
            let autocommit = Self.isAutocommit(down) ? ".autocommit" : ""
            let instead: String
            if served.isEmpty {
                instead = "or delete it: every engine with an up file has a down file of its own"
            } else if served.count == 1 {
                instead = "or rename it \(base).\(Self.fileTag(served[0]))\(autocommit).down.sql if it is only for \(served[0].displayName)"
            } else {
                let files = served.map { "\(base).\(Self.fileTag($0))\(autocommit).down.sql" }
                instead = "or, if it is only for \(Self.list(served.map(\.displayName))), replace it with \(Self.list(files))"
            }
            errors.append(MigrationFileError(
                .missingUp, file: display(down.name),
                message: "version \(written.text) has a generic down file but no up file for \(here); \(addUp), \(instead)."))
        } else if !withUp.isEmpty {
            skipped.append(SkippedVersion(
                version: written, name: first.parsed.description,
                files: entries.map { display($0.name) }, engines: withUp))
        } else {
            let withDown = SQLDialect.allCases.filter { slot($0, .down) != nil }.sorted(by: byName)
            let ups = Self.list(withDown.map { "\(base).\(Self.fileTag($0)).up.sql" })
            let what = withDown.count == 1
                ? "only a \(withDown[0].displayName) down file"
                : "only down files (for \(Self.list(withDown.map(\.displayName))))"
            errors.append(MigrationFileError(
                .missingUp, file: display(first.name),
                message: "version \(written.text) has \(what) and no up file for any engine; add \(ups), or delete the down file\(withDown.count == 1 ? "" : "s")."))
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
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

    static func isAutocommit(_ entry: Entry) -> Bool {
        if case .paired(_, _, autocommit: true) = entry.parsed.kind { return true }
        return false
    }

    /// How a paired file name spells the engine (`sqlite3`, `postgres`, `mysql`).
    private static func fileTag(_ engine: SQLDialect) -> String {
        engine == .sqlite ? "sqlite3" : engine.rawValue
    }
}
