import Foundation

// `--inspect 200,2000,10000`: introspection and dump at several schema sizes.
//
// Each size is a schema of N tables × 15 columns, with 2 indexes and 1 foreign key each,
// loaded with the engine's own client into a new file, schema or database. Then, per size:
// `strata dump --output FILE` (whole process: connect, inspect, render, write; median of
// --runs, peak RSS), the inspection alone and the catalog query count as `strata dump
// --verbose` reports them, and the engine's own schema dump (`sqlite3 .schema`,
// `pg_dump --schema-only`, `mariadb-dump --no-data`) as the reference for the ratio.

/// The DDL of a schema of `tables` tables, the same on every engine.
func inspectSchemaScript(tables: Int) -> String {
    var out = ""
    out.reserveCapacity(tables * 700)
    for i in 0..<tables {
        let t = String(format: "t%05d", i)
        let parent = i == 0 ? t : String(format: "t%05d", i - 1)
        out += """
            CREATE TABLE \(t) (
              id BIGINT NOT NULL PRIMARY KEY,
              parent_id BIGINT,
              c1 VARCHAR(100) NOT NULL DEFAULT 'x',
              c2 INTEGER,
              c3 TEXT,
              c4 DECIMAL(10,2) DEFAULT 0,
              c5 BOOLEAN DEFAULT FALSE,
              c6 DATE,
              c7 VARCHAR(40),
              c8 VARCHAR(20),
              c9 INTEGER NOT NULL DEFAULT 1,
              c10 SMALLINT,
              c11 DOUBLE PRECISION,
              c12 CHAR(10),
              c13 VARCHAR(255),
              CONSTRAINT \(t)_parent FOREIGN KEY (parent_id) REFERENCES \(parent) (id)
            );
            CREATE INDEX \(t)_c1 ON \(t) (c1);
            CREATE INDEX \(t)_c2_c9 ON \(t) (c2, c9);

            """
    }
    return out
}

/// One size's figures.
struct InspectResult {
    var tables: Int
    var dumpMs: Double
    var peakMB: Double
    var inspectMs: Int
    var queries: Int
    var clientMs: Double?
}

/// Runs the inspection measurements on one engine and prints its table.
func runInspect(_ engine: Engine, sizes: [Int], runs: Int, strata: String, server: ServerEngine?, work: String) {
    var results: [InspectResult] = []
    var title = "SQLite"
    var clientName = "sqlite3"
    for n in sizes {
        let scriptPath = "\(work)/inspect-\(n).sql"
        _ = FileManager.default.createFile(atPath: scriptPath, contents: Data(inspectSchemaScript(tables: n).utf8))
        var url: String
        var clientDump: [String]?
        var clientEnv: [String: String] = [:]
        var target: Target?
        if let server {
            title = server.title
            clientName = server.clientName
            let t = server.create()
            target = t
            _ = applyWithClient(server, t, script: scriptPath, what: "loading \(n) tables", work: work)
            url = t.strataURL
            clientDump = server.clientDump(t)
            clientEnv = server.clientEnv
        } else {
            let db = "\(work)/inspect-\(n).db"
            try? FileManager.default.removeItem(atPath: db)
            guard let sqlite3 = which("sqlite3") else { die("sqlite3 not found; it loads the schema") }
            let loaded = measure([sqlite3, db], stdinFile: scriptPath, cwd: work)
            if loaded.status != 0 { fail("sqlite3 (loading \(n) tables)", loaded) }
            url = "sqlite:\(db)"
            clientDump = [sqlite3, db, ".schema"]
        }
        let out = "\(work)/dump-\(n).sql"
        var dumps: [Double] = []
        var rss = 0
        for _ in 0..<runs {
            let m = measure([strata, "dump", "--database-url", url, "--output", out, "--quiet"], cwd: work)
            if m.status != 0 { fail("strata dump (\(n) tables)", m) }
            dumps.append(m.wallMs)
            rss = max(rss, m.maxRSSKB)
        }
        let verbose = capture([strata, "dump", "--database-url", url, "--output", out, "--verbose"])
        if verbose.status != 0 { die("strata dump --verbose: \(verbose.firstError)") }
        let (inspectMs, queries) = parseInspection(verbose.out)
        var client: [Double] = []
        if let clientDump {
            for _ in 0..<runs {
                let c = measure(clientDump, env: clientEnv, cwd: work)
                if c.status != 0 { fail("\(clientDump[0]) (schema dump)", c) }
                client.append(c.wallMs)
            }
        }
        results.append(InspectResult(
            tables: n, dumpMs: median(dumps), peakMB: Double(rss) / 1024, inspectMs: inspectMs, queries: queries,
            clientMs: client.isEmpty ? nil : median(client)))
        if let target { drop(target) }
        try? FileManager.default.removeItem(atPath: scriptPath)
    }
    print("\(title): introspection and dump, \(runs) runs each (median)")
    print("  tables  strata dump   peak RSS  inspect only  catalog queries  \(clientName) schema dump  ratio")
    for r in results {
        let ratio = r.clientMs.map { String(format: "%.2f×", r.dumpMs / $0) } ?? "–"
        let client = r.clientMs.map { String(format: "%9.0f ms", $0) } ?? "–"
        print(String(format: "  %6d  %8.0f ms  %6.0f MB  %9d ms  %15d  ", r.tables, r.dumpMs, r.peakMB, r.inspectMs, r.queries)
              + client.padding(toLength: max(client.count, clientName.count + 13), withPad: " ", startingAt: 0) + "  " + ratio)
    }
    if let first = results.first, let last = results.last, last.tables > first.tables {
        let growth = (Double(last.inspectMs) / Double(max(first.inspectMs, 1))) / (Double(last.tables) / Double(first.tables))
        print(String(format: "  inspect time per table, %d vs %d tables: %.2f× (1.00× is linear)", last.tables, first.tables, growth))
    }
}

/// "inspected N tables in X ms with Q catalog queries" → (X, Q).
func parseInspection(_ text: String) -> (Int, Int) {
    guard let line = text.split(separator: "\n").first(where: { $0.contains("catalog queries") }) else { return (-1, -1) }
    let words = line.split(separator: " ")
    let ms = words.firstIndex(of: "ms").flatMap { Int(words[$0 - 1]) } ?? -1
    let queries = words.firstIndex(of: "catalog").flatMap { Int(words[$0 - 1]) } ?? -1
    return (ms, queries)
}

/// Runs `script` on `target` with the engine's own client; returns the measurement.
func applyWithClient(_ server: ServerEngine, _ target: Target, script: String, what: String, work: String) -> Measurement {
    let (argv, _) = server.clientApply(target)
    // The client's apply command, with this script instead of the workload's.
    var load = argv
    var stdin: String?
    if let f = load.firstIndex(of: "-f") { load[f + 1] = script } else { stdin = script }
    let loaded = measure(load, stdinFile: stdin, env: server.clientEnv, cwd: work)
    if loaded.status != 0 { fail("\(server.clientName) (\(what))", loaded) }
    return loaded
}
