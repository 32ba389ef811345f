// strata-bench: measures Strata against each engine's own command line client and dbmate
// on the same workloads, in the same run, and prints one table per engine with ratios.
//
//   swift build -c release --package-path Benchmarks
//   Benchmarks/.build/release/strata-bench --strata .build-release/release/strata
//       [--engine sqlite|postgres|mysql|all] [--database-url URL]
//       [--migrations 1000] [--runs 5] [--noop-runs 30] [--inspect 200,2000,10000]
//
// `scripts/build-release` builds both and puts the bench next to the shipping `strata`,
// which it measures when `--strata` is not given: `.build-release/release/strata-bench`.
// Two builds of strata are compared by running the same bench with one `--strata` each.
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
//
// Files by job: Options (command line), Tools (which binaries), Measure (spawn and time
// one process), Capture (control commands), Cleanup (undo actions, signals), Workload
// (the migration files and the clients' script), SQLiteRunner, ServerRunner with
// PostgresEngine and MySQLEngine, PostgresRoundTrips and MySQLRoundTrips (statement-log
// counting), Report (the tables).

import Foundation

func main() throws {
    let options = parseOptions()
    let strata = strataExecutable(options)

    // Ctrl-C / SIGTERM: stop the child, restore server settings, drop schemas, then exit.
    let sources = installSignalHandlers()
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

    if let tables = options.declarativeTables {
        var first = true
        for engine in options.engines {
            if !first { print("") }
            first = false
            runDeclarative(engine, tables: tables, runs: options.runs, strata: strata, server: servers[engine], work: workload.work)
        }
        Global.cleanup.run(workID)
        return
    }

    if !options.proofSizes.isEmpty {
        var first = true
        for engine in options.engines {
            if !first { print("") }
            first = false
            runProof(engine, sizes: options.proofSizes, runs: options.runs, strata: strata, server: servers[engine], workload: workload)
        }
        Global.cleanup.run(workID)
        return
    }

    if !options.inspectSizes.isEmpty {
        var first = true
        for engine in options.engines {
            if !first { print("") }
            first = false
            runInspect(engine, sizes: options.inspectSizes, runs: options.runs, strata: strata, server: servers[engine], work: workload.work)
        }
        Global.cleanup.run(workID)
        return
    }

    var first = true
    for engine in options.engines {
        if !first { print("") }
        first = false
        if let e = servers[engine] {
            runServer(e, options, workload, strata: strata, dbmate: Global.dbmate).printReport()
        } else {
            try runSQLite(options, workload, strata: strata, dbmate: Global.dbmate).printReport()
        }
    }
    Global.cleanup.run(workID)
}

do {
    try main()
} catch {
    die("\(error)")
}
