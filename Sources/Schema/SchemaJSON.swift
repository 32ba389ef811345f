import Foundation

/// The JSON form of a ``Schema``: stable, documented, and the input of its fingerprint.
///
/// `strata dump --format json` writes it, and a `.json` file given as a schema source is
/// read in it. The rules:
///
/// 1. **Keys** are the camelCase names given in each type's documentation, fixed by
///    explicit coding keys, and written sorted by their bytes (they are ASCII).
/// 2. **Defaults are omitted.** A key whose value is the documented default (nil, false,
///    an empty list, ``ReferentialAction/noAction``, ascending, …) is not written, and a
///    reader fills the default in when it is absent. Required keys (a table's `name` and
///    `columns`, a column's `name` and `type`, …) are always written, an empty `columns`
///    included. One consequence matters for the history: a later release that adds an
///    optional key leaves the JSON form, and so the fingerprint, of every schema that
///    does not use it unchanged.
/// 3. **Collections** are written in the order the model keeps them: name-keyed ones
///    sorted by name, ordered ones (columns, key columns, index parts, labels) as they are.
///    A reader accepts any order and sorts.
/// 4. **Values that are only a kind** (a ``ColumnType``, ``ColumnDefault`` or ``Identity``
///    with nothing more to say) are that kind's name as a string; with more, an object
///    with the name under `kind`.
/// 5. **Strings** are written in Unicode NFC, with JSON's escapes for `"`, `\` and
///    control characters only (`/` and non-ASCII characters as they are).
/// 6. The top-level object carries `"format": 1` (``Schema/formatVersion``). A reader
///    refuses another format, and refuses any key it does not know, at any depth, naming
///    its path: a schema must not lose a fact by being read.
///
/// The **canonical form** (``Schema/canonicalJSON``) is compact: no whitespace between
/// tokens, no trailing newline. The pretty form (``Schema/jsonData(prettyPrinted:)``) is
/// the same document indented for people, two spaces, `"key" : value`. Both are produced
/// by Foundation's `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` (plus
/// `.prettyPrinted`); this module's golden test locks the result.
///
/// ## Example
///
/// ```json
/// {
///   "format" : 1,
///   "tables" : [
///     {
///       "columns" : [
///         { "identity" : "always", "name" : "id", "nullable" : false, "type" : "bigint" },
///         { "name" : "email", "nullable" : false, "type" : { "kind" : "string", "length" : 200 } },
///         { "default" : "currentTimestamp", "name" : "created_at", "nullable" : false, "type" : "timestampWithZone" }
///       ],
///       "indexes" : [
///         { "name" : "users_email_lower", "parts" : [ { "expression" : "lower((email)::text)" } ], "unique" : true }
///       ],
///       "name" : "users",
///       "primaryKey" : { "columns" : [ "id" ], "name" : "users_pkey" }
///     }
///   ]
/// }
/// ```
///
/// (Objects are shown on one line here; the pretty form puts each key on its own line.)
///
/// ## Topics
///
/// ### Coders
/// - ``makeEncoder(prettyPrinted:)``
/// - ``makeDecoder()``
public enum SchemaJSON {
    /// An encoder that writes the documented form of any model value: canonical (compact)
    /// or pretty-printed.
    public static func makeEncoder(prettyPrinted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder for the documented form.
    public static func makeDecoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// The JSON form of a model value. The model holds only strings, integers and
    /// booleans, which `JSONEncoder` always encodes: a failure is a bug of this module.
    static func data<T: Encodable>(_ value: T, prettyPrinted: Bool) -> Data {
        do {
            return try makeEncoder(prettyPrinted: prettyPrinted).encode(value)
        } catch {
            preconditionFailure("the schema model failed to encode (a bug in Schema): \(error)")
        }
    }

    /// The canonical JSON of a model value as a string, the tie-breaker of ``CanonicalOrder``.
    static func canonicalString<T: Encodable>(_ value: T) -> String {
        String(decoding: data(value, prettyPrinted: false), as: UTF8.self)
    }
}

// MARK: - Schema

extension Schema {
    /// Reads a schema from its JSON form (canonical or pretty).
    ///
    /// - Throws: `DecodingError`, naming the path of the offending key; see
    ///   ``init(from:)``.
    public init(json: Data) throws {
        self = try SchemaJSON.makeDecoder().decode(Schema.self, from: json)
    }

    /// The canonical JSON form: compact, keys sorted, defaults omitted (see ``SchemaJSON``).
    public var canonicalJSON: Data {
        SchemaJSON.data(self, prettyPrinted: false)
    }

    /// The JSON form, compact (canonical) or pretty-printed for people and files.
    public func jsonData(prettyPrinted: Bool = false) -> Data {
        SchemaJSON.data(self, prettyPrinted: prettyPrinted)
    }
}
