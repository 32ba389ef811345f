import Schema

/// A view declared in a ``DeclaredSchema``: a name and its query, one of ``/Schema/Schema/views``.
///
/// The query is SQL as the engine should read it; the desired schema is made canonical
/// on a scratch database, so it need not be written the way the engine prints it back.
///
/// ```swift
/// DeclaredSchema {
///     DeclaredView("active_devices", "SELECT id, account_id FROM devices WHERE retired_at IS NULL")
///         .comment("Devices still in service")
/// }
/// ```
public struct DeclaredView: Sendable, Hashable {
    /// The view as the model will hold it.
    public private(set) var view: View

    /// Declares a view.
    ///
    /// - Parameters:
    ///   - name: The view's name.
    ///   - query: Its `SELECT`.
    public init(_ name: String, _ query: String) {
        self.view = View(name: name, definition: query)
    }

    /// `CREATE VIEW v (a, b) AS …`: the view's column names, in order.
    public func columns(_ names: String...) -> DeclaredView {
        changed { $0.view.columns = names }
    }

    /// `WITH LOCAL CHECK OPTION` or `WITH CASCADED CHECK OPTION`.
    public func checkOption(_ option: View.CheckOption = .cascaded) -> DeclaredView {
        changed { $0.view.checkOption = option }
    }

    /// The view's comment (PostgreSQL `COMMENT ON VIEW`).
    public func comment(_ comment: String) -> DeclaredView {
        changed { $0.view.comment = comment }
    }

    private func changed(_ change: (inout DeclaredView) -> Void) -> DeclaredView {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A named enumeration type declared in a ``DeclaredSchema`` (PostgreSQL `CREATE TYPE …
/// AS ENUM`): one of ``/Schema/Schema/enumTypes``. Columns use it with `.enumType("name")`.
///
/// ```swift
/// DeclaredSchema {
///     DeclaredEnum("device_state", values: "active", "lost", "retired")
///     DeclaredTable("devices") {
///         DeclaredColumn("state", .enumType("device_state")).notNull().default("active")
///     }
/// }
/// ```
public struct DeclaredEnum: Sendable, Hashable {
    /// The type as the model will hold it.
    public private(set) var enumType: EnumType

    /// Declares an enumeration type with its labels in sort order.
    public init(_ name: String, values: String...) {
        self.init(name, values: values)
    }

    /// Declares an enumeration type with its labels in sort order.
    public init(_ name: String, values: [String]) {
        self.enumType = EnumType(name: name, values: values)
    }

    /// The type's comment (`COMMENT ON TYPE`).
    public func comment(_ comment: String) -> DeclaredEnum {
        var copy = self
        copy.enumType.comment = comment
        return copy
    }
}

/// A free-standing sequence declared in a ``DeclaredSchema`` (PostgreSQL `CREATE
/// SEQUENCE`): one of ``/Schema/Schema/sequences``. A column's own numbering is
/// ``DeclaredColumn/identity(_:)`` instead.
///
/// ```swift
/// DeclaredSchema {
///     DeclaredSequence("invoice_numbers", as: .bigint).start(1000).ownedBy("invoices", "number")
///     DeclaredTable("invoices") {
///         DeclaredColumn("number", .bigint).notNull().default(.nextValue(sequence: "invoice_numbers"))
///     }
/// }
/// ```
public struct DeclaredSequence: Sendable, Hashable {
    /// The sequence as the model will hold it.
    public private(set) var sequence: SequenceDefinition

    /// Declares a sequence.
    ///
    /// - Parameters:
    ///   - name: The sequence's name.
    ///   - type: Its value type (`.smallint`, `.int`, `.bigint`); nil for the engine's default.
    public init(_ name: String, as type: ColumnType? = nil) {
        self.sequence = SequenceDefinition(name: name, type: type)
    }

    /// `START WITH value`.
    public func start(_ value: Int) -> DeclaredSequence {
        changed { $0.sequence.options.start = value }
    }

    /// `INCREMENT BY step`.
    public func increment(_ step: Int) -> DeclaredSequence {
        changed { $0.sequence.options.increment = step }
    }

    /// `MINVALUE value`.
    public func minValue(_ value: Int) -> DeclaredSequence {
        changed { $0.sequence.options.minValue = value }
    }

    /// `MAXVALUE value`.
    public func maxValue(_ value: Int) -> DeclaredSequence {
        changed { $0.sequence.options.maxValue = value }
    }

    /// `CACHE count`.
    public func cache(_ count: Int) -> DeclaredSequence {
        changed { $0.sequence.options.cache = count }
    }

    /// `CYCLE`: wrap around at the bound.
    public func cycle() -> DeclaredSequence {
        changed { $0.sequence.options.cycle = true }
    }

    /// `OWNED BY table.column`: dropped with that column.
    public func ownedBy(_ table: String, _ column: String) -> DeclaredSequence {
        changed { $0.sequence.ownedBy = ColumnReference(table: table, column: column) }
    }

    /// The sequence's comment.
    public func comment(_ comment: String) -> DeclaredSequence {
        changed { $0.sequence.comment = comment }
    }

    private func changed(_ change: (inout DeclaredSequence) -> Void) -> DeclaredSequence {
        var copy = self
        change(&copy)
        return copy
    }
}
