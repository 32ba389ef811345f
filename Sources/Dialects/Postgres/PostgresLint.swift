import Schema
import SchemaDiff

extension PostgresDialect {
    /// PostgreSQL's lint knowledge: `CONCURRENTLY`, `NOT VALID`, and a `CHECK` that lets
    /// `SET NOT NULL` skip its scan.
    public var lintAdvisor: any LintAdvisor { PostgresLintAdvisor() }
}

/// What `lint` knows of PostgreSQL statements.
///
/// | rule | statement |
/// |---|---|
/// | `pg-concurrently-in-transaction` | `… CONCURRENTLY` in a migration run in a transaction (error) |
/// | `pg-drop-index-not-concurrent` | `DROP INDEX` without `CONCURRENTLY` on an existing table |
///
/// And what answers the differ's lock findings: `CONCURRENTLY` answers
/// `pg-index-not-concurrent`, `NOT VALID` answers `pg-constraint-validation`, and a
/// validated `CHECK (column IS NOT NULL)` answers `pg-set-not-null`.
struct PostgresLintAdvisor: LintAdvisor {
    func statementFindings(words: [String], runsInTransaction: Bool) -> [StatementFinding] {
        guard runsInTransaction, words.contains("CONCURRENTLY") else { return [] }
        return [StatementFinding(
            rule: "pg-concurrently-in-transaction",
            message: "\(words.prefix(3).joined(separator: " ")) … CONCURRENTLY cannot run inside a transaction, and this migration runs in one: it fails",
            remedy: "mark the section `-- migrate:up transaction:false`, with that statement alone in it"
        )]
    }

    func findings(of change: SchemaChange.Kind, madeBy words: [String]) -> [ChangeFinding] {
        guard case .dropIndex(let table, let index) = change, words.starts(with: ["DROP", "INDEX"]), !words.contains("CONCURRENTLY") else {
            return []
        }
        return [ChangeFinding(
            rule: "pg-drop-index-not-concurrent", changeClass: .locking,
            message: "DROP INDEX \(index.name) takes an ACCESS EXCLUSIVE lock on \(table): reads and writes wait until it is done",
            remedy: "drop it with DROP INDEX CONCURRENTLY in a migration marked transaction:false"
        )]
    }

    func avoids(_ finding: ChangeFinding, change: SchemaChange.Kind, words: [String], before: Schema) -> Bool {
        switch finding.rule {
        case "pg-index-not-concurrent":
            return words.contains("CONCURRENTLY")
        case "pg-constraint-validation":
            return words.containsRun(["NOT", "VALID"])
        case "pg-set-not-null":
            guard case .alterColumn(let table, _, let column) = change, let t = before.table(named: table) else { return false }
            let wanted = "\(column.name.lowercased()) is not null"
            return t.checks.contains { check in
                let text = check.expression.lowercased().filter { $0 != "\"" && $0 != "(" && $0 != ")" }
                return text.contains(wanted)
            }
        default:
            return false
        }
    }
}
