// Apply the pending migrations of `migrations/` when the app starts: one call, safe to
// make from every instance at once (each migration runs exactly once).
import Strata

let report = try await Migrator(url: "sqlite:app.db", directory: "migrations").up()
print("applied", report.applied.map(\.version))
