// Read where every migration stands, as `strata status` prints it.
import Strata

let migrator = try Migrator(url: "sqlite:app.db", directory: "migrations")
let status = try await migrator.status()
print("\(status.database) (\(status.engine)): \(status.applied) applied, \(status.pending) pending")
for migration in status.migrations where migration.state != .applied {
    print(migration.version, migration.name, migration.state.rawValue, migration.detail ?? "")
}
// What would stop `up` (an edited or vanished applied file, an out-of-order one, a failure):
for problem in status.problems {
    print("problem:", problem)
}
if let drift = status.drift, drift.hasDrift {
    print("changed outside Strata:", drift.summary)
}
