import Dialects
import Drivers
import Migrations
import Schema
import SchemaDiff
import SQLText

/// What `lint` looks at.
public struct LintRequest: Sendable {
    /// Read the current schema (and the numbers: rows, non-null values) from the
    /// migrator's database; without it, every migration is pending on an empty schema.
    public var useDatabase: Bool
    /// Rules that are reported but do not fail the lint.
    public var allow: Set<String>
    /// Where the scratch database goes instead of the target's server.
    public var scratchURL: DatabaseURL?

    /// Creates a request.
    public init(useDatabase: Bool = true, allow: Set<String> = [], scratchURL: DatabaseURL? = nil) {
        self.useDatabase = useDatabase
        self.allow = allow
        self.scratchURL = scratchURL
    }
}

/// One thing a pending migration would do that needs care.
public struct LintFinding: Sendable, Codable, Hashable, CustomStringConvertible {
    /// A stable id (`drop-column`, `pg-index-not-concurrent`, …): what
    /// `-- strata:lint-ignore RULE` and `--allow RULE` name.
    public var rule: String
    /// `destructive`, `data-dependent`, `locking`, `breaking` (a rename) or `error` (it fails).
    public var changeClass: String
    /// The migration.
    public var version: String
    /// Its file, as displayed.
    public var file: String
    /// The line of the statement in that file.
    public var line: Int
    /// What it does, with numbers from the live database where they could be read.
    public var message: String
    /// What to do instead, in one line.
    public var remedy: String
    /// Whether `--allow` lets it pass.
    public var allowed: Bool

    /// `file:line: [rule] message; remedy`.
    public var description: String {
        "\(file):\(line): [\(rule)] \(message)\(remedy.isEmpty ? "" : "; \(remedy)")"
    }
}

/// What `lint` found.
public struct LintReport: Sendable, Codable {
    /// The database whose schema the migrations were applied to (a copy of), if one.
    public var database: String?
    /// The directory read.
    public var directory: String
    /// The engine the migrations ran on.
    public var engine: String
    /// The pending migrations linted, in order.
    public var linted: [String]
    /// Every finding, in file order.
    public var findings: [LintFinding]
    /// Findings silenced by `-- strata:lint-ignore`.
    public var ignored: [LintFinding]
    /// What the findings should be read with (a database without history has every file
    /// pending).
    public var notes: [String] = []
    /// How long linting took, in ms.
    public var ms: Int64

    /// The findings that fail the lint (not allowed).
    public var failing: [LintFinding] { findings.filter { !$0.allowed } }
    /// Whether nothing fails.
    public var passed: Bool { failing.isEmpty }
}

extension Migrator {
    /// Classifies what the pending migrations would do to the database's schema.
    ///
    /// A scratch copy of the current schema is made; each pending migration runs there
    /// statement by statement, and the schema before and after it is diffed with the diff
    /// engine's rules (destructive, data-dependent, locking, renames), attributed to the
    /// statement that made the change. The statements themselves are read for what the
    /// schema cannot show (`CONCURRENTLY`, `NOT VALID`). With the database, findings carry
    /// its numbers. Nothing runs on the database itself.
    ///
    /// - Throws: the directory's validation errors; what stops `up` in the history (an
    ///   edited applied migration); ``/Drivers/DatabaseError`` when no scratch database can be
    ///   made.
    public func lint(_ request: LintRequest = LintRequest()) async throws -> LintReport {
        try requireURL(for: "lint")
        return try await withEventLoopAffinity {
            let clock = ContinuousClock()
            let start = clock.now
            let set = try loadMigrations()
            var report = LintReport(
                database: request.useDatabase ? url.description : nil, directory: set.directory, engine: url.engine.displayName,
                linted: [], findings: [], ignored: [], ms: 0)
            // A SQLite file that does not exist is an empty schema, and is not created.
            if request.useDatabase, !opensByCreating {
                try await withStore { store in
                    let history = try await store.read() ?? []
                    let current = try await store.inspectLive().schema
                    let numbers = LiveNumbers(connection: store.connection, dialect: store.dialect, schema: store.schema)
                    try await lintPending(set: set, history: history, current: current, numbers: numbers, request: request, report: &report)
                }
            } else {
                try await lintPending(set: set, history: [], current: Schema(), numbers: nil, request: request, report: &report)
            }
            report.ms = (clock.now - start).milliseconds
            return report
        }
    }

    private func lintPending(
        set: MigrationSet, history: [HistoryRecord], current: Schema, numbers: LiveNumbers?, request: LintRequest,
        report: inout LintReport
    ) async throws {
        let plan = try Planner.planUp(set: set, history: history, target: nil, allowOutOfOrder: true)
        if history.isEmpty, !current.tables.isEmpty, numbers != nil {
            report.notes.append("\(url) has tables but no Strata history, so every file is pending here; if they already ran by hand, `strata adopt` records them first")
        }
        let pending = plan.steps.compactMap { step -> (String, MigrationScript)? in
            switch step {
            case .run(let m, _, _): (m.version.description, m.up)
            case .runRepeatable(let r): (HistoryKey.repeatable(name: r.name).text, r.up)
            case .record: nil
            }
        }
        guard !pending.isEmpty else { return }
        try await ScratchDatabase.with(like: url, scratchURL: request.scratchURL, options: options.connect, ownDatabase: true) { scratch in
            let dialect = try await scratch.connection.serverDialect()
            try await SchemaApplier.apply(SchemaScript.creating(current, with: dialect.renderer), on: scratch.connection, dialect: dialect, foreignKeysOff: false)
            var linter = Linter(
                dialect: dialect, scratch: scratch, existing: Set(current.tables.map(\.name)), numbers: numbers, allow: request.allow,
                state: try await Self.inspectScratch(scratch, dialect))
            for (version, script) in pending {
                report.linted.append(version)
                guard try await linter.lint(version: version, script: script, report: &report) else { break }
            }
        }
    }

    static func inspectScratch(_ scratch: ScratchDatabase, _ dialect: any Dialect) async throws -> Schema {
        try await dialect.inspector.inspect(scratch.connection, scope: InspectionScope(namespace: scratch.namespace)).schema
    }
}

/// Numbers from the live database for findings: rows of a table, non-null values of a
/// column. Estimates where the engine keeps them (PostgreSQL, MySQL), counts on SQLite.
struct LiveNumbers: Sendable {
    let connection: any Connection
    let dialect: any Dialect
    let schema: String?

    /// About how many rows `table` holds, and whether that is a count (else the engine's
    /// estimate).
    func rows(_ table: String) async -> (n: Int, exact: Bool)? {
        let quoted = dialect.quoteIdentifier(table)
        let qualified = schema.map { dialect.quoteIdentifier($0) + "." + quoted } ?? quoted
        let (sql, exact) = dialect.rowEstimateQuery(table: table, qualified: qualified)
        guard let estimate = try? await connection.query(sql, []).first.flatMap({ try? $0.int("n") }) else { return nil }
        if exact { return (estimate, true) }
        // An estimate of none may be "not analysed yet": count then.
        if estimate <= 0 {
            return (try? await connection.query("SELECT COUNT(*) AS n FROM \(qualified)", []).first.flatMap { try? $0.int("n") }).map { ($0, true) }
        }
        return (estimate, false)
    }

    /// How many non-null values `column` of `table` holds (a count).
    func values(_ table: String, _ column: String) async -> Int? {
        let quoted = dialect.quoteIdentifier(table)
        let qualified = schema.map { dialect.quoteIdentifier($0) + "." + quoted } ?? quoted
        return try? await connection.query("SELECT COUNT(\(dialect.quoteIdentifier(column))) AS n FROM \(qualified)", []).first.flatMap { try? $0.int("n") }
    }
}

/// Runs pending migrations on the scratch copy one statement at a time and turns what
/// they change into findings.
private struct Linter {
    let dialect: any Dialect
    let scratch: ScratchDatabase
    /// Tables of the live schema, under their names now: they may hold rows (tables the
    /// pending migrations create are empty, so locking and data-dependent findings on them
    /// are none).
    var existing: Set<String>
    let numbers: LiveNumbers?
    let allow: Set<String>
    /// The scratch database's schema now.
    var state: Schema

    /// Lints one migration; false when a statement failed (the rest cannot be judged).
    mutating func lint(version: String, script: MigrationScript, report: inout LintReport) async throws -> Bool {
        let statements = try script.statements()
        let fileLines = script.sql.split(separator: "\n", omittingEmptySubsequences: false)
        // The file's lines: the section's text starts at its first line.
        let lines = Array(repeating: Substring(""), count: max(script.firstLine - 1, 0)) + fileLines
        let before = state
        var renames: [Rename] = []
        var firstLine: [String: Int] = [:]
        // The schema right before each schema-changing statement, by its line.
        var stateBefore: [Int: Schema] = [:]
        // Tables some statement dropped (or renamed away): where one is back at the end, the
        // migration rebuilt it by hand.
        var dropped: Set<String> = []
        var found: [(finding: LintFinding, statement: SQLStatement?)] = []
        func add(_ rule: String, _ changeClass: String, _ line: Int, _ message: String, _ remedy: String, _ statement: SQLStatement?) {
            found.append((LintFinding(rule: rule, changeClass: changeClass, version: version, file: script.file, line: line,
                                      message: message, remedy: remedy, allowed: allow.contains(rule)), statement))
        }
        var failed = false
        // Whether Strata runs the migration in a transaction of its own.
        let inTransaction = script.transactional && dialect.isAtomic(statements)
        // Inside the file's own BEGIN … COMMIT the schema is read at its end (a read of
        // the catalogs opens a transaction of its own), for the block's first line.
        var blockLine: Int?
        var inBlock = false
        for statement in statements {
            let words = LintMarkers.words(statement, dialect: script.dialect)
            let opens = words.first == "BEGIN" || Array(words.prefix(2)) == ["START", "TRANSACTION"]
            let closes = ["COMMIT", "END", "ROLLBACK"].contains(words.first ?? "")
            if inTransaction, opens || closes {
                add("transaction-nesting", "error", statement.line,
                    "\(words.first ?? "") inside a migration that Strata already runs in a transaction: it ends or nests that transaction, and the history row is no longer written with the change",
                    "remove it; for statements that must run outside a transaction, mark the section `-- migrate:up transaction:false`", statement)
            }
            for finding in dialect.lintAdvisor.statementFindings(words: words, runsInTransaction: script.transactional) {
                add(finding.rule, "error", statement.line, finding.message, finding.remedy, statement)
            }
            do {
                try await scratch.connection.execute(statement.text)
            } catch {
                let message = (error as? DatabaseError)?.message ?? String(describing: error)
                add("statement-fails", "error", statement.line, "fails on a copy of the schema: \(message)", "fix the statement", statement)
                failed = true
                break
            }
            if opens {
                blockLine = nil
                inBlock = true
                continue
            }
            if inBlock, !closes {
                if statement.isSchemaChange, blockLine == nil { blockLine = statement.line }
                continue
            }
            let line: Int
            if closes, inBlock {
                inBlock = false
                guard let first = blockLine else { continue }
                line = first
            } else {
                guard statement.isSchemaChange else { continue }
                line = statement.line
            }
            stateBefore[line] = state
            let next = try await Migrator.inspectScratch(scratch, dialect)
            for table in state.tables where next.table(named: table.name) == nil { dropped.insert(table.name) }
            for difference in state.differences(to: next) {
                // The object itself, and (after `~`) anything of its table.
                let key = difference.name.lowercased()
                if firstLine[key] == nil { firstLine[key] = line }
                let table = "~" + String(key.split(separator: ".").first ?? Substring(key))
                if firstLine[table] == nil { firstLine[table] = line }
            }
            if !dialect.renameWords.isDisjoint(with: words) {
                let found = Self.renames(from: state, to: next)
                for case .table(let from, let to) in found where existing.contains(from) { existing.insert(to) }
                renames += found
            }
            state = next
        }
        if !failed {
            let plan = dialect.differ.plan(from: before, to: state, renames: renames)
            let byLine = Dictionary(statements.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
            for change in plan.changes {
                let key = change.kind.objectName.lowercased()
                let table = change.kind.tableName
                let line = firstLine[key] ?? table.flatMap { firstLine["~" + $0.lowercased()] } ?? statements.first?.line ?? script.firstLine
                let statement = byLine[line]
                let words = statement.map { LintMarkers.words($0, dialect: script.dialect) } ?? []
                for finding in change.findings {
                    guard let changeClass = Self.lintClass(finding) else { continue }
                    let isNew = table.map { !existing.contains($0) } ?? false
                    if isNew, finding.changeClass == .locking || finding.changeClass == .dataDependent { continue }
                    // SQLite: the statements decide whether the table is rebuilt; one that
                    // SQLite's ALTER TABLE took in place was not.
                    if finding.rule == "sqlite-rebuild", let table, !dropped.contains(table) { continue }
                    if finding.rule == "add-check", Self.onlyNewColumns(change.kind, before: before, after: state, dialect: script.dialect) { continue }
                    if statement != nil, dialect.lintAdvisor.avoids(finding, change: change.kind, words: words, before: stateBefore[line] ?? before) {
                        continue
                    }
                    let message = await withNumbers(finding.message.isEmpty ? change.kind.summary : finding.message, change: change.kind, isNew: isNew)
                    add(finding.rule, changeClass, line, message, finding.remedy, statement)
                }
                // What the statement's own form decides (PostgreSQL: DROP INDEX without CONCURRENTLY).
                if let table, existing.contains(table), let statement {
                    for finding in dialect.lintAdvisor.findings(of: change.kind, madeBy: words) {
                        guard let changeClass = Self.lintClass(finding) else { continue }
                        let message = await withNumbers(finding.message, change: change.kind, isNew: false)
                        add(finding.rule, changeClass, line, message, finding.remedy, statement)
                    }
                }
            }
        }
        found.sort { $0.finding.line < $1.finding.line }
        for (finding, statement) in found {
            if let statement, LintMarkers.ignoredRules(for: statement, lines: lines).contains(finding.rule) {
                report.ignored.append(finding)
            } else {
                report.findings.append(finding)
            }
        }
        return !failed
    }

    /// The class lint reports a finding under, or nil when it is no concern.
    static func lintClass(_ finding: ChangeFinding) -> String? {
        switch finding.changeClass {
        case .destructive: "destructive"
        case .dataDependent: "data-dependent"
        case .locking: "locking"
        case .safe: finding.rule == "rename-column" || finding.rule == "rename-table" ? "breaking" : nil
        }
    }

    /// Whether a check names only columns this migration added: existing rows hold their
    /// defaults there, so no row's data decides whether it holds.
    static func onlyNewColumns(_ change: SchemaChange.Kind, before: Schema, after: Schema, dialect: SQLDialect) -> Bool {
        let table: String
        let checks: [Check]
        switch change {
        case .addCheck(let t, let check):
            (table, checks) = (t, [check])
        case .rebuildTable(let from, let to, _):
            (table, checks) = (to.name, to.checks.filter { !from.checks.contains($0) })
        default:
            return false
        }
        guard let was = before.table(named: table), let now = after.table(named: table), !checks.isEmpty else { return false }
        return checks.allSatisfy { onlyNewColumns($0, was: was, now: now, dialect: dialect) }
    }

    private static func onlyNewColumns(_ check: Check, was: Table, now: Table, dialect: SQLDialect) -> Bool {
        let words = Set(SQLSplitter(dialect: dialect).codeTokens(check.expression).compactMap { token -> String? in
            switch token.kind {
            case .word: token.text.lowercased()
            case .quotedIdentifier: String(token.text.dropFirst().dropLast()).lowercased()
            default: nil
            }
        })
        let mentioned = now.columns.filter { words.contains($0.name.lowercased()) }
        return !mentioned.isEmpty && mentioned.allSatisfy { was.column(named: $0.name) == nil }
    }

    /// The renames between two states one `RENAME` statement apart: one table gone and
    /// one new, or, within a table, one column gone and one new.
    static func renames(from old: Schema, to new: Schema) -> [Rename] {
        let oldNames = Set(old.tables.map(\.name))
        let newNames = Set(new.tables.map(\.name))
        let gone = oldNames.subtracting(newNames)
        let added = newNames.subtracting(oldNames)
        if gone.count == 1, added.count == 1, let from = gone.first, let to = added.first {
            return [.table(from: from, to: to)]
        }
        var out: [Rename] = []
        for table in new.tables {
            guard let was = old.table(named: table.name) else { continue }
            let before = Set(was.columns.map(\.name))
            let after = Set(table.columns.map(\.name))
            let removed = before.subtracting(after)
            let appeared = after.subtracting(before)
            if removed.count == 1, appeared.count == 1, let from = removed.first, let to = appeared.first {
                out.append(.column(table: table.name, from: from, to: to))
            }
        }
        return out
    }

    /// The message with the live database's numbers, where they apply.
    func withNumbers(_ message: String, change: SchemaChange.Kind, isNew: Bool) async -> String {
        guard let numbers, !isNew, let table = change.tableName else { return message }
        switch change {
        case .dropColumn(let table, let column):
            guard let n = await numbers.values(table, column.name) else { return message }
            return message + " (\(table).\(column.name) holds \(LintMarkers.count(n)) non-null value\(n == 1 ? "" : "s"))"
        default:
            guard let (n, exact) = await numbers.rows(table) else { return message }
            return message + " (\(table) holds \(exact ? "" : "about ")\(LintMarkers.count(n)) row\(n == 1 ? "" : "s"))"
        }
    }
}
