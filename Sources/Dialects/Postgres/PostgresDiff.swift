import Schema
import SchemaDiff

extension PostgresDialect {
    /// PostgreSQL's answers: tables alter in place; findings about rewrites and locks.
    public var diffAdvisor: any DiffAdvisor { PostgresDiffAdvisor() }
    /// Writes changes as PostgreSQL `ALTER` and `CREATE` statements.
    public var changeRenderer: any ChangeRenderer { PostgresChangeRenderer(dialect: self) }
    /// Nil: PostgreSQL never rebuilds a table, so foreign keys stay on.
    public var foreignKeySuspension: (any ForeignKeySuspension)? { nil }
}

/// The differ's answers for PostgreSQL 15 and later.
///
/// PostgreSQL alters every table in place and cannot reorder columns. Its findings are
/// about locks: what rewrites a table or scans it under `ACCESS EXCLUSIVE`, and what builds
/// an index while writes wait.
struct PostgresDiffAdvisor: DiffAdvisor {
    /// Always true: `ALTER TABLE` does everything the model can say.
    func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool { true }

    /// False: a column's position is fixed once it is added.
    var reordersColumns: Bool { false }

    /// True: the server checks a key's target when the key is created.
    var foreignKeysNeedTargets: Bool { true }

    /// The engine-neutral answer, with PostgreSQL's own widenings: to unbounded `varchar`
    /// or `numeric`, and an enumeration type to text.
    func typeChange(from: ColumnType, to: ColumnType) -> TypeChange {
        if from == to { return .same }
        switch (from, to) {
        case (.string, Self.unboundedVarchar), (Self.unboundedVarchar, .text), (.text, Self.unboundedVarchar):
            return .widening
        case (Self.unboundedVarchar, .string):
            return .narrowing
        case (.decimal(_?, _), .decimal(nil, nil)):
            return .widening
        case (.enumType, .text), (.enumType, Self.unboundedVarchar):
            return .widening
        default:
            return TypeChange.between(from, to)
        }
    }

    /// The locking findings of one change (see ``PostgresLockRules``).
    func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding] {
        PostgresLockRules(from: from).findings(for: change)
    }

    /// `character varying` without a length, as the inspector reads it.
    static let unboundedVarchar = ColumnType.custom("character varying")

    /// Whether changing a column from `from` to `to` keeps every stored value's bytes, so
    /// that `ALTER COLUMN … TYPE` neither rewrites the table nor needs `USING`: a longer or
    /// unbounded `varchar`, `varchar` to `text`, a `numeric` with more precision and the
    /// same scale, or unbounded.
    static func isBinaryCoercible(from: ColumnType, to: ColumnType) -> Bool {
        switch (from, to) {
        case (.string(let a), .string(let b)): return b >= a
        case (.string, .text), (.string, unboundedVarchar), (unboundedVarchar, .text), (.text, unboundedVarchar):
            return true
        case (.decimal(let p1?, let s1), .decimal(let p2?, let s2)): return p2 >= p1 && (s1 ?? 0) == (s2 ?? 0)
        case (.decimal, .decimal(nil, nil)): return true
        default: return from == to
        }
    }
}
