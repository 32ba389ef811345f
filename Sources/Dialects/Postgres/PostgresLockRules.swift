import Schema
import SchemaDiff

/// PostgreSQL's ``ChangeClass/locking`` findings: what rewrites a table, scans it under
/// `ACCESS EXCLUSIVE`, or builds an index while writes wait. A table the plan creates is
/// empty, so nothing on it is found.
///
/// | rule | change |
/// |---|---|
/// | `pg-index-not-concurrent` | `CREATE INDEX` without `CONCURRENTLY` |
/// | `pg-type-rewrite` | `ALTER COLUMN … TYPE` that is not binary-coercible |
/// | `pg-constraint-validation` | `FOREIGN KEY` or `CHECK` added with validation |
/// | `pg-set-not-null` | `SET NOT NULL` |
/// | `pg-volatile-default` | `ADD COLUMN` with a volatile default or an identity |
/// | `pg-key-builds-index` | `PRIMARY KEY` or `UNIQUE` added |
struct PostgresLockRules {
    /// The schema before the plan: a table in it exists and may hold rows.
    let from: Schema

    /// Functions whose value changes from row to row, so that a default calling one is
    /// computed for every existing row.
    static let volatileFunctions: [String] = [
        "gen_random_uuid(", "uuid_generate_v1(", "uuid_generate_v1mc(", "uuid_generate_v4(", "uuidv4(", "uuidv7(",
        "random(", "clock_timestamp(", "timeofday(", "nextval(", "gen_random_bytes(", "txid_current(",
    ]

    /// The findings of `change`.
    func findings(for change: SchemaChange.Kind) -> [ChangeFinding] {
        guard let table = change.tableName, from.table(named: table) != nil else { return [] }
        switch change {
        case .addIndex(let table, let index):
            return [indexNotConcurrent(table: table, index: index)]
        case .alterColumn(let table, let old, let new):
            return alterColumn(table: table, old, new)
        case .addForeignKey(let table, let key):
            return [constraintValidation(table: table, what: "foreign key \(key.name ?? key.columns.joined(separator: ", "))")]
        case .addCheck(let table, let check):
            return [constraintValidation(table: table, what: "check \(check.name ?? check.expression)")]
        case .addColumn(let table, let column):
            return volatileDefault(table: table, column).map { [$0] } ?? []
        case .setPrimaryKey(let table, _, let key?):
            return [keyBuildsIndex(table: table, what: "primary key (\(key.columns.joined(separator: ", ")))")]
        case .addUnique(let table, let unique):
            return [keyBuildsIndex(table: table, what: "unique constraint (\(unique.columns.joined(separator: ", ")))")]
        default:
            return []
        }
    }

    // MARK: - Rules

    private func indexNotConcurrent(table: String, index: Index) -> ChangeFinding {
        ChangeFinding(
            rule: "pg-index-not-concurrent", changeClass: .locking,
            message: "CREATE INDEX \(index.name) blocks writes to \(table) until the index is built",
            remedy: "create it with CREATE INDEX CONCURRENTLY in a migration marked transaction:false"
        )
    }

    private func alterColumn(table: String, _ old: Column, _ new: Column) -> [ChangeFinding] {
        var out: [ChangeFinding] = []
        let name = "\(table).\(new.name)"
        if old.type != new.type, !PostgresDiffAdvisor.isBinaryCoercible(from: old.type, to: new.type) {
            out.append(ChangeFinding(
                rule: "pg-type-rewrite", changeClass: .locking,
                message: "changing \(name) from \(old.type.displayName) to \(new.type.displayName) rewrites \(table) under ACCESS EXCLUSIVE",
                remedy: "add a new column, backfill it in batches, then swap it in"
            ))
        }
        if old.isNullable, !new.isNullable {
            out.append(ChangeFinding(
                rule: "pg-set-not-null", changeClass: .locking,
                message: "SET NOT NULL on \(name) scans \(table) under ACCESS EXCLUSIVE",
                remedy: "first add CHECK (\(new.name) IS NOT NULL) NOT VALID and VALIDATE it; SET NOT NULL then uses it (PostgreSQL 12+)"
            ))
        }
        return out
    }

    private func constraintValidation(table: String, what: String) -> ChangeFinding {
        ChangeFinding(
            rule: "pg-constraint-validation", changeClass: .locking,
            message: "adding \(what) scans \(table) while it holds a lock that blocks writes",
            remedy: "add it NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later step"
        )
    }

    private func volatileDefault(table: String, _ column: Column) -> ChangeFinding? {
        let what: String
        if column.identity != nil {
            what = "an identity"
        } else if let value = column.defaultValue, Self.isVolatile(value) {
            what = "a volatile default"
        } else {
            return nil
        }
        return ChangeFinding(
            rule: "pg-volatile-default", changeClass: .locking,
            message: "adding \(table).\(column.name) with \(what) rewrites \(table) under ACCESS EXCLUSIVE",
            remedy: "add it without the default, set the default, then backfill the rows in batches"
        )
    }

    private func keyBuildsIndex(table: String, what: String) -> ChangeFinding {
        ChangeFinding(
            rule: "pg-key-builds-index", changeClass: .locking,
            message: "adding \(what) builds its index while writes to \(table) wait",
            remedy: "CREATE UNIQUE INDEX CONCURRENTLY in a transaction:false migration, then ADD CONSTRAINT … USING INDEX"
        )
    }

    /// Whether a default is computed anew for each row (`gen_random_uuid()`, `random()`,
    /// `clock_timestamp()`, `nextval(…)`); `now()` and `CURRENT_TIMESTAMP` are stable.
    static func isVolatile(_ value: ColumnDefault) -> Bool {
        switch value {
        case .nextValue: return true
        case .expression(let sql):
            let lower = sql.lowercased()
            return volatileFunctions.contains { lower.contains($0) }
        default: return false
        }
    }
}
