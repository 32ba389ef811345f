/// One key part of an index: a column or an expression, with its order and options.
///
/// Normalisers write each option as nil (or ascending) when it is the engine's default
/// for the part, so that an explicit `ASC` or `NULLS LAST` on an ascending PostgreSQL
/// part compares equal to none. An expression is the engine's text after normalisation
/// (`lower((email)::text)` on PostgreSQL, ``(lower(`email`))`` on MySQL): the same text must
/// mean the same expression.
///
/// ## JSON form
///
/// `{"column":"created_at","direction":"descending"}` or
/// `{"expression":"lower(email)"}`: exactly one of `column` and `expression`, then
/// `direction` (omitted when ascending), `nulls`, `collation`, `operatorClass` and
/// `prefixLength` when set.
///
/// ## Topics
///
/// ### Creating a part
/// - ``column(_:direction:nulls:collation:operatorClass:prefixLength:)``
/// - ``expression(_:direction:nulls:collation:operatorClass:)``
/// - ``init(target:direction:nulls:collation:operatorClass:prefixLength:)``
///
/// ### Properties
/// - ``target-swift.property``
/// - ``Target-swift.enum``
/// - ``direction-swift.property``
/// - ``Direction-swift.enum``
/// - ``nulls``
/// - ``NullsOrder``
/// - ``collation``
/// - ``operatorClass``
/// - ``prefixLength``
public struct IndexPart: Sendable, Hashable {
    /// What a part indexes.
    public enum Target: Sendable, Hashable {
        /// A column, by name.
        case column(String)
        /// An expression, as normalised text.
        case expression(String)
    }

    /// The order of a part.
    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        /// `ASC`, the default.
        case ascending
        /// `DESC`.
        case descending
    }

    /// Where NULLs sort (PostgreSQL `NULLS FIRST`/`NULLS LAST`).
    public enum NullsOrder: String, Sendable, Hashable, Codable, CaseIterable {
        /// `NULLS FIRST`.
        case first
        /// `NULLS LAST`.
        case last
    }

    /// The column or expression indexed.
    public var target: Target
    /// Its order.
    public var direction: Direction
    /// Where NULLs sort, when not the engine's default for the direction (PostgreSQL sorts
    /// them last when ascending, first when descending).
    public var nulls: NullsOrder?
    /// Its collation, when not the column's (PostgreSQL, SQLite `COLLATE`).
    public var collation: String?
    /// Its operator class, when not the type's default (PostgreSQL, e.g. `text_pattern_ops`).
    public var operatorClass: String?
    /// How many leading characters or bytes of the column are indexed (MySQL `name(10)`).
    public var prefixLength: Int?

    /// Creates a part.
    public init(
        target: Target,
        direction: Direction = .ascending,
        nulls: NullsOrder? = nil,
        collation: String? = nil,
        operatorClass: String? = nil,
        prefixLength: Int? = nil
    ) {
        self.target = target
        self.direction = direction
        self.nulls = nulls
        self.collation = collation
        self.operatorClass = operatorClass
        self.prefixLength = prefixLength
    }

    /// A part over the column `name`.
    public static func column(
        _ name: String,
        direction: Direction = .ascending,
        nulls: NullsOrder? = nil,
        collation: String? = nil,
        operatorClass: String? = nil,
        prefixLength: Int? = nil
    ) -> IndexPart {
        IndexPart(
            target: .column(name), direction: direction, nulls: nulls, collation: collation,
            operatorClass: operatorClass, prefixLength: prefixLength
        )
    }

    /// A part over the expression `sql` (normalised text).
    public static func expression(
        _ sql: String,
        direction: Direction = .ascending,
        nulls: NullsOrder? = nil,
        collation: String? = nil,
        operatorClass: String? = nil
    ) -> IndexPart {
        IndexPart(
            target: .expression(sql), direction: direction, nulls: nulls, collation: collation,
            operatorClass: operatorClass
        )
    }

    /// The column's name, or nil for an expression.
    public var columnName: String? {
        if case .column(let name) = target { return name }
        return nil
    }
}

// MARK: - Coding

extension IndexPart: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case column, expression, direction, nulls, collation, operatorClass, prefixLength
    }

    /// Creates a part from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "an index part")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let column = try container.decodeIfPresent(String.self, forKey: .column)
        let expression = try container.decodeIfPresent(String.self, forKey: .expression)
        let target: Target
        switch (column, expression) {
        case (let column?, nil): target = .column(column)
        case (nil, let expression?): target = .expression(expression)
        default: throw container.corrupted(.column, "an index part has exactly one of 'column' and 'expression'")
        }
        self.init(
            target: target,
            direction: try container.decode(.direction, default: .ascending),
            nulls: try container.decodeIfPresent(NullsOrder.self, forKey: .nulls),
            collation: try container.decodeIfPresent(String.self, forKey: .collation),
            operatorClass: try container.decodeIfPresent(String.self, forKey: .operatorClass),
            prefixLength: try container.decodeIfPresent(Int.self, forKey: .prefixLength)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch target {
        case .column(let name): try container.encodeText(name, forKey: .column)
        case .expression(let sql): try container.encodeText(sql, forKey: .expression)
        }
        try container.encode(direction, forKey: .direction, unless: .ascending)
        try container.encodeIfPresent(nulls, forKey: .nulls)
        try container.encodeTextIfPresent(collation, forKey: .collation)
        try container.encodeTextIfPresent(operatorClass, forKey: .operatorClass)
        try container.encodeIfPresent(prefixLength, forKey: .prefixLength)
    }
}
