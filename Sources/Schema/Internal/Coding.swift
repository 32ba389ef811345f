import Foundation

/// A coding key for any string: lets a decoder see the keys a type does not know.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(stringValue: String) {
        self.init(stringValue)
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the object at hand has a key outside `keys`.
    ///
    /// A JSON form written by a newer Strata, or a hand-edited file with a typo, must not
    /// lose a fact silently: a schema read without it would diff as if it were absent.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, in typeName: String) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            let list = Keys.allCases.map(\.stringValue).sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: codingPath + [key],
                debugDescription: "unknown key '\(key.stringValue)' in \(typeName); the keys of \(typeName) are: \(list)"
            ))
        }
    }
}

/// Text as the JSON form writes it: in Unicode Normalization Form C.
///
/// Swift's `String` equality treats canonically equivalent spellings (a precomposed `é`
/// and `e` + a combining accent) as equal, and the model's `==` inherits that. Writing
/// every string in NFC makes the JSON form, and so the fingerprint, agree with `==`.
enum CanonicalText {
    static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}

extension KeyedEncodingContainer {
    /// Encodes a string in NFC.
    mutating func encodeText(_ value: String, forKey key: Key) throws {
        try encode(CanonicalText.normalized(value), forKey: key)
    }

    /// Encodes a string in NFC, or nothing for nil.
    mutating func encodeTextIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encodeText(value, forKey: key) }
    }

    /// Encodes strings in NFC, always (an empty list included).
    mutating func encodeTexts(_ values: [String], forKey key: Key) throws {
        try encode(values.map(CanonicalText.normalized), forKey: key)
    }

    /// Encodes strings in NFC, or nothing for an empty list.
    mutating func encodeTextsUnlessEmpty(_ values: [String], forKey key: Key) throws {
        if !values.isEmpty { try encodeTexts(values, forKey: key) }
    }

    /// Encodes a list, or nothing for an empty one.
    mutating func encodeUnlessEmpty<T: Encodable>(_ values: [T], forKey key: Key) throws {
        if !values.isEmpty { try encode(values, forKey: key) }
    }

    /// Encodes a value, or nothing when it equals the documented default.
    mutating func encode<T: Encodable & Equatable>(_ value: T, forKey key: Key, unless defaultValue: T) throws {
        if value != defaultValue { try encode(value, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `defaultValue` when the key is absent.
    func decode<T: Decodable>(_ key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue
    }

    /// Throws a data-corrupted error at `key` with `message`.
    func corrupted(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }
}
