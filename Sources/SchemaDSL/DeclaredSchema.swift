import Schema
import SchemaDiff

/// A desired schema declared in Swift: the model, and the renames declared with it.
///
/// Declare tables, views, enumeration types and sequences in a result builder; the
/// result is an engine-neutral ``Schema`` (in ``schema``) and the ``/SchemaDiff/Rename``s declared
/// with `renamedFrom:` (in ``renames``), ready for the differ.
///
/// ```swift
/// import Strata
///
/// let declared = DeclaredSchema {
///     DeclaredTable("accounts") {
///         DeclaredColumn("id", .bigint).primaryKey().autoIncrement()
///         DeclaredColumn("email", .string(200)).notNull().unique()
///         DeclaredColumn("created_at", .timestamp).notNull().default(.now)
///     }
///     DeclaredTable("devices", renamedFrom: "gadgets") {
///         DeclaredColumn("id", .uuid).primaryKey()
///         DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
///         DeclaredColumn("serial", .string(64), renamedFrom: "serial_no").notNull()
///         DeclaredColumn("retired_at", .timestamp)
///         DeclaredIndex(on: "account_id", "serial").unique()
///         DeclaredIndex("devices_active_idx", on: "account_id").where("retired_at IS NULL")
///         DeclaredCheck("serial <> ''")
///     }
///     DeclaredView("active_devices", "SELECT id FROM devices WHERE retired_at IS NULL")
/// }
/// try declared.validate()
/// ```
///
/// The DSL's types are named `Declared…` so that they never clash with the model's own
/// ``/Schema/Table``, ``/Schema/Column``, ``/Schema/Index``, ``/Schema/Check`` and
/// ``/Schema/View``, which the `Strata` library exports next to them. The builders also
/// accept those model values as they are.
///
/// ## Names
///
/// Names are strings, compared exactly. What the declaration leaves unnamed stays
/// unnamed in the model wherever the model allows it (primary keys, unique constraints,
/// foreign keys, checks): the desired schema is made canonical by creating it on a
/// scratch database of the target engine and reading it back, and the engine names them
/// then. Indexes need a name in the model: an index declared without one gets
/// `<table>_<columns>_idx`, or `<table>_<columns>_key` when unique (see
/// ``DeclaredIndex``).
///
/// ## References
///
/// ``DeclaredColumn/references(_:column:onDelete:onUpdate:name:)`` and
/// ``DeclaredForeignKey`` without referenced columns refer to the referenced table's
/// primary key when it has as many columns as the key, else to `id`. They are resolved
/// once every table is declared, so tables may come in any order and refer to
/// themselves.
///
/// ## Renames
///
/// `renamedFrom:` on a table gives ``/SchemaDiff/Rename/table(from:to:)``; on a column (or
/// ``DeclaredColumn/renamed(from:)``) ``/SchemaDiff/Rename/column(table:from:to:)`` with the
/// table's new name. A ``/SchemaDiff/Rename`` may also be written in the schema's body. ``renames``
/// are sorted (tables first), so that the declaration order does not matter.
///
/// ## Validation
///
/// Building never fails; ``validate()`` throws a ``DeclaredSchemaError`` listing every
/// issue, one line each, naming the table and column: the model's
/// ``/Schema/Schema/validationIssues()`` and what only the declaration can get wrong (two
/// primary keys, a nullable key column, a rename that names nothing or collides).
public struct DeclaredSchema: Sendable, Hashable {
    /// The model.
    public var schema: Schema
    /// The renames declared with `renamedFrom:`.
    public var renames: [Rename]
    /// What the declaration got wrong that the model cannot show, found while building.
    var declarationIssues: [SchemaIssue] = []

    /// Creates a declared schema from a model and its renames.
    public init(schema: Schema, renames: [Rename] = []) {
        self.schema = schema
        self.renames = renames
    }

    /// Declares a schema.
    ///
    /// - Parameters:
    ///   - name: The namespace's name (PostgreSQL schema, MySQL database), or nil for the
    ///     connection's default.
    ///   - characterSet: The database's default character set (MySQL).
    ///   - collation: The database's default collation (MySQL).
    ///   - content: Its tables, views, enumeration types, sequences and renames.
    public init(
        name: String? = nil,
        characterSet: Charset? = nil,
        collation: Collation? = nil,
        @DeclaredSchemaBuilder _ content: () -> [SchemaElement]
    ) {
        let assembly = SchemaAssembly(elements: content())
        self.schema = assembly.schema
        self.schema.name = name
        self.schema.defaultCharacterSet = characterSet?.rawValue
        self.schema.defaultCollation = collation?.rawValue
        self.renames = assembly.renames
        self.declarationIssues = assembly.issues
    }
}

/// One thing declared inside a ``DeclaredSchema``: what ``DeclaredSchemaBuilder``
/// collects. Made by the builder from the values written in the schema's body.
public struct SchemaElement: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case table(DeclaredTable)
        case modelTable(Table)
        case view(View)
        case enumType(EnumType)
        case sequence(SequenceDefinition)
        case rename(Rename)
    }

    let kind: Kind
}

/// The result builder of a ``DeclaredSchema``'s body: tables, views, enumeration types,
/// sequences and renames, with `if`, `if`/`else`, `switch`, `for` and `#available`.
@resultBuilder
public enum DeclaredSchemaBuilder {
    /// A declared table.
    public static func buildExpression(_ table: DeclaredTable) -> [SchemaElement] {
        [SchemaElement(kind: .table(table))]
    }

    /// A model table, taken as it is; other tables' references may resolve to its key.
    public static func buildExpression(_ table: Table) -> [SchemaElement] {
        [SchemaElement(kind: .modelTable(table))]
    }

    /// A declared view.
    public static func buildExpression(_ view: DeclaredView) -> [SchemaElement] {
        [SchemaElement(kind: .view(view.view))]
    }

    /// A model view.
    public static func buildExpression(_ view: View) -> [SchemaElement] {
        [SchemaElement(kind: .view(view))]
    }

    /// A declared enumeration type.
    public static func buildExpression(_ type: DeclaredEnum) -> [SchemaElement] {
        [SchemaElement(kind: .enumType(type.enumType))]
    }

    /// A model enumeration type.
    public static func buildExpression(_ type: EnumType) -> [SchemaElement] {
        [SchemaElement(kind: .enumType(type))]
    }

    /// A declared sequence.
    public static func buildExpression(_ sequence: DeclaredSequence) -> [SchemaElement] {
        [SchemaElement(kind: .sequence(sequence.sequence))]
    }

    /// A model sequence.
    public static func buildExpression(_ sequence: SequenceDefinition) -> [SchemaElement] {
        [SchemaElement(kind: .sequence(sequence))]
    }

    /// A rename declared on its own, such as `Rename.column(table: "users", from: "mail", to: "email")`.
    public static func buildExpression(_ rename: Rename) -> [SchemaElement] {
        [SchemaElement(kind: .rename(rename))]
    }

    /// Elements made elsewhere, such as by a function that is itself a builder.
    public static func buildExpression(_ elements: [SchemaElement]) -> [SchemaElement] {
        elements
    }

    /// The body's statements, in order.
    public static func buildBlock(_ parts: [SchemaElement]...) -> [SchemaElement] {
        parts.flatMap { $0 }
    }

    /// An `if` without `else`.
    public static func buildOptional(_ part: [SchemaElement]?) -> [SchemaElement] {
        part ?? []
    }

    /// The first branch of an `if`/`else` or `switch`.
    public static func buildEither(first part: [SchemaElement]) -> [SchemaElement] {
        part
    }

    /// The second branch of an `if`/`else` or `switch`.
    public static func buildEither(second part: [SchemaElement]) -> [SchemaElement] {
        part
    }

    /// A `for` loop.
    public static func buildArray(_ parts: [[SchemaElement]]) -> [SchemaElement] {
        parts.flatMap { $0 }
    }

    /// An `if #available` branch.
    public static func buildLimitedAvailability(_ part: [SchemaElement]) -> [SchemaElement] {
        part
    }
}
