import Foundation

/// PostgreSQL: `psql` as the reference client and for the schemas each run gets; probes
/// the server (reachable, TLS, version) before anything is measured.
func postgresEngine(_ url: ServerURL, _ w: Workload, strata: String) throws -> ServerEngine {
    guard let psql = which("psql") else { die("psql not found; install postgresql-client (apt-get install postgresql-client)") }
    var env: [String: String] = ["PGCONNECT_TIMEOUT": "10"]
    if let p = url.password { env["PGPASSWORD"] = p }
    let clientEnv = env
    // libpq parameters worth passing on to psql and dbmate; strata gets all of the URL's.
    let passOn = ["sslrootcert", "sslcert", "sslkey", "connect_timeout"]
    let passed = url.query.filter { passOn.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
    let urlMode = url.parameter("sslmode")

    func psqlConn(_ mode: String, options: String? = nil) -> String {
        var q = [("sslmode", mode)] + passed
        if let options { q.append(("options", options)) }
        return url.build(scheme: "postgresql", query: q, withPassword: false)
    }
    @Sendable func control(_ conn: String, _ statements: [String]) -> Captured {
        capture([psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", conn] + statements.flatMap { ["-c", $0] }, env: clientEnv)
    }

    // One probe: reachable? TLS? version?
    let probe = control(psqlConn(urlMode ?? "prefer"), ["SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false), current_setting('server_version')"])
    guard probe.status == 0 else { die("cannot connect to PostgreSQL at \(url.masked): \(probe.firstError)") }
    let fields = probe.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
    let tls = fields.first == "t"
    let version = fields.count > 1 ? fields[1] : "?"
    // The same TLS choice for all three tools: dbmate's driver knows no prefer/allow.
    let commonMode = tls ? "require" : "disable"
    let mode = urlMode ?? commonMode
    let dbmateMode = ["disable", "require", "verify-ca", "verify-full"].contains(mode) ? mode : commonMode
    let adminConn = psqlConn(mode)
    let strataBase = url.query.filter { !["sslmode", "schema", "search_path", "application_name"].contains($0.name.lowercased()) }
        .map { ($0.name, $0.value) } + [("sslmode", mode)]

    let script = try w.script(name: "script-postgres.sql", createHistory: "CREATE TABLE IF NOT EXISTS history (version text PRIMARY KEY, applied_at timestamptz);", now: "now()")

    func create() -> Target {
        let name = "bench_\(randomSuffix())"
        let r = control(adminConn, ["CREATE SCHEMA \(name)"])
        if r.status != 0 { die("psql: CREATE SCHEMA \(name): \(r.firstError)") }
        let id = Global.cleanup.add {
            let d = control(adminConn, ["DROP SCHEMA IF EXISTS \(name) CASCADE"])
            if d.status != 0 { warn("psql: DROP SCHEMA \(name): \(d.firstError)") }
        }
        return Target(
            name: name,
            strataURL: url.build(query: strataBase + [("schema", name)]),
            dbmateURL: url.build(scheme: "postgres", query: [("sslmode", dbmateMode)] + passed + [("search_path", name)]),
            clientArgs: ["-d", psqlConn(mode, options: "-csearch_path=\(name)")],
            cleanupID: id
        )
    }

    func roundTrips(_ t: Target, _ d: Target?) -> [String] {
        roundTripsPostgres(t, d, control: { control(adminConn, $0) }, strata: strata, workload: w)
    }

    return ServerEngine(
        title: "PostgreSQL \(version) at \(url.endpoint)",
        clientName: "psql",
        clientEnv: clientEnv,
        script: script,
        supportsSingleTransaction: true,
        notes: ["connections: TLS \(tls ? "on" : "off") (sslmode=\(mode) for strata and psql, \(dbmateMode) for dbmate); each run in a new schema; reference: psql -X -q -v ON_ERROR_STOP=1 -f script.sql"],
        create: create,
        clientApply: { t in ([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1"] + t.clientArgs + ["-f", script], nil) },
        clientQuery: { t, sql in [psql, "-X", "-q", "-At"] + t.clientArgs + ["-c", sql] },
        clientDump: { t in which("pg_dump").map { [$0, "--schema-only", "-n", t.name] + t.clientArgs } },
        roundTrips: roundTrips
    )
}
