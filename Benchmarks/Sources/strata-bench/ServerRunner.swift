import Foundation

/// A random name part for the schemas and databases the bench makes.
func randomSuffix() -> String {
    String(UInt64.random(in: 0..<UInt64(1) << 40), radix: 36)
}

/// A fresh schema (PostgreSQL) or database (MySQL) for one tool's run.
struct Target {
    var name: String
    var strataURL: String
    var dbmateURL: String
    /// The reference client's arguments to work in this target (connection options).
    var clientArgs: [String]
    var cleanupID: Int
}

/// What differs between the server engines; the measuring loop is shared.
struct ServerEngine {
    var title: String
    var clientName: String
    var clientEnv: [String: String]
    var script: String
    var supportsSingleTransaction: Bool
    var notes: [String]
    var create: () -> Target
    var clientApply: (Target) -> (argv: [String], stdin: String?)
    var clientQuery: (Target, String) -> [String]
    /// The engine's own schema dump of a target (for `--inspect`).
    var clientDump: (Target) -> [String]?
    /// Counts round trips of a no-op strata up (and dbmate up) over the applied targets: lines to print.
    var roundTrips: (_ strata: Target, _ dbmate: Target?) -> [String]
}

/// Drops a target now (its undo action), instead of at the end.
func drop(_ t: Target) { Global.cleanup.run(t.cleanupID) }

/// Measures on a server engine: `strata up` of the workload against the engine's client
/// running the same statements and dbmate, each in a new schema or database; a no-op
/// `strata up` over the applied one, against one query of the client; then the round trips
/// of a no-op `strata up`.
func runServer(_ e: ServerEngine, _ o: Options, _ w: Workload, strata: String, dbmate: String?) -> ServerResults {
    let work = w.work
    let up = [strata, "up", "--dir", "migrations", "--quiet"]
    var strataApply: [Double] = []
    var strataRSS = 0
    var strataSingle: [Double] = []
    var clientApply: [Double] = []
    var dbmateApply: [Double] = []
    var strataApplied: Target?
    var dbmateApplied: Target?
    for run in 0..<o.runs {
        let last = run == o.runs - 1
        let t = e.create()
        let m = measure(up + ["--database-url", t.strataURL], cwd: work)
        if m.status != 0 { fail("strata up", m) }
        strataApply.append(m.wallMs)
        strataRSS = max(strataRSS, m.maxRSSKB)
        if last { strataApplied = t } else { drop(t) }

        if e.supportsSingleTransaction {
            let t2 = e.create()
            let s = measure(up + ["--database-url", t2.strataURL, "--single-transaction"], cwd: work)
            if s.status != 0 { fail("strata up --single-transaction", s) }
            strataSingle.append(s.wallMs)
            drop(t2)
        }

        let t3 = e.create()
        let (argv, stdin) = e.clientApply(t3)
        let c = measure(argv, stdinFile: stdin, env: e.clientEnv, cwd: work)
        if c.status != 0 { fail("\(e.clientName) (script)", c) }
        clientApply.append(c.wallMs)
        drop(t3)

        if let dbmate {
            let t4 = e.create()
            let d = measure([dbmate, "--url", t4.dbmateURL, "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: work)
            if d.status != 0 { fail("dbmate up", d) }
            dbmateApply.append(d.wallMs)
            if last { dbmateApplied = t4 } else { drop(t4) }
        }
    }
    guard let strataApplied else { die("no runs") }

    var strataNoop: [Double] = []
    var clientNoop: [Double] = []
    var dbmateNoop: [Double] = []
    let countQuery = "SELECT count(*) FROM strata_migrations"
    for _ in 0..<o.noopRuns {
        let m = measure(up + ["--database-url", strataApplied.strataURL], cwd: work)
        if m.status != 0 { fail("strata up (no-op)", m) }
        strataNoop.append(m.wallMs)
        let c = measure(e.clientQuery(strataApplied, countQuery), env: e.clientEnv, cwd: work)
        if c.status != 0 { fail("\(e.clientName) (one query)", c) }
        clientNoop.append(c.wallMs)
        if let dbmate, let dbmateApplied {
            let d = measure([dbmate, "--url", dbmateApplied.dbmateURL, "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: work)
            if d.status != 0 { fail("dbmate up (no-op)", d) }
            dbmateNoop.append(d.wallMs)
        }
    }

    let trips = e.roundTrips(strataApplied, dbmateApplied)
    drop(strataApplied)
    if let dbmateApplied { drop(dbmateApplied) }

    return ServerResults(
        engine: e, options: o, migrations: w.count,
        strataApply: strataApply, strataRSS: strataRSS, strataSingle: strataSingle, clientApply: clientApply, dbmateApply: dbmateApply,
        strataNoop: strataNoop, clientNoop: clientNoop, dbmateNoop: dbmateNoop,
        roundTrips: trips, hasDbmate: dbmate != nil
    )
}
