/// A `CHECK` constraint of a table: a condition every row must meet.
///
/// The expression is the engine's text after normalisation (PostgreSQL
/// `pg_get_constraintdef` gives `CHECK ((price > (0)::numeric))`; the normaliser decides
/// what it strips). A column-level check is a table check here: SQLite and MySQL keep no
/// difference that survives a rebuild.
///
/// ## JSON form
///
/// `{"name":"price_positive","expression":"price > 0"}`; `name` is omitted when nil,
/// `enforced` is written only when false.
///
/// ## Topics
///
/// ### Creating a check
/// - ``init(name:expression:isEnforced:)``
///
/// ### Properties
/// - ``name``
/// - ``expression``
/// - ``isEnforced``
public struct Check: Sendable, Hashable {
    /// The constraint's name; nil where the engine does not record one (an unnamed SQLite check).
    public var name: String?
    /// The condition, as normalised text.
    public var expression: String
    /// Whether the engine enforces it (false for MySQL `NOT ENFORCED`).
    public var isEnforced: Bool

    /// Creates a check.
    public init(name: String? = nil, expression: String, isEnforced: Bool = true) {
        self.name = name
        self.expression = expression
        self.isEnforced = isEnforced
    }
}

// MARK: - Coding

extension Check: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, expression, enforced
    }

    /// Creates a check from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a check")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            expression: try container.decode(String.self, forKey: .expression),
            isEnforced: try container.decode(.enforced, default: true)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeTextIfPresent(name, forKey: .name)
        try container.encodeText(expression, forKey: .expression)
        try container.encode(isEnforced, forKey: .enforced, unless: true)
    }
}

// MARK: - Order

extension Check {
    /// Every property, for ordering checks that share a name (unnamed ones).
    var orderKey: [String] {
        var key = OrderKey()
        key.add(name)
        key.add(expression)
        key.add(isEnforced)
        return key.parts
    }
}
