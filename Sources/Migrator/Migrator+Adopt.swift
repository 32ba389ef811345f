import Dialects
import Drivers
import Migrations
import Schema
import SchemaDiff

/// What `adopt` should record.
public struct AdoptRequest: Sendable {
    /// Record the files up to and including this version whatever the live schema says
    /// (the user knows they ran); nil: the files the live schema reflects.
    public var through: Version?
    /// Report what would be recorded; write nothing.
    public var dryRun: Bool
    /// Where the scratch database goes instead of the target's server.
    public var scratchURL: DatabaseURL?

    /// Creates a request.
    public init(through: Version? = nil, dryRun: Bool = false, scratchURL: DatabaseURL? = nil) {
        self.through = through
        self.dryRun = dryRun
        self.scratchURL = scratchURL
    }
}

/// What `adopt` found and recorded.
public struct AdoptReport: Sendable, Codable {
    /// The database (password masked).
    public var database: String
    /// The directory replayed.
    public var directory: String
    /// The SHA-256 fingerprint of the live schema as compared.
    public var fingerprint: String
    /// Whether the live schema equals the files replayed up to some point.
    public var matched: Bool
    /// The last version the live schema reflects (nil: none, it is empty of them), or the
    /// one `--through` named.
    public var through: String?
    /// Versions recorded as `adopted` (or that would be, in a dry run).
    public var adopted: [String]
    /// Versions recorded as covered by an adopted migration that replaces them.
    public var covered: [String]
    /// Versions the history already recorded.
    public var alreadyRecorded: [String]
    /// Versions still to run (`strata up` runs them).
    public var pending: [String]
    /// Why the choice is what it is: the fingerprint and what decided between files that
    /// leave the schema the same.
    public var evidence: String
    /// Versions after ``through`` whose files leave the schema as it is, so that neither the
    /// schema nor the row counts tell whether they ran; they stay pending.
    public var undecided: [String]
    /// When nothing matched: the last version of the prefix closest to the live schema
    /// (nil: the empty one).
    public var closestThrough: String?
    /// What differs between that prefix and the live schema, by name.
    public var differences: [SchemaDifference]
    /// Tables of the database that no migration file creates (made by an ORM's sync, or
    /// by hand).
    public var untrackedTables: [String]
    /// What to do next, when adopt recorded nothing.
    public var suggestion: String?
    /// Whether the history was written.
    public var recorded: Bool
}

extension Migrator {
    /// Finds which migration files a database changed by hand-run scripts already
    /// reflects, and records them (status `adopted`) without executing anything on it.
    ///
    /// The files are replayed on a scratch database, as `up` would run them on a fresh
    /// one, and the schema after each is compared with the live one (one inspection per
    /// file, so the cost grows linearly). Files that leave the schema the same (data
    /// migrations) are told apart by row counts where they differ.
    ///
    /// Nothing is recorded, and the report says why, when the live schema matches no
    /// prefix (drift: the closest prefix and the objects that differ) or holds tables that
    /// no file creates (`strata baseline` is for those), unless ``AdoptRequest/through``
    /// names the last file that ran.
    ///
    /// - Throws: ``MigratorError`` `.incomplete` for a history with a failed or running
    ///   migration; `.unknownVersion` for a `through` that names no file; a file that fails
    ///   on the scratch database, naming it and its line.
    public func adopt(_ request: AdoptRequest = AdoptRequest()) async throws -> AdoptReport {
        try requireURL(for: "adopt")
        return try await withEventLoopAffinity {
            try await withFilesAndStore { set, store in
                let history = try await store.read() ?? []
                if let stuck = history.first(where: { $0.status == .failed || $0.status == .running }) {
                    throw MigratorError(
                        .incomplete,
                        "migration \(stuck.version) stopped after statement \(stuck.statementsDone); resume it with `strata up` or resolve it with `strata repair` before adopting",
                        version: stuck.version)
                }
                let inspection = try await store.inspectLive()
                let live = inspection.schema
                let dialect = try await store.connection.serverDialect()
                let liveNames = try await ScratchReplay.objectNames(on: store.connection, dialect: store.dialect, namespace: store.schema)
                var replay = try await ScratchReplay.open(set, for: self, scratchURL: request.scratchURL)
                let minimum = Self.recordedPrefix(replay, history: history)
                let prefixes: PrefixScan
                do {
                    prefixes = try await scan(&replay, live: live, liveNames: liveNames, minimum: minimum, advisor: dialect.diffAdvisor)
                    await replay.close()
                } catch {
                    await replay.close()
                    throw error
                }
                var report = try await decide(request, set: set, replay: replay, prefixes: prefixes, live: live, history: history,
                                              minimum: minimum, store: store)
                guard report.suggestion == nil, !report.adopted.isEmpty || !report.covered.isEmpty, !request.dryRun else {
                    return report
                }
                try await withLock(store) {
                    let current = try await store.read() ?? []
                    guard Set(current.map(\.version)) == Set(history.map(\.version)) else {
                        throw MigratorError(.notAllowed, "the history of \(url) changed while adopt compared the schemas (another run?); nothing was recorded: run adopt again")
                    }
                    try await recordAdopted(report, replay: replay, set: set, store: store)
                    try await store.recordSchema(live, after: report.through)
                }
                report.recorded = true
                return report
            }
        }
    }

    /// What the replay found, prefix by prefix (k = 0…n steps run).
    struct PrefixScan {
        /// The names of the tables and views after k steps.
        var names: [Set<String>] = []
        /// The prefixes equal to the live schema, with their tables' row counts.
        var matches: [Int] = []
        var counts: [Int: [String: Int]] = [:]
        /// When none matches: the prefix with the fewest differences, and those.
        var closest: (k: Int, differences: [SchemaDifference])?
        /// Every table and view some prefix has.
        var everCreated: Set<String> = []
        var liveFingerprint = ""
        /// With tables no file creates: the first prefix the rest of the live schema equals.
        var reflectedWithoutUntracked: Int?
        /// The versioned prefix that, with every repeatable migration run after it, equals
        /// the live schema (Flyway's `R__` files ran by hand too).
        var matchWithRepeatables: Int?
    }

    /// The number of steps the history already records: the prefix chosen must hold them.
    static func recordedPrefix(_ replay: ScratchReplay, history: [HistoryRecord]) -> Int {
        let recorded = Set(history.map(\.version))
        let last = replay.steps.indices.last { i in
            if recorded.contains(replay.version(i)) { return true }
            guard case .run(_, _, let covers) = replay.steps[i].step else { return false }
            return covers.contains { recorded.contains($0) }
        }
        return (last ?? -1) + 1
    }

    /// Replays every step once (never from scratch per prefix). After each, one cheap
    /// query reads the names of tables and views; only a prefix with the live names can
    /// equal the live schema, and only that one is inspected and fingerprinted, so the
    /// cost is the statements plus a name list per file.
    private func scan(
        _ replay: inout ScratchReplay, live: Schema, liveNames: Set<String>, minimum: Int, advisor: any DiffAdvisor
    ) async throws -> PrefixScan {
        var scan = PrefixScan()
        let liveKey = PlanProof.comparable(live, advisor: advisor)
        scan.liveFingerprint = liveKey.fingerprint
        func consider(_ k: Int) async throws {
            let names = try await replay.objectNames()
            scan.names.append(names)
            scan.everCreated.formUnion(names)
            guard names == liveNames else { return }
            let schema = try await replay.schema()
            let key = PlanProof.comparable(schema, advisor: advisor)
            if key.fingerprint == scan.liveFingerprint {
                scan.matches.append(k)
                scan.counts[k] = try await replay.rowCounts(schema.tables.map(\.name))
                scan.closest = (k, [])
            } else if scan.closest?.differences.isEmpty != true {
                let differences = key.differences(to: liveKey)
                if differences.count <= (scan.closest?.differences.count ?? Int.max) { scan.closest = (k, differences) }
            }
        }
        try await consider(0)
        for i in replay.steps.indices {
            do {
                try await replay.apply(i)
            } catch let error as MigratorError {
                let unknown = live.tables.map(\.name).filter { !scan.everCreated.contains($0) }
                let hint = unknown.isEmpty ? "" : "; the database has tables that no earlier file creates (\(unknown.prefix(5).joined(separator: ", "))): if an ORM's sync or a hand-run script made them, `strata baseline` takes them over"
                throw MigratorError(.statementFailed, "replaying the files on a scratch database failed at \(replay.version(i)): \(error.message)\(hint)",
                                    file: error.file, line: error.line, version: replay.version(i))
            }
            try await consider(i + 1)
        }
        let untracked = Set(live.tables.map(\.name).filter { !scan.everCreated.contains($0) })
        if !untracked.isEmpty {
            // The rest of the live schema: its names, then the schema, prefix by prefix.
            var tracked = live
            tracked.tables.removeAll { untracked.contains($0.name) }
            let trackedFingerprint = PlanProof.comparable(tracked, advisor: advisor).fingerprint
            let trackedNames = liveNames.subtracting(untracked)
            for k in scan.names.indices where k >= minimum && scan.names[k] == trackedNames {
                try await replay.rebuild(steps: k)
                if PlanProof.comparable(try await replay.schema(), advisor: advisor).fingerprint == trackedFingerprint {
                    scan.reflectedWithoutUntracked = k
                    break
                }
            }
        } else if !scan.matches.contains(where: { $0 >= minimum }),
                  let k = try await matchWithRepeatables(&replay, scan: scan, liveNames: liveNames, minimum: minimum, advisor: advisor) {
            scan.matchWithRepeatables = k
        } else if scan.closest == nil {
            // No prefix has the live names: of those with the closest names, the one with
            // the fewest differences, read in full on one more replay from the first of them.
            let distance = scan.names.map { $0.symmetricDifference(liveNames).count }
            let best = distance.min()
            let tied = distance.indices.filter { distance[$0] == best }
            if let first = tied.first, let last = tied.last {
                try await replay.rebuild(steps: first)
                for k in first...last {
                    if k > first { try await replay.apply(k - 1) }
                    guard tied.contains(k) else { continue }
                    let differences = PlanProof.comparable(try await replay.schema(), advisor: advisor).differences(to: liveKey)
                    if differences.count <= (scan.closest?.differences.count ?? Int.max) { scan.closest = (k, differences) }
                }
            }
        }
        return scan
    }

    /// The versioned prefix that, with the repeatable migrations run after it, equals the
    /// live schema: tried for the prefixes whose names, with the repeatables' names, are
    /// the live ones (the first few), each on a replay of its own.
    private func matchWithRepeatables(
        _ replay: inout ScratchReplay, scan: PrefixScan, liveNames: Set<String>, minimum: Int, advisor: any DiffAdvisor
    ) async throws -> Int? {
        let repeatables = replay.steps.indices.filter { if case .runRepeatable = replay.steps[$0].step { true } else { false } }
        guard let firstRepeatable = repeatables.first, scan.names.count > replay.steps.count else { return nil }
        let added = scan.names[replay.steps.count].subtracting(scan.names[firstRepeatable])
        let candidates = (minimum...firstRepeatable).filter { scan.names[$0].union(added) == liveNames }
        for k in candidates.prefix(5) {
            try await replay.rebuild(steps: k)
            do {
                for i in repeatables { try await replay.apply(i) }
            } catch is MigratorError {
                continue
            }
            if PlanProof.comparable(try await replay.schema(), advisor: advisor).fingerprint == scan.liveFingerprint { return k }
        }
        return nil
    }

    /// Chooses how many steps the live schema reflects, from the scan and the request.
    private func decide(
        _ request: AdoptRequest, set: MigrationSet, replay: ScratchReplay, prefixes: PrefixScan, live: Schema,
        history: [HistoryRecord], minimum: Int, store: HistoryStore
    ) async throws -> AdoptReport {
        let recorded = Set(history.map(\.version))
        let versions = replay.steps.indices.map { replay.version($0) }
        var report = AdoptReport(
            database: url.description, directory: set.directory, fingerprint: prefixes.liveFingerprint, matched: false,
            through: nil, adopted: [], covered: [], alreadyRecorded: [], pending: [], evidence: "", undecided: [],
            closestThrough: nil, differences: [], untrackedTables: [], suggestion: nil, recorded: false)
        report.untrackedTables = live.tables.map(\.name).filter { !prefixes.everCreated.contains($0) }.sorted()
        let engine = url.engine.displayName
        func label(_ k: Int) -> String { k == 0 ? "none of the files" : "the files through \(versions[k - 1])" }
        var k: Int
        // Whether the repeatable migrations ran after the prefix (they are adopted too).
        var repeatablesRan = false
        if let through = request.through {
            guard let i = replay.steps.indices.first(where: { replay.migration($0)?.version == through }) else {
                let covered = set.migrations.first { $0.covers(through) && $0.version != through }
                throw MigratorError(
                    .unknownVersion,
                    covered.map { "--through \(through) is replaced by \($0.version) (\($0.up.file)); give \($0.version) or a later version" }
                        ?? "--through \(through) names no migration in \(set.directory); give the version of the last file that already ran here")
            }
            k = i + 1
            guard k >= minimum else {
                throw MigratorError(.notAllowed, "--through \(through) is below \(versions[minimum - 1]), which the history already records; give \(versions[minimum - 1]) or later")
            }
            report.matched = prefixes.matches.contains(k)
            report.evidence = report.matched
                ? "--through \(through); the live schema (fingerprint \(prefixes.liveFingerprint.prefix(12))) equals \(label(k)) replayed on a scratch \(engine) database"
                : "--through \(through), although the live schema equals no prefix of the files"
            if !report.matched, let closest = prefixes.closest {
                report.closestThrough = closest.k == 0 ? nil : versions[closest.k - 1]
                report.differences = closest.differences
            }
        } else {
            let candidates = prefixes.matches.filter { $0 >= minimum }
            if candidates.isEmpty, let withRepeatables = prefixes.matchWithRepeatables {
                k = withRepeatables
                repeatablesRan = true
                report.matched = true
                report.evidence = "the live schema (fingerprint \(prefixes.liveFingerprint.prefix(12))) equals \(label(k)), then the repeatable migrations, replayed on a scratch \(engine) database"
            } else {
                guard let first = candidates.first else {
                    report.suggestion = noMatchSuggestion(&report, prefixes: prefixes, versions: versions, minimum: minimum)
                    return report
                }
                report.matched = true
                k = first
                var note = ""
                if candidates.count > 1 {
                    (k, note) = try await chooseByRowCounts(candidates, prefixes: prefixes, store: store, versions: versions, report: &report)
                }
                report.evidence = "the live schema (fingerprint \(prefixes.liveFingerprint.prefix(12))) equals \(label(k)) replayed on a scratch \(engine) database" + note
            }
        }
        report.through = k == 0 ? nil : versions[k - 1]
        for i in replay.steps.indices {
            let v = versions[i]
            let isRepeatable = replay.migration(i) == nil
            if i >= k, !(repeatablesRan && isRepeatable) {
                if !recorded.contains(v) { report.pending.append(v) }
                continue
            }
            if recorded.contains(v) {
                report.alreadyRecorded.append(v)
            } else {
                report.adopted.append(v)
            }
            if case .run(_, _, let covers) = replay.steps[i].step {
                report.covered += covers.filter { !recorded.contains($0) }
            }
        }
        return report
    }

    /// The report of a live schema that matches no prefix: the closest one, what differs.
    private func noMatchSuggestion(_ report: inout AdoptReport, prefixes: PrefixScan, versions: [String], minimum: Int) -> String {
        let untracked = Set(report.untrackedTables)
        if let closest = prefixes.closest {
            report.closestThrough = closest.k == 0 ? nil : versions[closest.k - 1]
            report.differences = closest.differences.filter { !($0.kind == "table" && untracked.contains($0.name)) }
        }
        let at = report.closestThrough.map { "the files through \($0)" } ?? "an empty schema"
        if !report.untrackedTables.isEmpty {
            // Without those tables, the files the rest of the schema reflects.
            let reflected = prefixes.reflectedWithoutUntracked
            // A baseline through its own version replaces no file.
            let through = reflected.map { $0 == 0 ? " --version 000 --through 000" : " --through \(versions[$0 - 1])" } ?? ""
            let these = report.untrackedTables.count == 1 ? "table \(report.untrackedTables[0]) is" : "tables \(report.untrackedTables.prefix(8).joined(separator: ", ")) are"
            let reflects = reflected.map { $0 == 0 ? "; the rest of the schema reflects none of the files" : "; the rest of the schema reflects the files through \(versions[$0 - 1])" }
                ?? "; the rest of the schema matches no prefix of the files either"
            return "\(these) in the database but no migration file creates \(report.untrackedTables.count == 1 ? "it" : "them") (an ORM's sync, or a hand-run script?)\(reflects); nothing was recorded: `strata baseline\(through)` writes the live schema into a first migration that replaces the files already reflected"
        }
        let below = minimum > 0 && prefixes.matches.contains(where: { $0 < minimum }) ? " (it matches a prefix below what the history already records)" : ""
        return "the live schema matches no prefix of the files\(below); the closest is \(at), which differs in \(Self.named(report.differences)); nothing was recorded: bring the database in line, or pass --through V to record the files up to V anyway"
    }

    /// Among prefixes with the same schema, the one whose row counts are the live ones
    /// (a data migration adds or removes rows); the first when counts cannot tell.
    private func chooseByRowCounts(
        _ candidates: [Int], prefixes: PrefixScan, store: HistoryStore, versions: [String], report: inout AdoptReport
    ) async throws -> (Int, String) {
        let tables = Set(candidates.flatMap { prefixes.counts[$0]?.keys.map { $0 } ?? [] })
        let varying = tables.filter { t in Set(candidates.map { prefixes.counts[$0]?[t] ?? -1 }).count > 1 }.sorted()
        let (low, high) = (versions[candidates[0]], versions[candidates[candidates.count - 1] - 1])
        let range = low == high ? "file \(low) changes" : "files \(low)…\(high) change"
        guard !varying.isEmpty else {
            report.undecided = (candidates[0]..<candidates[candidates.count - 1]).map { versions[$0] }
            return (candidates[0], "; \(range) neither the schema nor the row counts, so \(low == high ? "it stays" : "they stay") pending (if \(low == high ? "it" : "they") ran, pass --through)")
        }
        let liveCounts = try await ScratchReplay.rowCounts(varying, on: store.connection, dialect: store.dialect)
        let fitting = candidates.filter { k in varying.allSatisfy { prefixes.counts[k]?[$0] == liveCounts[$0] } }
        let shown = varying.prefix(3).map { "\($0) (\(liveCounts[$0] ?? 0) rows)" }.joined(separator: ", ")
        guard let chosen = fitting.first else {
            report.undecided = (candidates[0]..<candidates[candidates.count - 1]).map { versions[$0] }
            return (candidates[0], "; \(range) no schema, and the row counts of \(shown) fit no prefix, so \(low == high ? "it stays" : "they stay") pending (if \(low == high ? "it" : "they") ran, pass --through)")
        }
        if fitting.count > 1 {
            report.undecided = (chosen..<fitting[fitting.count - 1]).map { versions[$0] }
        }
        let ran = chosen == candidates[0] ? "it did not run" : "the files through \(versions[chosen - 1]) ran"
        return (chosen, "; \(range) no schema, and the row counts of \(shown) say \(low == high ? ran : ran.replacingOccurrences(of: "it did not", with: "none of them did"))")
    }

    /// Writes the adopted rows, the covered ones and a log entry per adopted version: in
    /// one transaction where the engine allows.
    private func recordAdopted(_ report: AdoptReport, replay: ScratchReplay, set: MigrationSet, store: HistoryStore) async throws {
        let now = utcTimestamp()
        let actor = options.actor
        let adopted = Set(report.adopted)
        var rows: [BatchStatement] = []
        for i in replay.steps.indices where adopted.contains(replay.version(i)) {
            switch replay.steps[i].step {
            case .run(let m, _, let covers):
                rows.append(store.insertStatement(HistoryRecord(
                    version: m.version.description, name: m.name, checksum: m.checksum, semanticChecksum: try m.semanticChecksum(),
                    appliedAt: now, appliedBy: actor, executionMs: 0, status: .adopted, statementsDone: try m.up.statements().count)))
                for v in covers where report.covered.contains(v) {
                    rows.append(store.upsertStatement(HistoryRecord(
                        version: v, name: "(replaced by \(m.version))", checksum: "", semanticChecksum: "",
                        appliedAt: now, appliedBy: actor, executionMs: 0, status: .covered)))
                }
                rows.append(store.logStatement(
                    event: .adopt, version: m.version.description, name: m.name, checksum: m.checksum, actor: actor,
                    detail: "recorded \(m.up.file) without running it: \(report.evidence)", at: now))
            case .runRepeatable(let r):
                rows.append(store.upsertStatement(HistoryRecord(
                    version: HistoryKey.repeatable(name: r.name).text, name: r.name, checksum: r.checksum,
                    semanticChecksum: try r.up.semanticChecksum(), appliedAt: now, appliedBy: actor, executionMs: 0, status: .adopted)))
                rows.append(store.logStatement(
                    event: .adopt, version: HistoryKey.repeatable(name: r.name).text, name: r.name, checksum: r.checksum, actor: actor,
                    detail: "recorded \(r.up.file) without running it: \(report.evidence)", at: now))
            case .record:
                continue
            }
        }
        if store.dialect.transactionalDDL {
            try await store.connection.execute(
                pipeline: [BatchStatement(store.dialect.beginTransaction)] + store.writeStatements(rows) + [BatchStatement("COMMIT")])
        } else {
            try await store.write(rows)
        }
    }
}
