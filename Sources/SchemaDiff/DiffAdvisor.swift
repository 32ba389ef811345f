import Schema

/// The small questions the differ asks an engine. The algorithm exists once, in
/// ``SchemaDiffer``; each dialect answers these for its engine and version.
public protocol DiffAdvisor: Sendable {
    /// Whether the engine can turn `from` into `to` with `ALTER TABLE` statements for
    /// `changes` (the changes of that one table). When it cannot (SQLite dropping a
    /// foreign key, changing a type, …) the differ replaces them with one
    /// ``SchemaChange/Kind/rebuildTable(from:to:columnSources:)``.
    func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool

    /// Whether the differ may change `table` at all, given the objects it carries without
    /// modelling them (``/Schema/Schema/unmodelledObjects(onTable:)``). By default only a table
    /// that is not ``/Schema/Table/unsupported``; an engine whose changes keep what a table carries
    /// (SQLite's rebuild re-creates the table's triggers) may allow more.
    func canChange(_ table: Table, carrying objects: [UnmodelledObject]) -> Bool

    /// How a type change moves values on this engine.
    func typeChange(from: ColumnType, to: ColumnType) -> TypeChange

    /// The engine's own findings for a change, beyond the engine-neutral ones: mostly
    /// ``ChangeClass/locking`` (`CREATE INDEX` without `CONCURRENTLY`, a copying `ALTER`,
    /// a SQLite rebuild). `from` and `to` are the whole schemas.
    func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding]

    /// Whether a foreign key's target table must exist when the key is created (SQLite
    /// does not check, so its keys always go inside `CREATE TABLE`).
    var foreignKeysNeedTargets: Bool { get }

    /// Whether the engine can put existing columns in a new order (SQLite, by rebuilding).
    /// Where it cannot, a column order that differs is noted and otherwise ignored.
    var reordersColumns: Bool { get }
}

/// How a column's values fare when its type changes.
public enum TypeChange: Sendable, Hashable {
    /// The same type.
    case same
    /// Every value fits the new type unchanged (`varchar(50)` → `varchar(200)`, `int` →
    /// `bigint`).
    case widening
    /// Some values may not fit (`varchar(200)` → `varchar(50)`, `bigint` → `int`).
    case narrowing
    /// The new type means something else (`text` → `int`): values are converted or fail.
    case incompatible
}

extension DiffAdvisor {
    /// True: by default every change is an `ALTER`, never a rebuild.
    public func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool { true }
    /// True unless the table is marked unsupported.
    public func canChange(_ table: Table, carrying objects: [UnmodelledObject]) -> Bool { !table.isUnsupported }
    /// None: only the engine-neutral findings.
    public func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding] { [] }
    /// The engine-neutral answer, ``TypeChange/between(_:_:)``.
    public func typeChange(from: ColumnType, to: ColumnType) -> TypeChange { TypeChange.between(from, to) }
    /// True: keys to tables created later are added after them.
    public var foreignKeysNeedTargets: Bool { true }
    /// False: a different column order is noted and otherwise ignored.
    public var reordersColumns: Bool { false }
}

extension TypeChange {
    /// The engine-neutral answer: integers and lengths widen by size, text holds any
    /// string, a decimal widens when neither its integer digits nor its scale shrink, time
    /// types widen by precision; anything else is incompatible.
    public static func between(_ from: ColumnType, _ to: ColumnType) -> TypeChange {
        if from == to { return .same }
        func order(_ a: Int, _ b: Int) -> TypeChange { a == b ? .same : a < b ? .widening : .narrowing }
        func optionalOrder(_ a: Int?, _ b: Int?, unbounded: Int = Int.max) -> TypeChange {
            order(a ?? unbounded, b ?? unbounded)
        }
        switch (from, to) {
        case (.smallint, .int), (.smallint, .bigint), (.int, .bigint): return .widening
        case (.int, .smallint), (.bigint, .smallint), (.bigint, .int): return .narrowing
        case (.float, .double): return .widening
        case (.double, .float): return .narrowing
        case (.string(let a), .string(let b)): return order(a, b)
        case (.string, .text): return .widening
        case (.text, .string): return .narrowing
        case (.enum(let a), .enum(let b)):
            if a == b { return .same }
            return Set(a).isSubset(of: Set(b)) ? .widening : .narrowing
        case (.enum, .text), (.enum, .string): return .widening
        case (.binary(let a), .binary(let b)): return optionalOrder(a, b)
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)):
            let digits1 = (p1 ?? 1000) - (s1 ?? 0), digits2 = (p2 ?? 1000) - (s2 ?? 0)
            if digits1 == digits2, (s1 ?? 0) == (s2 ?? 0) { return p1 == p2 ? .same : .widening }
            return digits2 >= digits1 && (s2 ?? 0) >= (s1 ?? 0) ? .widening : .narrowing
        case (.time(let a), .time(let b)), (.datetime(let a), .datetime(let b)),
             (.timestampWithZone(let a), .timestampWithZone(let b)):
            return optionalOrder(a, b, unbounded: 6)
        case (.smallint, .decimal), (.int, .decimal), (.bigint, .decimal):
            return .incompatible
        default:
            return .incompatible
        }
    }

    /// Whether values may be lost or rejected.
    public var losesValues: Bool { self == .narrowing || self == .incompatible }
}
