import Foundation

/// MySQL / MariaDB: `mariadb` (or `mysql`) as the reference client and for the databases
/// each run gets; probes the server before anything is measured.
func mysqlEngine(_ url: ServerURL, _ w: Workload, strata: String) throws -> ServerEngine {
    guard let client = which("mariadb") ?? which("mysql") else { die("mariadb not found (nor mysql); install mariadb-client (apt-get install mariadb-client)") }
    let clientName = URL(fileURLWithPath: client).lastPathComponent
    var env: [String: String] = [:]
    if let p = url.password { env["MYSQL_PWD"] = p }
    let clientEnv = env
    // TLS: off for all three unless the URL asks for it.
    let sslParam = url.parameter("ssl") ?? url.parameter("tls") ?? url.parameter("sslmode") ?? url.parameter("ssl-mode")
    let tls = sslParam.map { !["disable", "disabled", "false", "0", "off", "no"].contains($0.lowercased()) } ?? false
    let conn = ["--no-defaults", "--protocol=TCP", "-h", url.host, "-P", String(url.port), "-u", url.user, tls ? "--ssl" : "--skip-ssl"]
    let sslNames = ["ssl", "tls", "sslmode", "ssl-mode"]
    let strataQuery = url.query.filter { !sslNames.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
        + [("ssl", tls ? sslParam ?? "require" : "disable")]

    @Sendable func control(_ sql: String, database: String? = nil) -> Captured {
        capture([client] + conn + ["-N", "-B", "-e", sql] + (database.map { [$0] } ?? []), env: clientEnv)
    }
    let probe = control("SELECT VERSION()")
    guard probe.status == 0 else { die("cannot connect to MySQL/MariaDB at \(url.masked): \(probe.firstError)") }
    let version = probe.out.trimmingCharacters(in: .whitespacesAndNewlines)
    let script = try w.script(name: "script-mysql.sql", createHistory: "CREATE TABLE IF NOT EXISTS history (version VARCHAR(255) PRIMARY KEY, applied_at DATETIME);", now: "NOW()")

    func create() -> Target {
        let name = "bench_\(randomSuffix())"
        let r = control("CREATE DATABASE \(name)")
        if r.status != 0 { die("\(clientName): CREATE DATABASE \(name): \(r.firstError)") }
        let id = Global.cleanup.add {
            let d = control("DROP DATABASE IF EXISTS \(name)")
            if d.status != 0 { warn("\(clientName): DROP DATABASE \(name): \(d.firstError)") }
        }
        return Target(
            name: name,
            strataURL: url.build(database: name, query: strataQuery),
            dbmateURL: url.build(scheme: "mysql", database: name, query: tls ? [("tls", "skip-verify")] : []),
            clientArgs: conn + ["-D", name],
            cleanupID: id
        )
    }

    return ServerEngine(
        title: "\(version.contains("MariaDB") ? "MariaDB" : "MySQL") \(version) at \(url.endpoint)",
        clientName: clientName,
        clientEnv: clientEnv,
        script: script,
        supportsSingleTransaction: false,
        notes: ["connections: TLS \(tls ? "on" : "off") for all three; each run in a new database; reference: \(clientName) … < script.sql (DDL commits implicitly, so BEGIN/COMMIT wrap only the history insert)"],
        create: create,
        clientApply: { t in ([client] + t.clientArgs, script) },
        clientQuery: { t, sql in [client] + t.clientArgs + ["-N", "-B", "-e", sql] },
        clientDump: { t in (which("mariadb-dump") ?? which("mysqldump")).map { [$0] + conn + ["--no-data", "--skip-comments", t.name] } },
        roundTrips: { t, d in roundTripsMySQL(t, d, control: { control($0) }, strata: strata, workload: w) }
    )
}
