import AppCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Starts the app (which migrates its database in-process before serving), sees the
/// tables through its HTTP API, and stops it.
@Suite struct AppTests {
    @Test func theAppMigratesBeforeItServes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notes-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = ["DATABASE_URL": "sqlite:" + dir.appendingPathComponent("notes.db").path]
        if let postgres = ProcessInfo.processInfo.environment["APP_TEST_POSTGRES_URL"] { environment["DATABASE_URL"] = postgres }
        let app = try await NotesApp.build(environment: environment, port: 0, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            try await client.execute(uri: "/tables", method: .get) { response in
                #expect(response.status == .ok)
                let tables = String(buffer: response.body).split(separator: "\n").map(String.init)
                #expect(tables.contains("notes"))
                #expect(tables.contains("strata_migrations"))
                #expect(tables.contains("strata_migrations_log"))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func slugs() {
        #expect(AppMigrations.slug(for: "Welcome to Strata!") == "welcome-to-strata")
    }
}

/// `app migrate …`: Strata's commands in the app's own binary, on its embedded migrations
/// and declared schema, with no `strata` installed.
@Suite struct MigrateCommandTests {
    /// The `app` executable, built beside the tests.
    static var appExecutable: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("app")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ arguments: [String], databaseURL: String, in dir: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try #require(appExecutable, "the app executable is built beside the tests")
        process.arguments = arguments
        process.currentDirectoryURL = dir
        process.environment = ["DATABASE_URL": databaseURL, "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func migrateUpStatusAndCheckFromTheAppsBinary() throws {
        // An empty directory: nothing is read from a migrations/ beside the binary.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notes-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = "sqlite:" + dir.appendingPathComponent("notes.db").path

        let up = try Self.run(["migrate", "up"], databaseURL: url, in: dir)
        #expect(up.status == 0, "\(up.output)")
        #expect(up.output.contains("003"), "\(up.output)")
        let status = try Self.run(["migrate", "status"], databaseURL: url, in: dir)
        #expect(status.status == 0, "\(status.output)")
        #expect(status.output.contains("backfill_slugs"), "\(status.output)")
        // The files and the declared schema agree, and every down is proven.
        let check = try Self.run(["migrate", "check"], databaseURL: url, in: dir)
        #expect(check.status == 0, "\(check.output)")
        let help = try Self.run(["migrate", "--help"], databaseURL: url, in: dir)
        #expect(help.status == 0)
        #expect(help.output.contains("SUBCOMMANDS"), "\(help.output)")
    }
}
