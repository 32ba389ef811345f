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
