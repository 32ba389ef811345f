/// A column of a table, by name: the owner of a sequence.
public struct ColumnReference: Sendable, Hashable {
    /// The table's name.
    public var table: String
    /// The column's name.
    public var column: String

    /// Creates a reference to `column` of `table`.
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}

// MARK: - Coding

extension ColumnReference: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case table, column
    }

    /// Creates a reference from the JSON form `{"table":"t","column":"c"}`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a column reference")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            table: try container.decode(String.self, forKey: .table),
            column: try container.decode(String.self, forKey: .column)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(table, forKey: .table)
        try container.encodeText(column, forKey: .column)
    }
}
