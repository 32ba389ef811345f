// Run the migrations on the connection the app already has (here sqlite-nio's; a
// postgres-nio PostgresClient or PostgresConnection works the same way): the lock and the
// history work as with Strata's own session, and the app's connection is never closed.
import Logging
import SQLiteNIO
import Strata

// snippet.hide
func start() async throws {
    // snippet.show
    let logger = Logger(label: "app")
    let connection = try await SQLiteConnection.open(storage: .file(path: "app.db"), logger: logger)
    let migrator = Migrator(
        connection: .sqlite(connection), migrations: .directory("migrations"),
        options: MigratorOptions(logger: logger))
    try await migrator.up()
    // ... the app goes on using `connection` ...
    try await connection.close()
    // snippet.hide
}
try await start()
