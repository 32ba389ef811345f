import Schema

/// A column declared in a ``DeclaredTable``: the model's ``/Schema/Column``, plus what SQL lets a
/// column say about its table (primary key, `UNIQUE`, `REFERENCES`, `CHECK`) and its
/// old name.
///
/// Start from a name and a ``/Schema/ColumnType``, then chain modifiers; each returns a changed
/// copy. A column accepts NULL until ``notNull()``, as in SQL, and a primary key column is
/// always `NOT NULL`.
///
/// ```swift
/// DeclaredTable("devices") {
///     DeclaredColumn("id", .uuid).primaryKey().default(.sql("gen_random_uuid()"))
///     DeclaredColumn("account_id", .bigint).notNull().references("accounts", onDelete: .cascade)
///     DeclaredColumn("serial", .string(64), renamedFrom: "serial_no").notNull().unique()
///     DeclaredColumn("label", .text).collation(.utf8mb4UnicodeCI).comment("Shown in the app")
///     DeclaredColumn("battery", .smallint).check("battery BETWEEN 0 AND 100")
/// }
/// ```
///
/// Where each modifier lands in the model:
///
/// | modifier | model |
/// |---|---|
/// | ``notNull()``, ``nullable()`` | ``/Schema/Column/isNullable`` |
/// | `default(_:)` (a ``/Schema/ColumnDefault``, text, a number, a truth value) | ``/Schema/Column/defaultValue`` |
/// | ``onUpdate(_:)`` | ``/Schema/Column/onUpdate`` |
/// | ``autoIncrement()``, ``identity(_:)`` | ``/Schema/Column/identity`` |
/// | ``collation(_:)``, ``characterSet(_:)``, ``comment(_:)`` | ``/Schema/Column/collation``, ``/Schema/Column/characterSet``, ``/Schema/Column/comment`` |
/// | ``primaryKey()`` | the table's ``/Schema/Table/primaryKey`` (unnamed) |
/// | ``unique(name:)`` | a ``/Schema/UniqueConstraint`` of the table (unnamed unless `name` is given) |
/// | ``references(_:column:onDelete:onUpdate:name:)`` | a ``/Schema/ForeignKey`` of the table (unnamed unless `name` is given) |
/// | ``check(_:name:)`` | a ``/Schema/Check`` of the table (unnamed unless `name` is given) |
/// | `renamedFrom:`, ``renamed(from:)`` | a ``/SchemaDiff/Rename/column(table:from:to:)`` in ``DeclaredSchema/renames`` |
public struct DeclaredColumn: Sendable, Hashable {
    /// The column as the model will hold it (before the primary key makes it `NOT NULL`).
    public private(set) var column: Column
    /// The column's previous name, when it was renamed.
    public private(set) var renamedFrom: String?
    var isPrimaryKey = false
    var isExplicitlyNullable = false
    var uniqueConstraint: UniqueConstraint?
    var reference: ColumnReferenceDeclaration?
    var checks: [Check] = []

    /// Declares a column.
    ///
    /// - Parameters:
    ///   - name: The column's name.
    ///   - type: Its type: `.bigint`, `.string(200)`, `.timestamp`, `.decimal(10, 2)`, ….
    ///   - renamedFrom: The name it had before, when it is being renamed.
    public init(_ name: String, _ type: ColumnType, renamedFrom: String? = nil) {
        self.column = Column(name, type)
        self.renamedFrom = renamedFrom
    }

    /// The column's name.
    public var name: String {
        column.name
    }

    /// A model column, taken as it is.
    init(modelColumn: Column) {
        self.column = modelColumn
    }
}

/// A column-level `REFERENCES`, resolved against the schema once every table is known.
struct ColumnReferenceDeclaration: Sendable, Hashable {
    var table: String
    var column: String?
    var onDelete: ReferentialAction
    var onUpdate: ReferentialAction
    var name: String?
}

// MARK: - Nullability and keys

extension DeclaredColumn {
    /// `NOT NULL`: the column refuses NULL.
    public func notNull() -> DeclaredColumn {
        changed { $0.column.isNullable = false; $0.isExplicitlyNullable = false }
    }

    /// `NULL`: the column accepts NULL, which is already the default. A primary key column
    /// cannot be nullable: validation reports it.
    public func nullable() -> DeclaredColumn {
        changed { $0.column.isNullable = true; $0.isExplicitlyNullable = true }
    }

    /// `PRIMARY KEY`: the table's primary key is this column (and the column `NOT NULL`).
    ///
    /// For a key over several columns, declare a ``DeclaredPrimaryKey`` in the table
    /// instead; two columns marked `primaryKey()` are reported by validation.
    public func primaryKey() -> DeclaredColumn {
        changed { $0.isPrimaryKey = true }
    }

    /// `UNIQUE`: a unique constraint over this column alone.
    ///
    /// - Parameter name: The constraint's name; nil leaves the name to the engine
    ///   (PostgreSQL `<table>_<column>_key`), and the model holds it unnamed.
    public func unique(name: String? = nil) -> DeclaredColumn {
        changed { $0.uniqueConstraint = UniqueConstraint(name: name, columns: [$0.column.name]) }
    }

    /// `REFERENCES table (column)`: a foreign key from this column alone.
    ///
    /// - Parameters:
    ///   - table: The referenced table.
    ///   - column: The referenced column; nil for the referenced table's primary key when
    ///     it is a single column, else `id`.
    ///   - onDelete: What deleting the referenced row does.
    ///   - onUpdate: What updating the referenced key does.
    ///   - name: The constraint's name; nil leaves it to the engine, and the model holds it
    ///     unnamed.
    public func references(
        _ table: String,
        column: String? = nil,
        onDelete: ReferentialAction = .noAction,
        onUpdate: ReferentialAction = .noAction,
        name: String? = nil
    ) -> DeclaredColumn {
        let reference = ColumnReferenceDeclaration(
            table: table, column: column, onDelete: onDelete, onUpdate: onUpdate, name: name
        )
        return changed { $0.reference = reference }
    }

    /// `CHECK (expression)`: a check of the table, written next to the column it is about.
    ///
    /// - Parameters:
    ///   - expression: The condition, as SQL.
    ///   - name: The constraint's name; nil leaves it unnamed.
    public func check(_ expression: String, name: String? = nil) -> DeclaredColumn {
        changed { $0.checks.append(Check(name: name, expression: expression)) }
    }
}

// MARK: - Defaults and numbering

extension DeclaredColumn {
    /// `DEFAULT value`, any ``/Schema/ColumnDefault``: `.now`, `.null`,
    /// `.sql("gen_random_uuid()")`, `.decimal("9.90")`, `.nextValue(sequence: "ids")`.
    public func `default`(_ value: ColumnDefault) -> DeclaredColumn {
        changed { $0.column.defaultValue = value }
    }

    /// `DEFAULT 'text'`: a text literal (the characters, without quotes).
    public func `default`(_ text: String) -> DeclaredColumn {
        self.default(ColumnDefault.string(text))
    }

    /// `DEFAULT n`: an integer literal.
    public func `default`(_ number: Int) -> DeclaredColumn {
        self.default(ColumnDefault.integer(number))
    }

    /// `DEFAULT x`: a floating-point literal (see ``Schema/ColumnDefault/double(_:)``).
    public func `default`(_ number: Double) -> DeclaredColumn {
        self.default(ColumnDefault.double(number))
    }

    /// `DEFAULT TRUE` or `DEFAULT FALSE`.
    public func `default`(_ flag: Bool) -> DeclaredColumn {
        self.default(ColumnDefault.bool(flag))
    }

    /// MySQL `ON UPDATE value`, usually `.now`: the value written on every update of the row.
    public func onUpdate(_ value: ColumnDefault) -> DeclaredColumn {
        changed { $0.column.onUpdate = value }
    }

    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`: ``/Schema/Identity/autoIncrement``. On
    /// PostgreSQL use ``identity(_:)``.
    public func autoIncrement() -> DeclaredColumn {
        identity(.autoIncrement)
    }

    /// How the column numbers rows by itself; PostgreSQL `GENERATED BY DEFAULT AS
    /// IDENTITY` unless told otherwise (`.always`, `.serial`, or an ``/Schema/Identity`` with
    /// sequence options).
    public func identity(_ identity: Identity = .byDefault) -> DeclaredColumn {
        changed { $0.column.identity = identity }
    }
}

// MARK: - Text, comment, rename

extension DeclaredColumn {
    /// `COLLATE collation`: the column's collation.
    public func collation(_ collation: Collation) -> DeclaredColumn {
        changed { $0.column.collation = collation.rawValue }
    }

    /// MySQL `CHARACTER SET charset`: the column's character set.
    public func characterSet(_ charset: Charset) -> DeclaredColumn {
        changed { $0.column.characterSet = charset.rawValue }
    }

    /// The column's comment (PostgreSQL `COMMENT ON COLUMN`, MySQL `COMMENT`).
    public func comment(_ comment: String) -> DeclaredColumn {
        changed { $0.column.comment = comment }
    }

    /// The name the column had before: the same as `renamedFrom:` in the initializer.
    public func renamed(from oldName: String) -> DeclaredColumn {
        changed { $0.renamedFrom = oldName }
    }

    private func changed(_ change: (inout DeclaredColumn) -> Void) -> DeclaredColumn {
        var copy = self
        change(&copy)
        return copy
    }
}
