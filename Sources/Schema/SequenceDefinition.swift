/// A sequence of the schema that is not the one behind a column's ``Identity`` (PostgreSQL).
///
/// The sequence of an identity or serial column is described by that column and is not
/// listed here. A sequence listed here may still be owned by a column (`OWNED BY t.c`, so
/// that it is dropped with the column) when that column's default is not `nextval` of it.
///
/// Named `SequenceDefinition` rather than `Sequence`, which would shadow the standard
/// library's protocol in every file that imports this module.
///
/// ## JSON form
///
/// `{"name":"invoice_numbers","type":"bigint","options":{"start":1000},"ownedBy":{"table":"invoices","column":"number"}}`;
/// `type`, `options`, `ownedBy` and `comment` are omitted when nil or default.
///
/// ## Topics
///
/// ### Creating a sequence
/// - ``init(name:type:options:ownedBy:comment:)``
///
/// ### Properties
/// - ``name``
/// - ``type``
/// - ``options``
/// - ``ownedBy``
/// - ``comment``
public struct SequenceDefinition: Sendable, Hashable {
    /// The sequence's name.
    public var name: String
    /// Its value type (PostgreSQL `AS smallint|integer|bigint`), nil for the engine's default.
    public var type: ColumnType?
    /// Its numbering.
    public var options: SequenceOptions
    /// The column it belongs to (`OWNED BY`), if any.
    public var ownedBy: ColumnReference?
    /// Its comment.
    public var comment: String?

    /// Creates a sequence.
    public init(
        name: String,
        type: ColumnType? = nil,
        options: SequenceOptions = SequenceOptions(),
        ownedBy: ColumnReference? = nil,
        comment: String? = nil
    ) {
        self.name = name
        self.type = type
        self.options = options
        self.ownedBy = ownedBy
        self.comment = comment
    }
}

// MARK: - Coding

extension SequenceDefinition: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, options, ownedBy, comment
    }

    /// Creates a sequence from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a sequence")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            type: try container.decodeIfPresent(ColumnType.self, forKey: .type),
            options: try container.decode(.options, default: SequenceOptions()),
            ownedBy: try container.decodeIfPresent(ColumnReference.self, forKey: .ownedBy),
            comment: try container.decodeIfPresent(String.self, forKey: .comment)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encode(options, forKey: .options, unless: SequenceOptions())
        try container.encodeIfPresent(ownedBy, forKey: .ownedBy)
        try container.encodeTextIfPresent(comment, forKey: .comment)
    }
}
