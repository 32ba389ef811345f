import Hummingbird
import Logging
import PostgresNIO
import SQLiteNIO
import ServiceLifecycle
import Strata
import StrataCLI
import StrataService

/// The app: an HTTP server whose schema is migrated in-process before it serves.
public enum NotesApp {
    /// The database the app uses: `DATABASE_URL`, else `sqlite:notes.db`.
    public static func databaseURL(_ environment: [String: String]) -> String {
        environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite:notes.db"
    }

    /// Installs what `app migrate …` uses: the embedded migrations, the declared schema
    /// for the database's engine, and the app's URL.
    public static func installMigrateCommand(environment: [String: String]) {
        let url = databaseURL(environment)
        let engine = (try? DatabaseURL(url))?.engine ?? .sqlite
        StrataEmbedding(migrations: AppMigrations.source, schema: AppSchema.declared(for: engine), databaseURL: url).install()
    }

    /// The app's own database connection: a PostgresClient, or an sqlite-nio connection.
    public enum Database: Sendable {
        case postgres(PostgresClient)
        case sqlite(SQLiteConnection)

        /// Opens what `url` names.
        public static func open(_ url: String, logger: Logger) async throws -> Database {
            let parsed = try DatabaseURL(url)
            switch parsed.engine {
            case .postgres:
                var configuration = PostgresClient.Configuration(
                    host: parsed.host ?? "localhost", port: parsed.port ?? 5432, username: parsed.user ?? "postgres",
                    password: parsed.password, database: parsed.database, tls: .disable)
                if let schema = parsed.parameter("schema") {
                    configuration.options.additionalStartupParameters = [("search_path", schema)]
                }
                return .postgres(PostgresClient(configuration: configuration, backgroundLogger: logger))
            case .sqlite:
                return .sqlite(try await SQLiteConnection.open(storage: parsed.path == ":memory:" ? .memory : .file(path: parsed.path), logger: logger))
            case .mysql:
                throw DatabaseError(.configuration, "this example app speaks SQLite and PostgreSQL; use sqlite:FILE or postgres://…")
            }
        }

        /// The connection lent to Strata.
        func lent(schema: String?) -> AppConnection {
            switch self {
            case .postgres(let client): .postgres(client, schema: schema)
            case .sqlite(let connection): .sqlite(connection)
            }
        }

        /// The tables the app's database has.
        func tables() async throws -> [String] {
            switch self {
            case .postgres(let client):
                var names: [String] = []
                let rows = try await client.query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
                for try await (name) in rows.decode(String.self) { names.append(name) }
                return names
            case .sqlite(let connection):
                return try await connection.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
                    .compactMap { $0.column("name")?.string }
            }
        }
    }

    /// The application: routes, the database, and the migration service before the server.
    public static func build(environment: [String: String], port: Int = 8080, logger: Logger) async throws -> some ApplicationProtocol {
        let url = databaseURL(environment)
        let database = try await Database.open(url, logger: logger)
        let migrator = Migrator(
            connection: database.lent(schema: try DatabaseURL(url).parameter("schema")),
            migrations: AppMigrations.source,
            options: MigratorOptions(environment: environment["APP_ENV"] ?? "development", logger: logger))
        let migrations = MigrationService(migrator: migrator)

        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.get("/tables") { _, _ in
            try await database.tables().joined(separator: "\n")
        }
        router.get("/notes/:slug") { _, context in
            let slug = try context.parameters.require("slug")
            return try await database.tables().contains("notes") ? "note \(slug)" : "no notes table"
        }

        // First in, last out: the database outlives the migrations and the server.
        let services: [any Service] = [DatabaseService(database: database), migrations]
        var app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            services: services, logger: logger)
        // The server starts only on the schema it expects.
        app.beforeServerStarts { try await migrations.waitUntilFinished() }
        return app
    }
}

/// The app's database for the app's lifetime: runs the PostgresClient, or closes the
/// SQLite connection at shutdown.
struct DatabaseService: Service {
    let database: NotesApp.Database

    func run() async throws {
        switch database {
        case .postgres(let client):
            await cancelWhenGracefulShutdown { await client.run() }
        case .sqlite(let connection):
            try? await gracefulShutdown()
            try await connection.close()
        }
    }
}
