/// One row of a result: column names and values in the order of the select list.
///
/// Read values by name with the throwing accessors, the preferred way:
///
/// ```swift
/// for row in try await connection.query("SELECT table_name, is_nullable FROM …") {
///     let table = try row.string("table_name")
///     let nullable = try row.bool("is_nullable")        // true/false, 1/0, 't'/'f', YES/NO
///     let comment = try row.optionalString("comment")   // NULL → nil
///     let key = try row.decode("indkey", as: [Int].self) // a PostgreSQL array
/// }
/// ```
///
/// They throw a ``DatabaseError`` with code ``DatabaseError/Code/decoding`` that names the
/// column when it is not in the row (listing the row's columns), holds NULL where a value is
/// required, or holds a value of another type. Column names match exactly, or else ignoring
/// case (MySQL's `information_schema` spells its columns in capitals); a name that matches
/// several columns throws too.
///
/// The subscripts ``subscript(_:)-(String)`` and ``subscript(_:)-(Int)`` read the raw
/// ``SQLValue`` without checks.
///
/// ## Topics
/// ### Reading by name
/// - ``decode(_:as:)``
/// - ``value(_:)``
/// - ``string(_:)``
/// - ``optionalString(_:)``
/// - ``int(_:)``
/// - ``optionalInt(_:)``
/// - ``bool(_:)``
/// - ``optionalBool(_:)``
/// - ``double(_:)``
/// - ``optionalDouble(_:)``
/// ### Raw values
/// - ``columns``
/// - ``values``
/// - ``subscript(_:)-(String)``
/// - ``subscript(_:)-(Int)``
public struct SQLRow: Sendable, Hashable {
    /// The column names, in the order of the select list.
    public var columns: [String]
    /// The values, one per column.
    public var values: [SQLValue]

    /// Creates a row; `columns` and `values` must have the same length.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "SQLRow: \(columns.count) columns but \(values.count) values")
        self.columns = columns
        self.values = values
    }

    // MARK: - Raw values

    /// The value of the column with this name (case-insensitive), or `.null` if there is none.
    ///
    /// A misspelt name reads as NULL here; ``value(_:)`` and ``decode(_:as:)`` throw instead.
    public subscript(_ column: String) -> SQLValue {
        if let i = columns.firstIndex(where: { $0.caseInsensitiveEquals(column) }) {
            return values[i]
        }
        return .null
    }

    /// The value at this position.
    public subscript(_ index: Int) -> SQLValue { values[index] }

    // MARK: - Reading by name

    /// The value of the column with this name.
    ///
    /// - Throws: ``DatabaseError`` (``DatabaseError/Code/decoding``) when no column has this
    ///   name, or several have, naming the row's columns.
    public func value(_ column: String) throws -> SQLValue {
        values[try index(of: column)]
    }

    /// The value of the column with this name, as `type`.
    ///
    /// Ask for an optional type (`String?.self`) to read NULL as nil.
    ///
    /// - Parameters:
    ///   - column: The column's name in the select list.
    ///   - type: What to read: `String`, `Int`, `Int64`, `Int32`, `Int16`, `Bool`, `Double`,
    ///     ``SQLValue``, an array of these (a PostgreSQL array), or an optional of any.
    /// - Throws: ``DatabaseError`` (``DatabaseError/Code/decoding``) naming the column when
    ///   it is missing, NULL while `type` is not optional, or holds a value that is not a
    ///   `type`.
    public func decode<T: SQLValueDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        let value = try value(column)
        if let decoded = T(sqlValue: value) { return decoded }
        if value == .null {
            throw DatabaseError(
                .decoding, "column \"\(column)\" is NULL, but \(T.sqlTypeDescription) is required; read it as an optional to allow NULL",
                column: column)
        }
        throw DatabaseError(
            .decoding, "column \"\(column)\" holds \(value.kindDescription), not \(T.sqlTypeDescription)", column: column)
    }

    /// The text of the column with this name.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing, NULL, or not text.
    public func string(_ column: String) throws -> String { try decode(column) }

    /// The text of the column with this name, or nil for NULL.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing or not text.
    public func optionalString(_ column: String) throws -> String? { try decode(column) }

    /// The integer in the column with this name (text that holds one counts, as PostgreSQL's
    /// `numeric` and MySQL's `DECIMAL` arrive).
    ///
    /// - Throws: ``DatabaseError`` when the column is missing, NULL, or not an integer.
    public func int(_ column: String) throws -> Int { try decode(column) }

    /// The integer in the column with this name, or nil for NULL.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing or not an integer.
    public func optionalInt(_ column: String) throws -> Int? { try decode(column) }

    /// The boolean in the column with this name: PostgreSQL's `bool`, the integers 1 and 0
    /// (MySQL's `BOOL` and `BIT(1)`, SQLite), or the texts `t`/`f`, `true`/`false`,
    /// `yes`/`no` (`information_schema`), `on`/`off` (`SHOW`), any case.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing, NULL, or holds anything else.
    public func bool(_ column: String) throws -> Bool { try decode(column) }

    /// The boolean in the column with this name, or nil for NULL.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing or not a boolean.
    public func optionalBool(_ column: String) throws -> Bool? { try decode(column) }

    /// The number in the column with this name (integers and numeric text count).
    ///
    /// - Throws: ``DatabaseError`` when the column is missing, NULL, or not a number.
    public func double(_ column: String) throws -> Double { try decode(column) }

    /// The number in the column with this name, or nil for NULL.
    ///
    /// - Throws: ``DatabaseError`` when the column is missing or not a number.
    public func optionalDouble(_ column: String) throws -> Double? { try decode(column) }

    // MARK: - Finding columns

    /// The position of the one column with this name: an exact match, or else the one
    /// that matches ignoring case.
    private func index(of column: String) throws -> Int {
        let exact = columns.indices.filter { columns[$0] == column }
        if exact.count == 1 { return exact[0] }
        let matches = exact.isEmpty ? columns.indices.filter { columns[$0].caseInsensitiveEquals(column) } : exact
        if matches.count == 1 { return matches[0] }
        let list = columns.isEmpty ? "none" : columns.map { "\"\($0)\"" }.joined(separator: ", ")
        if matches.isEmpty {
            throw DatabaseError(.decoding, "no column \"\(column)\" in the row; its columns are \(list)", column: column)
        }
        throw DatabaseError(
            .decoding, "\(matches.count) columns of the row are named \"\(column)\" (\(list)); give them distinct aliases",
            column: column)
    }
}

extension String {
    fileprivate func caseInsensitiveEquals(_ other: String) -> Bool {
        self == other || self.lowercased() == other.lowercased()
    }
}
