import Foundation

/// Measures on SQLite: `strata up` of the workload (one transaction per migration, and
/// with `--single-transaction`) against the `sqlite3` CLI running the same statements and
/// dbmate, each on a new file; a no-op `strata up` over the applied file; `strata status`
/// over a directory of paired files.
func runSQLite(_ o: Options, _ w: Workload, strata: String, dbmate: String?) throws -> SQLiteResults {
    let work = w.work
    let sqlite3 = which("sqlite3")
    let script = try w.script(name: "script.sql", createHistory: "CREATE TABLE IF NOT EXISTS history (version TEXT PRIMARY KEY, applied_at TEXT);", now: "datetime('now')")

    func fresh(_ name: String) -> String {
        let p = "\(work)/\(name).db"
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + suffix) }
        return p
    }

    // Apply N migrations, each in its own transaction.
    var strataApply: [Double] = []
    var strataRSS = 0
    var strataSingle: [Double] = []
    var sqliteApply: [Double] = []
    var dbmateApply: [Double] = []
    for _ in 0..<o.runs {
        let db = fresh("strata")
        let m = measure([strata, "up", "--database-url", "sqlite:\(db)", "--dir", "migrations", "--quiet"], cwd: work)
        if m.status != 0 { fail("strata up", m) }
        strataApply.append(m.wallMs)
        strataRSS = max(strataRSS, m.maxRSSKB)
        let db2 = fresh("single")
        let s = measure([strata, "up", "--database-url", "sqlite:\(db2)", "--dir", "migrations", "--quiet", "--single-transaction"], cwd: work)
        if s.status != 0 { fail("strata up --single-transaction", s) }
        strataSingle.append(s.wallMs)
        if let sqlite3 {
            let db3 = fresh("cli")
            let c = measure([sqlite3, db3], stdinFile: script, cwd: work)
            if c.status != 0 { fail("sqlite3", c) }
            sqliteApply.append(c.wallMs)
        }
        if let dbmate {
            let db4 = fresh("dbmate")
            let d = measure([dbmate, "--url", "sqlite:\(db4)", "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: work)
            if d.status != 0 { fail("dbmate up", d) }
            dbmateApply.append(d.wallMs)
        }
    }

    // No-op up over N applied migrations: the cost every app start pays.
    var strataNoop: [Double] = []
    var sqliteNoop: [Double] = []
    var dbmateNoop: [Double] = []
    let appliedDB = "\(work)/strata.db"
    let dbmateDB = "\(work)/dbmate.db"
    for _ in 0..<o.noopRuns {
        let m = measure([strata, "up", "--database-url", "sqlite:\(appliedDB)", "--dir", "migrations", "--quiet"], cwd: work)
        if m.status != 0 { fail("strata up (no-op)", m) }
        strataNoop.append(m.wallMs)
        if let sqlite3 {
            sqliteNoop.append(measure([sqlite3, appliedDB, "SELECT count(*) FROM strata_migrations"], cwd: work).wallMs)
        }
        if let dbmate {
            dbmateNoop.append(measure([dbmate, "--url", "sqlite:\(dbmateDB)", "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: work).wallMs)
        }
    }

    // status over a directory of paired files: 700 versions x 4 engines + downs.
    let paired = work + "/paired"
    try FileManager.default.createDirectory(atPath: paired, withIntermediateDirectories: true)
    for i in 1...700 {
        let v = String(format: "%05d", i)
        let create = "CREATE TABLE p\(i) (id INTEGER PRIMARY KEY);\n"
        for (suffix, text) in [
            ("up.sql", create), ("down.sql", "DROP TABLE p\(i);\n"),
            ("postgres.up.sql", create), ("mysql.up.sql", create), ("sqlite3.up.sql", create),
        ] {
            try text.write(toFile: "\(paired)/\(v)_p\(i).\(suffix)", atomically: false, encoding: .utf8)
        }
    }
    let pairedFiles = (try? FileManager.default.contentsOfDirectory(atPath: paired).count) ?? 0
    let pairedDB = fresh("paired")
    let pm = measure([strata, "up", "--database-url", "sqlite:\(pairedDB)", "--dir", "paired", "--quiet", "--single-transaction"], cwd: work)
    if pm.status != 0 { fail("strata up (paired)", pm) }
    var statusMs: [Double] = []
    for _ in 0..<o.noopRuns {
        let m = measure([strata, "status", "--database-url", "sqlite:\(pairedDB)", "--dir", "paired", "--quiet"], cwd: work)
        if m.status != 0 { fail("strata status (paired)", m) }
        statusMs.append(m.wallMs)
    }

    return SQLiteResults(
        options: o, migrations: w.count,
        strataApply: strataApply, strataRSS: strataRSS, strataSingle: strataSingle, sqliteApply: sqliteApply, dbmateApply: dbmateApply,
        strataNoop: strataNoop, sqliteNoop: sqliteNoop, dbmateNoop: dbmateNoop,
        pairedFiles: pairedFiles, statusMs: statusMs, hasSQLite3: sqlite3 != nil, hasDbmate: dbmate != nil
    )
}
