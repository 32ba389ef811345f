import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Counts the statements a no-op `strata up` sends, from the server log with
/// `log_statement = 'all'`, switched on (with ALTER SYSTEM) for this one run only.
func roundTripsPostgres(_ t: Target, _ d: Target?, control: @escaping @Sendable ([String]) -> Captured, strata: String, workload w: Workload) -> [String] {
    let unavailable = "round trips (no-op up): unavailable"
    let names = ["log_statement", "log_line_prefix"]
    let info = control(["SELECT name, setting, source, coalesce(sourcefile, '') FROM pg_settings WHERE name IN ('log_statement', 'log_line_prefix') ORDER BY name",
                        "SELECT coalesce(pg_current_logfile('stderr'), ''), current_setting('data_directory')"])
    guard info.status == 0 else { return ["\(unavailable) (\(info.firstError))"] }
    let lines = info.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var restore: [String] = []
    for line in lines {
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 4, names.contains(f[0]) else { continue }
        if f[2] == "command line" || f[2] == "environment variable" {
            return ["\(unavailable) (\(f[0]) is set on the server's command line; ALTER SYSTEM cannot change it)"]
        }
        // Put back exactly what ALTER SYSTEM had; otherwise remove ours.
        restore.append(f[3].hasSuffix("postgresql.auto.conf") ? "ALTER SYSTEM SET \(f[0]) = \(quoteLiteral(f[1]))" : "ALTER SYSTEM RESET \(f[0])")
    }
    guard restore.count == 2, let last = lines.last(where: { $0.contains("|") && !names.contains(String($0.split(separator: "|").first ?? "")) }) else {
        return ["\(unavailable) (cannot read the log settings)"]
    }
    let lf = last.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    let dataDir = lf[1]
    var logFile = lf[0]
    if !logFile.isEmpty, !logFile.hasPrefix("/") { logFile = "\(dataDir)/\(logFile)" }
    if logFile.isEmpty {
        // No logging collector: the postmaster's stderr is the log (pg_ctl -l FILE).
        if let pidText = try? String(contentsOfFile: "\(dataDir)/postmaster.pid", encoding: .utf8),
           let pid = pidText.split(separator: "\n").first,
           let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/2") {
            logFile = target
        }
    }
    guard !logFile.isEmpty, logFile.hasPrefix("/"), FileManager.default.isReadableFile(atPath: logFile) else {
        return ["\(unavailable) (the server's log is not readable here; is the server on another machine?)"]
    }

    let strataApp = "strata-bench-\(randomSuffix())"
    let dbmateApp = "dbmate-bench-\(randomSuffix())"
    let restoreSQL = restore + ["SELECT pg_reload_conf()"]
    let id = Global.cleanup.add {
        let r = control(restoreSQL)
        if r.status != 0 { warn("could not restore log_statement/log_line_prefix: \(r.firstError); run: \(restoreSQL.joined(separator: "; "))") }
    }
    let on = control(["ALTER SYSTEM SET log_statement = 'all'", "ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '", "SELECT pg_reload_conf()"])
    guard on.status == 0 else {
        Global.cleanup.run(id)
        return ["\(unavailable) (ALTER SYSTEM: \(on.firstError))"]
    }
    // The postmaster applies the reload asynchronously: wait until new sessions see it.
    var ready = false
    for _ in 0..<50 {
        let s = control(["SHOW log_statement", "SHOW log_line_prefix"])
        if s.status == 0, s.out.hasPrefix("all\n%m [%p] app=%a") { ready = true; break }
        usleep(100_000)
    }
    guard ready else {
        Global.cleanup.run(id)
        return ["\(unavailable) (the server did not take log_statement = 'all')"]
    }
    let start = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? NSNumber)?.uint64Value ?? 0
    let m = measure([strata, "up", "--dir", "migrations", "--quiet", "--database-url", t.strataURL + "&application_name=\(strataApp)"], cwd: w.work)
    var dbmateStatus: Int32 = 0
    if let d, let dbmate = Global.dbmate {
        dbmateStatus = measure([dbmate, "--url", d.dbmateURL + "&application_name=\(dbmateApp)", "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: w.work).status
    }
    usleep(300_000)
    Global.cleanup.run(id)
    if m.status != 0 { fail("strata up (no-op, logged)", m) }
    guard let h = FileHandle(forReadingAtPath: logFile) else { return ["\(unavailable) (cannot open \(logFile))"] }
    defer { try? h.close() }
    try? h.seek(toOffset: start)
    let text = String(decoding: (try? h.readToEnd()) ?? Data(), as: UTF8.self)

    func count(_ app: String) -> (statements: Int, executes: Int, sessions: Int) {
        var statements = 0, executes = 0
        var pids = Set<Substring>()
        let marker = " app=\(app) "
        for line in text.split(separator: "\n") {
            guard let r = line.range(of: marker) else { continue }
            let message = line[r.upperBound...]
            if message.hasPrefix("LOG:  statement: ") {
                statements += 1
            } else if message.hasPrefix("LOG:  execute ") {
                executes += 1
            } else {
                continue
            }
            if let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") { pids.insert(line[open...close]) }
        }
        return (statements, executes, pids.count)
    }
    let s = count(strataApp)
    var out = [
        "round trips (no-op up): \(s.statements + s.executes)",
        "  counted from the server log with log_statement = 'all' (on for this one run, then restored), lines of application_name \(strataApp) only:",
        "  \(s.statements) simple-protocol 'statement:' lines (one Query message each; a multi-statement string counts once) + \(s.executes) extended-protocol 'execute' lines (one Parse/Bind/Execute/Sync each; log_statement logs no parse/bind lines), over \(s.sessions) session(s); connection start-up and authentication not counted",
    ]
    if d != nil, Global.dbmate != nil, dbmateStatus == 0 {
        let dm = count(dbmateApp)
        out.append("  dbmate up (no-op), counted the same way: \(dm.statements + dm.executes) (\(dm.statements) statement + \(dm.executes) execute, \(dm.sessions) session(s))")
    }
    return out
}
