// Migrate before serving, as a swift-service-lifecycle service: the server's start waits
// for it, and a graceful shutdown stops it between migrations (or while it waits for
// another instance's lock).
import Logging
import ServiceLifecycle
import Strata
import StrataService

let logger = Logger(label: "app")
let migrator = try Migrator(url: "sqlite:app.db", migrations: .directory("migrations"))
let migrations = MigrationService(migrator: migrator, logger: logger)

// With Hummingbird 2: `Application(router:services: [migrations], …)` and
// `app.beforeServerStarts { try await migrations.waitUntilFinished() }`.
let group = ServiceGroup(configuration: .init(services: [migrations], logger: logger))
async let running: Void = group.run()
let report = try await migrations.waitUntilFinished()  // the server would start here
logger.info("schema ready: \(report.applied.count) migration(s) applied")
await group.triggerGracefulShutdown()
try await running
