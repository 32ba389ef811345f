// Measures, in one process: the no-op `up` over the embedded migrations on the app's
// open connection (the first one, which reads the embedded files, and the steady state),
// today's on-disk no-op (a directory and a session of Strata's own), and one `SELECT 1`
// round trip on the same connection. Prints one line per figure, times in microseconds.
//
//   strata-inprocess --dir DIR [--sqlite FILE] [--postgres URL] [--mysql URL] [--runs N]
//   strata-inprocess --profile N (--sqlite FILE | --postgres URL | --mysql URL)   (N steady-state no-ops only, for perf)
//   strata-inprocess --profile-load N            (N first reads of the embedded set, for perf)

import Foundation
import Logging
import MySQLWire
import PostgresNIO
import SQLiteNIO
import Strata

var arguments = CommandLine.arguments.dropFirst()
var options: [String: String] = [:]
while let key = arguments.popFirst() { options[key] = arguments.popFirst() ?? "" }
let runs = Int(options["--runs"] ?? "") ?? 200
let dir = options["--dir"] ?? "migrations"
let clock = ContinuousClock()

@MainActor func micros(_ d: Duration) -> Double { Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12 }

@MainActor func median(_ body: () async throws -> Void) async throws -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        try await body()
        times.append(micros(clock.now - start))
    }
    times.sort()
    return times[times.count / 2]
}

@MainActor func freshFiles() -> EmbeddedMigrations {
    EmbeddedMigrations(displayPath: EmbeddedMigrations.module.displayPath, files: EmbeddedMigrations.module.files.values.map {
        EmbeddedMigrations.File($0.name, checksums: $0.checksums, bytes: $0.bytes)
    })
}

@MainActor func fresh() -> MigrationSource {
    // A copy with a cache of its own, its files made again: what a new process sees.
    .embedded(freshFiles())
}

@MainActor func report(_ engine: String, _ connection: AppConnection, url: String, roundTrip: () async throws -> Void) async throws {
    let applied = try await Migrator(connection: connection, migrations: .embedded(.module)).up().applied.count
    let first = clock.now
    _ = try await Migrator(connection: connection, migrations: fresh()).up()
    let cold = micros(clock.now - first)
    let embedded = Migrator(connection: connection, migrations: .embedded(.module))
    let warm = try await median { _ = try await embedded.up() }
    let trip = try await median(roundTrip)
    let onDisk = try Migrator(url: url, directory: dir)
    let disk = try await median { _ = try await onDisk.up() }
    print("\(engine) applied=\(applied) files=\(EmbeddedMigrations.module.files.count)")
    print("\(engine) embedded-noop-first-us \(String(format: "%.0f", cold))")
    print("\(engine) embedded-noop-us \(String(format: "%.1f", warm))")
    print("\(engine) select1-us \(String(format: "%.1f", trip))")
    print("\(engine) ondisk-noop-us \(String(format: "%.0f", disk))")
    print("\(engine) embedded-noop/select1 \(String(format: "%.2f", warm / trip))")
}

@MainActor func postgres(_ raw: String, logger: Logger) async throws -> (PostgresConnection, String?) {
    let url = try DatabaseURL(raw)
    var configuration = PostgresConnection.Configuration(
        host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: url.user ?? "postgres",
        password: url.password, database: url.database, tls: .disable)
    let schema = url.parameter("schema")
    if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
    return (try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger), schema)
}

@MainActor func mysql(_ raw: String) async throws -> MySQLConnection {
    let url = try DatabaseURL(raw)
    return try await MySQLConnection.connect(configuration: MySQLConfiguration(
        host: url.host ?? "127.0.0.1", port: url.port ?? 3306, username: url.user ?? "root",
        password: url.password ?? "", database: url.database, tlsMode: .disable))
}

/// The measurements, in an async function (top-level code picks the future overloads).
@MainActor func measure() async throws {
    let logger = Logger(label: "bench")
    if let count = options["--profile-load"].flatMap(Int.init) {
        let start = clock.now
        for _ in 0..<count {
            _ = try freshFiles().load(engine: .sqlite)
        }
        print("load-us \(String(format: "%.0f", micros(clock.now - start) / Double(count)))")
        return
    }
    if let count = options["--profile"].flatMap(Int.init) {
        if let path = options["--sqlite"] {
            let connection = try await SQLiteConnection.open(storage: .file(path: path))
            let embedded = Migrator(connection: .sqlite(connection), migrations: .embedded(.module))
            for _ in 0..<count { _ = try await embedded.up() }
            try await connection.close()
        } else if let raw = options["--postgres"] {
            let (connection, schema) = try await postgres(raw, logger: logger)
            let embedded = Migrator(connection: .postgres(connection, schema: schema), migrations: .embedded(.module))
            for _ in 0..<count { _ = try await embedded.up() }
            try await connection.close()
        } else if let raw = options["--mysql"] {
            let connection = try await mysql(raw)
            let embedded = Migrator(connection: .mysql(connection, database: try DatabaseURL(raw).database), migrations: .embedded(.module))
            for _ in 0..<count { _ = try await embedded.up() }
            try await connection.close()
        }
        return
    }
    if let path = options["--sqlite"] {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        try await report("sqlite", .sqlite(connection), url: "sqlite:" + path) {
            _ = try await connection.query("SELECT 1")
        }
        try await connection.close()
    }
    if let raw = options["--postgres"] {
        let (connection, schema) = try await postgres(raw, logger: logger)
        try await report("postgres", .postgres(connection, schema: schema), url: raw) {
            _ = try await connection.query("SELECT 1", logger: logger).get()
        }
        try await connection.close()
    }
    if let raw = options["--mysql"] {
        let connection = try await mysql(raw)
        try await report("mysql", .mysql(connection, database: try DatabaseURL(raw).database), url: raw) {
            _ = try await connection.query("SELECT 1")
        }
        try await connection.close()
    }
}

try await measure()
