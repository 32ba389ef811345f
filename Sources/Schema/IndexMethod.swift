/// The access method of an index: PostgreSQL `USING gin`, MySQL `FULLTEXT` or `USING HASH`.
///
/// An open set, spelled in lowercase: the well-known methods are constants, and an
/// extension's method (`ivfflat`, `bloom`) is `IndexMethod(rawValue: "ivfflat")`.
/// Normalisers write no method (nil) for the engine's default, B-tree on all three
/// engines. The JSON form is the raw value as a string.
public struct IndexMethod: RawRepresentable, Sendable, Hashable, Codable {
    /// The method's name, in lowercase.
    public let rawValue: String

    /// Creates a method from its name; stored in lowercase.
    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    /// A B-tree (the default everywhere).
    public static let btree = IndexMethod(rawValue: "btree")
    /// A hash index (PostgreSQL; MySQL `MEMORY` tables).
    public static let hash = IndexMethod(rawValue: "hash")
    /// A GiST index (PostgreSQL).
    public static let gist = IndexMethod(rawValue: "gist")
    /// An SP-GiST index (PostgreSQL).
    public static let spgist = IndexMethod(rawValue: "spgist")
    /// A GIN index (PostgreSQL).
    public static let gin = IndexMethod(rawValue: "gin")
    /// A BRIN index (PostgreSQL).
    public static let brin = IndexMethod(rawValue: "brin")
    /// A full-text index (MySQL `FULLTEXT`).
    public static let fulltext = IndexMethod(rawValue: "fulltext")
    /// A spatial index (MySQL `SPATIAL`).
    public static let spatial = IndexMethod(rawValue: "spatial")

    /// Creates a method from the JSON form, a string.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the JSON form, a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(CanonicalText.normalized(rawValue))
    }
}
