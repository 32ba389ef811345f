import Foundation

// `--proof 100,200,300`: `strata check` and `strata adopt` over the first N migrations of
// the workload (odd ones CREATE TABLE, even ones ADD COLUMN, each with its down).
//
// - check: `strata check --dir proof-N` (SQLite: in memory; a server: --database-url of an
//   empty target without history, which only holds the scratch copy). Every up, its down
//   and the up again run, with a schema read after each: three times the statements and
//   three inspections per migration.
// - adopt: a new target gets the N up statements from the engine's own client (the
//   reference time), then `strata adopt --dry-run` finds that all N ran: one replay of
//   the N files on a scratch database with one inspection after each.
// Growth: the time per migration at the largest size over the time per migration at the
// smallest (1.00× is linear; quadratic replay would make it the ratio of the sizes).

/// Runs the check and adopt measurements on one engine and prints them.
func runProof(_ engine: Engine, sizes: [Int], runs: Int, strata: String, server: ServerEngine?, workload: Workload) {
    let work = workload.work
    guard let largest = sizes.max(), largest <= workload.count else {
        die("--proof sizes must be at most --migrations (\(workload.count))")
    }
    var rows: [(n: Int, check: Double, adopt: Double, client: Double)] = []
    for n in sizes {
        let dir = "\(work)/proof-\(n)"
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "\(work)/migrations")) ?? []).sorted().prefix(n)
        for name in names { try? FileManager.default.copyItem(atPath: "\(work)/migrations/\(name)", toPath: "\(dir)/\(name)") }
        let script = "\(work)/proof-\(n).sql"
        _ = FileManager.default.createFile(atPath: script, contents: Data(workload.ups.prefix(n).map(\.1).joined(separator: "\n").utf8))

        // check: a target without history hosts the scratch copy.
        var checkTarget: Target?
        var checkArgs = [strata, "check", "--dir", dir, "--quiet"]
        if let server {
            let t = server.create()
            checkTarget = t
            checkArgs += ["--database-url", t.strataURL]
        }
        var checks: [Double] = []
        for _ in 0..<runs {
            let m = measure(checkArgs, cwd: work)
            if m.status != 0 { fail("strata check (\(n) migrations)", m) }
            checks.append(m.wallMs)
        }
        if let checkTarget { drop(checkTarget) }

        // adopt: the client applies the ups (the reference), adopt finds them.
        var adopts: [Double] = [], clients: [Double] = []
        for run in 0..<runs {
            let url: String
            var target: Target?
            if let server {
                let t = server.create()
                target = t
                clients.append(applyWithClient(server, t, script: script, what: "\(n) up statements", work: work).wallMs)
                url = t.strataURL
            } else {
                let db = "\(work)/proof-\(n)-\(run).db"
                try? FileManager.default.removeItem(atPath: db)
                guard let sqlite3 = which("sqlite3") else { die("sqlite3 not found; it applies the files by hand") }
                let c = measure([sqlite3, db], stdinFile: script, cwd: work)
                if c.status != 0 { fail("sqlite3 (\(n) up statements)", c) }
                clients.append(c.wallMs)
                url = "sqlite:\(db)"
            }
            let m = measure([strata, "adopt", "--database-url", url, "--dir", dir, "--dry-run", "--quiet"], cwd: work)
            if m.status != 0 { fail("strata adopt (\(n) migrations)", m) }
            adopts.append(m.wallMs)
            if let target { drop(target) }
        }
        rows.append((n, median(checks), median(adopts), median(clients)))
    }
    let title = server?.title ?? "SQLite"
    let client = server?.clientName ?? "sqlite3"
    print("\(title): check and adopt, \(runs) runs each (median)")
    print("  migrations  strata check  strata adopt  \(client) applying the ups  check ratio  adopt ratio")
    for r in rows {
        print(String(format: "  %10d  %9.0f ms  %9.0f ms  %@  %10.1f×  %10.1f×", r.n, r.check, r.adopt,
                     String(format: "%.0f ms", r.client).padding(toLength: client.count + 17, withPad: " ", startingAt: 0) as NSString,
                     r.check / r.client, r.adopt / r.client))
    }
    if let first = rows.first, let last = rows.last, last.n > first.n {
        let perFirst = first.adopt / Double(first.n), perLast = last.adopt / Double(last.n)
        let checkGrowth = (last.check / Double(last.n)) / (first.check / Double(first.n))
        print(String(format: "  time per migration, %d vs %d: check %.2f×, adopt %.2f× (1.00× is linear, %.2f× would be quadratic)",
                     last.n, first.n, checkGrowth, perLast / perFirst, Double(last.n) / Double(first.n)))
    }
}
