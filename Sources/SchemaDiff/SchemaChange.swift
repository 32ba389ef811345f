import Schema

/// One step from one schema towards another: what the differ produces, the renderers turn
/// into DDL, and `diff`, `generate`, `sync` and `lint` report.
///
/// A change names the objects it touches by the names they have *when it runs*: a change
/// after a ``Kind/renameTable(from:to:)`` uses the new name. Its ``findings`` classify it
/// (see ``ChangeClass``); a change with no finding other than ``ChangeClass/safe`` can be
/// applied without review.
public struct SchemaChange: Sendable, Hashable {
    /// What the change does.
    public enum Kind: Sendable, Hashable {
        /// `CREATE TYPE … AS ENUM` (PostgreSQL).
        case createEnumType(EnumType)
        /// `DROP TYPE`.
        case dropEnumType(EnumType)
        /// `ALTER TYPE … ADD VALUE` for labels appended or inserted (PostgreSQL).
        case addEnumValues(from: EnumType, to: EnumType)
        /// `CREATE SEQUENCE`.
        case createSequence(SequenceDefinition)
        /// `DROP SEQUENCE`.
        case dropSequence(SequenceDefinition)
        /// `ALTER SEQUENCE` (or drop and create where the engine cannot alter).
        case alterSequence(from: SequenceDefinition, to: SequenceDefinition)
        /// `CREATE TABLE` with its indexes; foreign keys to tables created later come as
        /// ``addForeignKey(table:_:)`` changes, the others are in the table.
        case createTable(Table, foreignKeys: [ForeignKey])
        /// `DROP TABLE`.
        case dropTable(Table)
        /// `ALTER TABLE … RENAME TO`, declared by the user.
        case renameTable(from: String, to: String)
        /// Create a new table, copy the rows, drop the old one and rename the new one, where
        /// the engine cannot alter in place (SQLite). `columnSources` maps each column of
        /// `to` that takes the values of a column of `from` to that column's name; a column
        /// of `to` not in it gets its default.
        case rebuildTable(from: Table, to: Table, columnSources: [String: String])
        /// `ALTER TABLE … ADD COLUMN`.
        case addColumn(table: String, Column)
        /// `ALTER TABLE … DROP COLUMN`.
        case dropColumn(table: String, Column)
        /// `ALTER TABLE … RENAME COLUMN`, declared by the user.
        case renameColumn(table: String, from: String, to: String)
        /// Type, nullability, default, identity, collation or comment of one column.
        case alterColumn(table: String, from: Column, to: Column)
        /// Adds, drops or replaces the primary key.
        case setPrimaryKey(table: String, from: PrimaryKey?, to: PrimaryKey?)
        /// `ALTER TABLE … ADD CONSTRAINT … UNIQUE`.
        case addUnique(table: String, UniqueConstraint)
        /// `ALTER TABLE … DROP CONSTRAINT` of a unique constraint.
        case dropUnique(table: String, UniqueConstraint)
        /// `CREATE INDEX`.
        case addIndex(table: String, Index)
        /// `DROP INDEX`.
        case dropIndex(table: String, Index)
        /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`.
        case addForeignKey(table: String, ForeignKey)
        /// `ALTER TABLE … DROP CONSTRAINT` (MySQL `DROP FOREIGN KEY`).
        case dropForeignKey(table: String, ForeignKey)
        /// `ALTER TABLE … ADD CONSTRAINT … CHECK`.
        case addCheck(table: String, Check)
        /// `ALTER TABLE … DROP CONSTRAINT` of a check.
        case dropCheck(table: String, Check)
        /// Engine options (MySQL engine, charset, collation; SQLite STRICT …).
        case alterTableOptions(table: String, from: TableOptions, to: TableOptions)
        /// `COMMENT ON TABLE` / `COMMENT=`.
        case setTableComment(table: String, from: String?, to: String?)
        /// `CREATE VIEW`.
        case createView(View)
        /// `DROP VIEW`.
        case dropView(View)
        /// Re-creates an object Strata carries without modelling, from its own DDL.
        case createUnmodelled(UnmodelledObject)
        /// Drops an object Strata carries without modelling.
        case dropUnmodelled(UnmodelledObject)
    }

    /// What the change does.
    public var kind: Kind
    /// How it is classified, at least one finding; the first is the change's own rule.
    public var findings: [ChangeFinding]

    /// Creates a change.
    public init(_ kind: Kind, findings: [ChangeFinding]) {
        self.kind = kind
        self.findings = findings
    }

    /// The change's own rule id (`add-column`, `drop-table`, …); its findings may name
    /// more precise ones (`narrow-type`, `pg-index-not-concurrent`).
    public var rule: String { kind.rule }

    /// Every class its findings have.
    public var classes: Set<ChangeClass> { Set(findings.map(\.changeClass)) }

    /// Whether it drops or narrows something.
    public var isDestructive: Bool { classes.contains(.destructive) }

    /// Whether it can fail, or lose nothing but need review, depending on the rows present.
    public var isDataDependent: Bool { classes.contains(.dataDependent) }

    /// Whether `generate` marks it and `sync` refuses it without `--allow-destructive`.
    public var needsPermission: Bool { isDestructive || isDataDependent }

    /// What it touches, qualified by table where it has one: `users.email`.
    public var objectName: String { kind.objectName }

    /// `add column users.email (string(200), nullable)`.
    public var summary: String { kind.summary }
}

/// The class of a change (a change can have several).
public enum ChangeClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Loses nothing and needs nothing of the rows present.
    case safe
    /// Drops a table, column, index, view or constraint, or narrows or changes a type.
    case destructive
    /// Can fail or change meaning depending on the rows present: NOT NULL, UNIQUE, CHECK
    /// or a foreign key added over existing rows.
    case dataDependent = "data-dependent"
    /// Rewrites the table or blocks writes to it while it runs, on this engine.
    case locking

    /// Orders classes as declared: safe, destructive, data-dependent, locking.
    public static func < (lhs: ChangeClass, rhs: ChangeClass) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One classification of a change: a stable rule id, its class, and what to do about it.
public struct ChangeFinding: Sendable, Hashable, Codable {
    /// The stable rule id (`drop-column`, `pg-index-not-concurrent`); `lint-ignore` names it.
    public var rule: String
    /// The class it puts the change in.
    public var changeClass: ChangeClass
    /// One line saying what happens, or empty for a safe change that needs no words.
    public var message: String
    /// One line saying what to do instead or first, or empty when nothing is needed.
    public var remedy: String

    /// Creates a finding.
    public init(rule: String, changeClass: ChangeClass, message: String = "", remedy: String = "") {
        self.rule = rule
        self.changeClass = changeClass
        self.message = message
        self.remedy = remedy
    }

    enum CodingKeys: String, CodingKey {
        case rule, changeClass = "class", message, remedy
    }
}
