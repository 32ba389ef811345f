import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Counts the commands a no-op `strata up` sends, from MariaDB's general query log,
/// switched on (to a temporary file) for this one run only.
func roundTripsMySQL(_ t: Target, _ d: Target?, control: @escaping @Sendable (String) -> Captured, strata: String, workload w: Workload) -> [String] {
    let unavailable = "round trips (no-op up): unavailable"
    let info = control("SELECT @@global.general_log, @@global.general_log_file, @@global.log_output")
    guard info.status == 0 else { return ["\(unavailable) (\(info.firstError))"] }
    let f = info.out.trimmingCharacters(in: .newlines).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard f.count == 3 else { return ["\(unavailable) (cannot read the general log settings)"] }
    // In /tmp itself (sticky, world-writable), so a server running as another user can write it.
    let logFile = "/tmp/strata-bench-\(getpid())-\(randomSuffix())-general.log"
    let restore = "SET GLOBAL general_log = \(f[0]); SET GLOBAL general_log_file = \(quoteLiteral(f[1])); SET GLOBAL log_output = \(quoteLiteral(f[2]))"
    let id = Global.cleanup.add {
        let r = control(restore)
        if r.status != 0 { warn("could not restore the general log settings: \(r.firstError); run: \(restore)") }
        try? FileManager.default.removeItem(atPath: logFile)
    }
    let output = f[2].uppercased().contains("FILE") ? f[2] : (f[2].uppercased() == "NONE" ? "FILE" : f[2] + ",FILE")
    let on = control("SET GLOBAL log_output = \(quoteLiteral(output)); SET GLOBAL general_log_file = \(quoteLiteral(logFile)); SET GLOBAL general_log = 1")
    guard on.status == 0 else {
        Global.cleanup.run(id)
        return ["\(unavailable) (SET GLOBAL general_log: \(on.firstError))"]
    }
    let m = measure([strata, "up", "--dir", "migrations", "--quiet", "--database-url", t.strataURL], cwd: w.work)
    var dbmateStatus: Int32 = 0
    if let d, let dbmate = Global.dbmate {
        dbmateStatus = measure([dbmate, "--url", d.dbmateURL, "--migrations-dir", "migrations", "--no-dump-schema", "up"], cwd: w.work).status
    }
    // Switching the log off closes (flushes) the file.
    let off = control("SET GLOBAL general_log = 0")
    let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
    Global.cleanup.run(id)
    if m.status != 0 { fail("strata up (no-op, logged)", m) }
    guard off.status == 0, !text.isEmpty else {
        return ["\(unavailable) (the server's general log \(logFile) is not readable here; is the server on another machine?)"]
    }

    // Lines: "[YYMMDD HH:MM:SS]\t<spaces>ID Command\tArgument"; other lines continue a query.
    var entries: [(id: Int, command: String, argument: Substring)] = []
    for line in text.split(separator: "\n") {
        var rest = Substring(line)
        if let first = rest.first, first.isNumber, rest.count > 15 {
            let stamp = rest.prefix(while: { $0 != "\t" })
            if stamp.contains(":") { rest = rest.dropFirst(stamp.count) }
        }
        rest = rest.drop(while: { $0 == "\t" || $0 == " " })
        let digits = rest.prefix(while: { $0.isNumber })
        guard !digits.isEmpty, let connection = Int(digits) else { continue }
        rest = rest.dropFirst(digits.count)
        guard rest.first == " " else { continue }
        rest = rest.dropFirst()
        let command = rest.prefix(while: { $0 != "\t" })
        guard !command.isEmpty, command.allSatisfy({ $0.isLetter || $0 == " " }), command.first?.isUppercase == true else { continue }
        entries.append((connection, String(command), rest.dropFirst(command.count + 1)))
    }
    func count(database: String) -> (commands: [String: Int], connections: Int) {
        let ids = Set(entries.filter { e in
            e.command == "Connect" && (e.argument.hasSuffix(" on \(database)") || e.argument.contains(" on \(database) "))
        }.map(\.id))
        var commands: [String: Int] = [:]
        for e in entries where ids.contains(e.id) && e.command != "Connect" && e.command != "Quit" {
            commands[e.command, default: 0] += 1
        }
        return (commands, ids.count)
    }
    func describe(_ c: [String: Int]) -> String {
        c.isEmpty ? "none" : c.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
    let s = count(database: t.name)
    // A COM_STMT_CLOSE gets no reply: no round trip.
    let trips = s.commands.filter { $0.key != "Close stmt" }.values.reduce(0, +)
    var out = [
        "round trips (no-op up): \(trips)",
        "  counted from the server's general query log (on for this one run, then restored): the commands of the connection(s) that connected to database \(t.name), \(s.connections) connection(s), Connect and Quit lines excluded (connection handshake not counted): \(describe(s.commands))",
    ]
    if let d, Global.dbmate != nil, dbmateStatus == 0 {
        let dm = count(database: d.name)
        let dmTrips = dm.commands.filter { $0.key != "Close stmt" }.values.reduce(0, +)
        out.append("  dbmate up (no-op), counted the same way: \(dmTrips) over \(dm.connections) connection(s): \(describe(dm.commands))")
    }
    return out
}
