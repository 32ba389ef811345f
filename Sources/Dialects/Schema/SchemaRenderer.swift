import Schema

/// Writes the model as one engine's DDL, an object at a time.
///
/// Every statement is returned without its terminating `;`, and every identifier in it is
/// quoted with the dialect's ``Dialect/quoteIdentifier(_:)``, so that a table named
/// `order`, `we"ird` or ``we`ird`` works. Names are written unqualified: a dump applies to
/// whichever schema or database the connection uses. ``SchemaScript`` puts the statements
/// in dependency order; the renderer only writes them.
public protocol SchemaRenderer: Sendable {
    /// Whether a foreign key's target table must exist when the key is created. SQLite does
    /// not check, so every key is written inside its table's `CREATE TABLE`; elsewhere keys
    /// to tables created later (cycles) are added afterwards with ``addForeignKey(_:to:)``.
    var foreignKeysNeedTargets: Bool { get }

    /// `CREATE TYPE … AS ENUM` (PostgreSQL); empty where the engine has no named enums.
    func createEnumType(_ type: EnumType) -> [String]
    /// `CREATE SEQUENCE` for a free-standing sequence; its `OWNED BY`, which needs the
    /// table, comes from ``statementsAfterTables(_:)``.
    func createSequence(_ sequence: SequenceDefinition) -> [String]
    /// `CREATE TABLE` with its columns, primary key, unique constraints, checks and the
    /// `foreignKeys` given (the others are added later), then its comments. Indexes come
    /// from ``createIndex(_:on:)``.
    func createTable(_ table: Table, foreignKeys: [ForeignKey], in schema: Schema) -> [String]
    /// `CREATE INDEX` (and its comment).
    func createIndex(_ index: Index, on table: Table) -> [String]
    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`.
    func addForeignKey(_ foreignKey: ForeignKey, to table: Table) -> [String]
    /// Statements that need every table: `ALTER SEQUENCE … OWNED BY`, for instance.
    func statementsAfterTables(_ schema: Schema) -> [String]
    /// `CREATE VIEW` (and its comment).
    func createView(_ view: View) -> [String]
    /// The statements that re-create an object Strata carries without modelling, or empty
    /// when the engine gave no DDL for it.
    func createUnmodelled(_ object: UnmodelledObject) -> [String]

    /// `ALTER TABLE … DROP CONSTRAINT` (or `DROP FOREIGN KEY`).
    func dropForeignKey(_ foreignKey: ForeignKey, from table: Table) -> [String]
    /// `DROP TABLE`.
    func dropTable(_ table: Table) -> [String]
    /// `DROP VIEW`.
    func dropView(_ view: View) -> [String]
    /// `DROP TYPE`.
    func dropEnumType(_ type: EnumType) -> [String]
    /// `DROP SEQUENCE`.
    func dropSequence(_ sequence: SequenceDefinition) -> [String]
    /// The statement that drops an unmodelled object, or empty when dropping what it
    /// belongs to drops it too (a trigger goes with its table).
    func dropUnmodelled(_ object: UnmodelledObject) -> [String]
}

extension SchemaRenderer {
    /// True: keys to tables created later are added afterwards (every engine but SQLite).
    public var foreignKeysNeedTargets: Bool { true }
    /// Nothing: the engine has no named enumeration types.
    public func createEnumType(_ type: EnumType) -> [String] { [] }
    /// Nothing: the engine has no free-standing sequences.
    public func createSequence(_ sequence: SequenceDefinition) -> [String] { [] }
    /// Nothing: every statement belongs to its object.
    public func statementsAfterTables(_ schema: Schema) -> [String] { [] }
    /// Nothing: the engine has no named enumeration types.
    public func dropEnumType(_ type: EnumType) -> [String] { [] }
    /// Nothing: the engine has no free-standing sequences.
    public func dropSequence(_ sequence: SequenceDefinition) -> [String] { [] }
    /// The object's carried DDL as one statement, or nothing when the engine gave none.
    public func createUnmodelled(_ object: UnmodelledObject) -> [String] {
        object.definition.isEmpty ? [] : [object.definition]
    }
    /// Nothing: unmodelled objects go with the table they belong to.
    public func dropUnmodelled(_ object: UnmodelledObject) -> [String] { [] }
}

extension ReferentialAction {
    /// The action as every engine spells it after `ON DELETE` / `ON UPDATE`.
    public var sql: String {
        switch self {
        case .noAction: "NO ACTION"
        case .restrict: "RESTRICT"
        case .cascade: "CASCADE"
        case .setNull: "SET NULL"
        case .setDefault: "SET DEFAULT"
        }
    }
}
