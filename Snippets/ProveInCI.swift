// Prove in CI that the migrations, their downs and the desired schema agree, and lint
// what the pending files would do to a database.
import Strata

let migrator = try Migrator(url: "sqlite:app.db", directory: "migrations")
let check = try await migrator.check(CheckRequest(schema: .sqlFile("schema.sql")))
for problem in check.problems {
    print(problem)
}
let lint = try await migrator.lint(LintRequest(allow: ["add-not-null"]))
for finding in lint.failing {
    print(finding)  // file:line: [rule] message; remedy
}
let adopted = try await migrator.adopt(AdoptRequest(dryRun: true))
print("already reflected:", adopted.adopted, "pending:", adopted.pending)
