import SQLText

/// The Flyway format: versioned `V1__name.sql`, undo `U1__name.sql`, repeatable `R__name.sql`.
extension MigrationSetLoader {
    // MARK: Flyway

    mutating func buildFlyway(_ version: Version, _ entries: [Entry]) -> Migration? {
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
            replaces: up.directives.replaces, foreignKeysOff: up.directives.foreignKeysOff, downFile: undo.first.map { display($0.name) }, downSource: downSource)
    }

    mutating func buildRepeatables(_ entries: [Entry]) -> [RepeatableMigration] {
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
}
