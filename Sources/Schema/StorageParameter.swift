/// A storage parameter of a table or index, by name (PostgreSQL `WITH (fillfactor = 70)`).
///
/// The value is the engine's text (`pg_class.reloptions` gives `fillfactor=70`). Kept in
/// order of ``name``. JSON form: `{"name":"fillfactor","value":"70"}`.
public struct StorageParameter: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// Its value, as the engine's text.
    public var value: String

    /// Creates a parameter.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

// MARK: - Coding

extension StorageParameter: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, value
    }

    /// Creates a parameter from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "a storage parameter")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            value: try container.decode(String.self, forKey: .value)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeText(name, forKey: .name)
        try container.encodeText(value, forKey: .value)
    }
}
