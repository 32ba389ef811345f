// Production refuses what loses data unless the caller says it means it, in the library
// as on the command line; progress arrives as events.
import Strata

let options = MigratorOptions(
    actor: "deploy-bot",
    lockTimeout: .seconds(30),
    environment: "production",
    onEvent: { event in
        if case .waitingForLock(let holder) = event { print("waiting for the lock held by", holder) }
    }
)
let migrator = try Migrator(url: "sqlite:app.db", directory: "migrations", options: options)
do {
    try await migrator.down()
} catch let error as MigratorError where error.code == .notAllowed {
    print(error)  // says what the down risks, and to pass allowDestructive if meant
}
// Meant: revert the latest migration in production.
try await migrator.down(DownRequest(allowDestructive: true))
