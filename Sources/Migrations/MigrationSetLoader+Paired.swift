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

    static func isAutocommit(_ entry: Entry) -> Bool {
        if case .paired(_, _, autocommit: true) = entry.parsed.kind { return true }
        return false
    }

    /// How a paired file name spells the engine (`sqlite3`, `postgres`, `mysql`).
    private static func fileTag(_ engine: SQLDialect) -> String {
        engine == .sqlite ? "sqlite3" : engine.rawValue
    }
}
