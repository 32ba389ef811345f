import Dispatch
import SQLText

/// Reads a directory into a ``MigrationSet``, collecting every error on the way.
///
/// Not generic: the loader is called from other modules, where generic code would run
/// unspecialized; two calls per file through an existential cost nothing in comparison.
struct MigrationSetLoader {
    /// One migration file, with what its name says.
    struct Entry {
        var name: String
        var parsed: MigrationFileName
    }

    /// The files of one version, by family of format.
    struct Group {
        var single: [Entry] = []
        var paired: [Entry] = []
        var flyway: [Entry] = []
    }

    let directory: any MigrationDirectory
    let engine: SQLDialect
    var errors: [MigrationFileError] = []
    var ignored: [String] = []
    /// Versions for other engines only, in order of version.
    var skipped: [SkippedVersion] = []

    init(directory: any MigrationDirectory, engine: SQLDialect) {
        self.directory = directory
        self.engine = engine
    }

    func display(_ name: String) -> String {
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
            if let first = skipped.first {
                let more = skipped.count > 1 ? ", and \(skipped.count - 1) more" : ""
                errors.append(MigrationFileError(
                    .emptyDirectory, file: nil,
                    message: "migrations directory '\(directory.displayPath)' has no migrations for \(engine.displayName): all its versions are for other engines (\(first.version.text) \(first.reason)\(more)); check that the database URL is for the right engine, or add migrations for \(engine.displayName)."))
            } else {
                errors.append(MigrationFileError(
                    .emptyDirectory, file: nil,
                    message: "migrations directory '\(directory.displayPath)' contains no migrations; create one with `strata new NAME`."))
            }
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
            repeatables: repeatables, ignoredFiles: ignored.sorted(), skipped: skipped)
    }

    /// What one thread of ``buildAll(_:)`` found.
    private struct Part {
        var migrations: [Migration] = []
        var errors: [MigrationFileError] = []
        var ignored: [String] = []
        var skipped: [SkippedVersion] = []
    }

    /// Builds every version's migration. Reading the files is most of the work of a
    /// no-op `strata up`, and each version is independent, so large directories are
    /// read on two threads, each with its own loader (errors and skipped versions are
    /// merged in order).
    private mutating func buildAll(_ work: [(Version, Group)]) -> [Migration] {
        let parts = work.count >= 256 ? 2 : 1
        if parts == 1 {
            return work.compactMap { build($0.0, $0.1) }
        }
        let loader = self
        let chunk = (work.count + parts - 1) / parts
        var results = [Part](repeating: Part(), count: parts)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own element of the buffer.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var local = loader
                local.errors = []
                local.ignored = []
                local.skipped = []
                let range = (part * chunk)..<min(work.count, (part + 1) * chunk)
                let built = work[range].compactMap { local.build($0.0, $0.1) }
                slots[part] = Part(migrations: built, errors: local.errors, ignored: local.ignored, skipped: local.skipped)
            }
        }
        var migrations: [Migration] = []
        migrations.reserveCapacity(work.count)
        for r in results {
            migrations.append(contentsOf: r.migrations)
            errors.append(contentsOf: r.errors)
            ignored.append(contentsOf: r.ignored)
            skipped.append(contentsOf: r.skipped)
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

    func sorted(_ entries: [Entry]) -> [Entry] {
        entries.count < 2 ? entries : entries.sorted { $0.name < $1.name }
    }

    mutating func duplicate(_ first: Entry, _ other: Entry) {
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

    // MARK: - Reading files

    /// The file's bytes and where its text starts (after a byte order mark), or nil after
    /// recording why it cannot be read.
    mutating func readValidated(_ name: String) -> (data: [UInt8], start: Int)? {
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
    mutating func readWholeFile(
        _ entry: Entry, version: Version?
    ) -> (script: MigrationScript, directives: FileDirectives)? {
        let file = display(entry.name)
        guard let bytes = readValidated(entry.name) else { return nil }
        return bytes.data.withUnsafeBufferPointer { whole in
            let body = UnsafeBufferPointer(rebasing: whole[bytes.start...])
            var directives = FileDirectives()
            if let version {
                let scan = ScriptScanner(body, allowMarkers: false)
                guard let read = readDirectives(scan.directives, file: file, version: version) else { return nil }
                directives = read
            }
            let range = bytes.start..<whole.count
            let script = MigrationScript(
                file: file, firstLine: 1, sql: ScriptScanner.string(body, from: 0, to: body.count),
                dialect: engine, transactional: !Self.isAutocommit(entry),
                checksum: checksum(of: entry.name, range, body),
                semanticChecksum: directory.precomputedSemanticChecksum(of: entry.name, bytes: range, dialect: engine))
            return (script, directives)
        }
    }

    /// The checksum of `bytes`, which are bytes `range` of file `name`: the one the
    /// directory computed ahead of time (embedded migrations), else computed now.
    func checksum(of name: String, _ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        directory.precomputedChecksum(of: name, bytes: range) ?? Checksum.lineEndingNormalized(bytes)
    }

    /// The versions replaced according to a file's `-- strata:replaces` lines (see
    /// ``ReplacesDirective``), or nil after recording its errors.
    mutating func readDirectives(
        _ directives: [ScriptScanner.Directive], file: String, version: Version
    ) -> FileDirectives? {
        if directives.isEmpty { return FileDirectives() }
        let directive = ReplacesDirective(directives, file: file, version: version)
        errors.append(contentsOf: directive.errors)
        return directive.errors.isEmpty ? FileDirectives(replaces: directive.ranges, foreignKeysOff: directive.foreignKeysOff) : nil
    }
}

/// What a file's `-- strata:` header lines say.
struct FileDirectives {
    /// The versions it replaces.
    var replaces: [VersionRange] = []
    /// Whether foreign key enforcement is off while it runs.
    var foreignKeysOff = false

}
