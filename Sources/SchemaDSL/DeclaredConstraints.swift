import Schema

/// A primary key over one or more columns, declared in a ``DeclaredTable``: the table's
/// ``/Schema/Table/primaryKey``.
///
/// For a key over one column, ``DeclaredColumn/primaryKey()`` says the same. The key's
/// columns become `NOT NULL`.
///
/// ```swift
/// DeclaredTable("memberships") {
///     DeclaredColumn("account_id", .bigint)
///     DeclaredColumn("team_id", .bigint)
///     DeclaredPrimaryKey("account_id", "team_id")
/// }
/// ```
public struct DeclaredPrimaryKey: Sendable, Hashable {
    /// The key as the model will hold it.
    public private(set) var primaryKey: PrimaryKey

    /// Declares a primary key over `columns`, in key order.
    ///
    /// - Parameters:
    ///   - columns: The key's columns.
    ///   - name: The constraint's name; nil leaves it to the engine (PostgreSQL
    ///     `<table>_pkey`), and the model holds it unnamed.
    public init(_ columns: String..., name: String? = nil) {
        self.init(columns, name: name)
    }

    /// Declares a primary key over `columns`, in key order.
    public init(_ columns: [String], name: String? = nil) {
        self.primaryKey = PrimaryKey(name: name, columns: columns)
    }

    /// PostgreSQL `DEFERRABLE`: whether the uniqueness check may wait until commit.
    public func deferrable(_ deferrability: Deferrability = .initiallyDeferred) -> DeclaredPrimaryKey {
        var copy = self
        copy.primaryKey.deferrability = deferrability
        return copy
    }
}

/// A `UNIQUE` constraint over one or more columns, declared in a ``DeclaredTable``: one of
/// the table's ``/Schema/Table/uniqueConstraints``.
///
/// A unique *index* (which may be partial or over expressions) is a ``DeclaredIndex``
/// with ``DeclaredIndex/unique()``.
///
/// ```swift
/// DeclaredTable("apps") {
///     DeclaredColumn("tenant_id", .bigint).notNull()
///     DeclaredColumn("slug", .string(64)).notNull()
///     DeclaredUnique("tenant_id", "slug")
/// }
/// ```
public struct DeclaredUnique: Sendable, Hashable {
    /// The constraint as the model will hold it.
    public private(set) var constraint: UniqueConstraint

    /// Declares a unique constraint over `columns`.
    ///
    /// - Parameters:
    ///   - columns: The constrained columns, in order.
    ///   - name: The constraint's name; nil leaves it to the engine, and the model holds it
    ///     unnamed.
    public init(_ columns: String..., name: String? = nil) {
        self.init(columns, name: name)
    }

    /// Declares a unique constraint over `columns`.
    public init(_ columns: [String], name: String? = nil) {
        self.constraint = UniqueConstraint(name: name, columns: columns)
    }

    /// PostgreSQL 15 `NULLS NOT DISTINCT`: NULLs count as equal to each other.
    public func nullsNotDistinct() -> DeclaredUnique {
        var copy = self
        copy.constraint.nullsNotDistinct = true
        return copy
    }

    /// PostgreSQL `DEFERRABLE`: whether the check may wait until commit.
    public func deferrable(_ deferrability: Deferrability = .initiallyDeferred) -> DeclaredUnique {
        var copy = self
        copy.constraint.deferrability = deferrability
        return copy
    }
}

/// A foreign key over one or more columns, declared in a ``DeclaredTable``: one of the
/// table's ``/Schema/Table/foreignKeys``.
///
/// For a key from one column, ``DeclaredColumn/references(_:column:onDelete:onUpdate:name:)``
/// says the same. When the referenced columns are left out, they are the referenced
/// table's primary key if it has as many columns, else `id`.
///
/// ```swift
/// DeclaredTable("releases") {
///     DeclaredColumn("tenant_id", .bigint).notNull()
///     DeclaredColumn("app_id", .bigint).notNull()
///     DeclaredForeignKey("tenant_id", "app_id", references: "apps", columns: ["tenant_id", "id"], onDelete: .cascade)
/// }
/// ```
public struct DeclaredForeignKey: Sendable, Hashable {
    var foreignKey: ForeignKey
    var referencedColumns: [String]?

    /// Declares a foreign key from `columns` to `table`.
    ///
    /// - Parameters:
    ///   - columns: The referencing columns of this table, in key order.
    ///   - table: The referenced table.
    ///   - referencedColumns: Its columns, matching `columns`; nil for its primary key
    ///     (when it has as many columns), else `id`.
    ///   - onDelete: What deleting a referenced row does.
    ///   - onUpdate: What updating a referenced key does.
    ///   - name: The constraint's name; nil leaves it to the engine, and the model holds it
    ///     unnamed.
    public init(
        _ columns: String...,
        references table: String,
        columns referencedColumns: [String]? = nil,
        onDelete: ReferentialAction = .noAction,
        onUpdate: ReferentialAction = .noAction,
        name: String? = nil
    ) {
        self.init(
            columns, references: table, columns: referencedColumns,
            onDelete: onDelete, onUpdate: onUpdate, name: name
        )
    }

    /// Declares a foreign key from `columns` to `table`.
    public init(
        _ columns: [String],
        references table: String,
        columns referencedColumns: [String]? = nil,
        onDelete: ReferentialAction = .noAction,
        onUpdate: ReferentialAction = .noAction,
        name: String? = nil
    ) {
        self.foreignKey = ForeignKey(
            name: name, columns: columns, referencedTable: table, referencedColumns: referencedColumns ?? [],
            onDelete: onDelete, onUpdate: onUpdate
        )
        self.referencedColumns = referencedColumns
    }

    /// The referenced table is in the schema (PostgreSQL) or database (MySQL) `schema`,
    /// outside this model; its columns are then taken as given, or `id`.
    public func inSchema(_ schema: String) -> DeclaredForeignKey {
        changed { $0.foreignKey.referencedSchema = schema }
    }

    /// PostgreSQL `MATCH FULL` or `MATCH SIMPLE`: how a partly NULL key matches.
    public func match(_ match: ForeignKey.Match) -> DeclaredForeignKey {
        changed { $0.foreignKey.match = match }
    }

    /// `DEFERRABLE`: whether the check may wait until commit (PostgreSQL, SQLite).
    public func deferrable(_ deferrability: Deferrability = .initiallyDeferred) -> DeclaredForeignKey {
        changed { $0.foreignKey.deferrability = deferrability }
    }

    private func changed(_ change: (inout DeclaredForeignKey) -> Void) -> DeclaredForeignKey {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A `CHECK` constraint declared in a ``DeclaredTable``: one of the table's
/// ``/Schema/Table/checks``.
///
/// ```swift
/// DeclaredTable("devices") {
///     DeclaredColumn("serial", .string(64)).notNull()
///     DeclaredCheck("serial <> ''")
///     DeclaredCheck("length(serial) <= 64", name: "devices_serial_length")
/// }
/// ```
public struct DeclaredCheck: Sendable, Hashable {
    /// The check as the model will hold it.
    public private(set) var check: Check

    /// Declares a check.
    ///
    /// - Parameters:
    ///   - expression: The condition every row must meet, as SQL.
    ///   - name: The constraint's name; nil leaves it to the engine, and the model holds it
    ///     unnamed.
    public init(_ expression: String, name: String? = nil) {
        self.check = Check(name: name, expression: expression)
    }

    /// MySQL `NOT ENFORCED`: the check is declared but not enforced.
    public func notEnforced() -> DeclaredCheck {
        var copy = self
        copy.check.isEnforced = false
        return copy
    }
}
