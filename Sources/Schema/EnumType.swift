/// A named enumeration type (PostgreSQL `CREATE TYPE … AS ENUM`): its labels in order.
///
/// Columns refer to it with ``ColumnType/enumType(name:)``. The order of ``values`` is its
/// meaning (it is the sort order), so two types with the same labels in another order
/// differ.
///
/// ## JSON form
///
/// `{"name":"mood","values":["sad","ok","happy"]}`; `comment` when set.
///
/// ## Topics
///
/// ### Creating a type
/// - ``init(name:values:comment:)``
///
/// ### Properties
/// - ``name``
/// - ``values``
/// - ``comment``
public struct EnumType: Sendable, Hashable {
    /// The type's name.
    public var name: String
    /// Its labels, in sort order.
    public var values: [String]
    /// Its comment (`COMMENT ON TYPE`).
    public var comment: String?

    /// Creates an enumeration type.
    public init(name: String, values: [String], comment: String? = nil) {
        self.name = name
        self.values = values
        self.comment = comment
    }
}

// MARK: - Coding

extension EnumType: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, values, comment
    }

    /// Creates an enumeration type from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "an enum type")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            values: try container.decode([String].self, forKey: .values),
            comment: try container.decodeIfPresent(String.self, forKey: .comment)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encodeTexts(values, forKey: .values)
        try container.encodeTextIfPresent(comment, forKey: .comment)
    }
}
