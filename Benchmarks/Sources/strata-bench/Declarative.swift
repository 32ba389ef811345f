import Foundation

// `--declarative 2000`: the declarative half at a given schema size.
//
// - diff: `strata diff --from a.sql --to b.sql --verbose` where b is a (N tables) changed in
//   50 places; the planning time is what `--verbose` reports ("planned in X ms"), the rest
//   is reading both files through scratch databases and the proof.
// - scratch load: reading one N-table schema.sql through a scratch database of the engine
//   ("read the sources in A + B ms": A is the first file's load).
// - sync: `strata sync --schema s.sql` of a 200-table schema onto an empty database, whole
//   process, against the engine's own client applying the DDL that sync rendered (taken with
//   `strata dump` afterwards) onto another empty database.

/// The schema script with 50 changes: 20 added columns, 10 widened ones, 10 new indexes,
/// 5 dropped indexes, 5 new tables.
func changedSchemaScript(tables: Int) -> String {
    var script = inspectSchemaScript(tables: tables)
    func table(_ i: Int) -> String { String(format: "t%05d", i * (tables / 50)) }
    for i in 0..<20 {
        script = script.replacingOccurrences(of: "CREATE TABLE \(table(i)) (\n", with: "CREATE TABLE \(table(i)) (\n  added_\(i) VARCHAR(30),\n")
    }
    for i in 20..<30 {
        let name = table(i)
        guard let start = script.range(of: "CREATE TABLE \(name) (") else { continue }
        if let c7 = script.range(of: "c7 VARCHAR(40)", range: start.upperBound..<script.endIndex) {
            script.replaceSubrange(c7, with: "c7 VARCHAR(80)")
        }
    }
    for i in 30..<40 { script += "CREATE INDEX \(table(i))_c3 ON \(table(i)) (c6);\n" }
    for i in 40..<45 { script = script.replacingOccurrences(of: "CREATE INDEX \(table(i))_c1 ON \(table(i)) (c1);\n", with: "") }
    for i in 0..<5 { script += "CREATE TABLE extra_\(i) (id BIGINT NOT NULL PRIMARY KEY, note TEXT);\n" }
    return script
}

/// "read the sources in A + B ms, planned in X ms, settled in S ms, proved in Y ms" → (A, B, X, Y).
func parseTiming(_ text: String) -> (Double, Double, Double, Double)? {
    guard let line = text.split(separator: "\n").first(where: { $0.contains("planned in") }) else { return nil }
    let numbers = line.split(whereSeparator: { !$0.isNumber && $0 != "." }).compactMap { Double($0) }
    guard numbers.count >= 5 else { return nil }
    return (numbers[0], numbers[1], numbers[2], numbers[4])
}

/// Runs the declarative measurements on one engine and prints them.
func runDeclarative(_ engine: Engine, tables: Int, runs: Int, strata: String, server: ServerEngine?, work: String) {
    let a = "\(work)/declared-a.sql", b = "\(work)/declared-b.sql"
    _ = FileManager.default.createFile(atPath: a, contents: Data(inspectSchemaScript(tables: tables).utf8))
    _ = FileManager.default.createFile(atPath: b, contents: Data(changedSchemaScript(tables: tables).utf8))
    var targets: [Target] = []
    func newTarget() -> String {
        if let server {
            let t = server.create()
            targets.append(t)
            return t.strataURL
        }
        let path = "\(work)/declared-\(targets.count)-\(UInt32.random(in: 0...UInt32.max)).db"
        return "sqlite:\(path)"
    }
    let url = newTarget()
    var plans: [Double] = [], loads: [Double] = [], proofs: [Double] = [], walls: [Double] = []
    var changes = 0
    for _ in 0..<runs {
        let m = measure([strata, "diff", "--database-url", url, "--from", a, "--to", b, "--verbose"], cwd: work)
        if m.status != 0 { fail("strata diff (\(tables) tables)", m) }
        walls.append(m.wallMs)
        let out = capture([strata, "diff", "--database-url", url, "--from", a, "--to", b, "--verbose"])
        guard let (loadA, _, plan, proof) = parseTiming(out.out) else { die("strata diff --verbose printed no timing: \(out.firstError)") }
        plans.append(plan)
        loads.append(loadA)
        proofs.append(proof)
        changes = out.out.split(separator: "\n").first.flatMap { Int($0.split(separator: " ").first ?? "") } ?? changes
    }
    // sync of a 200-table schema onto an empty database, against the client applying its DDL.
    let small = "\(work)/declared-200.sql"
    _ = FileManager.default.createFile(atPath: small, contents: Data(inspectSchemaScript(tables: 200).utf8))
    var syncs: [Double] = [], clients: [Double] = []
    for _ in 0..<runs {
        let target = newTarget()
        let s = measure([strata, "sync", "--database-url", target, "--schema", small, "--quiet"], cwd: work)
        if s.status != 0 { fail("strata sync (200 tables)", s) }
        syncs.append(s.wallMs)
        let rendered = "\(work)/declared-rendered.sql"
        let d = measure([strata, "dump", "--database-url", target, "--output", rendered, "--quiet"], cwd: work)
        if d.status != 0 { fail("strata dump", d) }
        let other = newTarget()
        if let server, let t = targets.last {
            clients.append(applyWithClient(server, t, script: rendered, what: "applying the rendered DDL", work: work).wallMs)
        } else if let sqlite3 = which("sqlite3") {
            let c = measure([sqlite3, String(other.dropFirst("sqlite:".count))], stdinFile: rendered, cwd: work)
            if c.status != 0 { fail("sqlite3 (rendered DDL)", c) }
            clients.append(c.wallMs)
        }
    }
    let title = server?.title ?? "SQLite"
    print("\(title): declarative, \(runs) runs each (median)")
    print(String(format: "  diff of two %d-table schemas, %d changes: planned in %.1f ms (both directions); whole command %.0f ms, of which the proof %.0f ms", tables, changes, median(plans), median(walls), median(proofs)))
    print(String(format: "  scratch load of a %d-table schema.sql: %.0f ms", tables, median(loads)))
    if !clients.isEmpty {
        print(String(format: "  sync of 200 tables onto an empty database: %.0f ms; %@ applying the same DDL: %.0f ms; ratio %.2f×",
                     median(syncs), server?.clientName ?? "sqlite3", median(clients), median(syncs) / median(clients)))
    }
    for t in targets { drop(t) }
}
