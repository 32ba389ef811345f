/// A value sent to or read from a database, in the few shapes Strata needs.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    /// The value as text: integers and doubles printed, blobs as UTF-8, nil for NULL.
    public var string: String? {
        switch self {
        case .null: nil
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .text(let v): v
        case .blob(let v): String(decoding: v, as: UTF8.self)
        }
    }

    /// The value as an integer: integers, and text or doubles that hold one; nil otherwise.
    public var int: Int64? {
        switch self {
        case .int(let v): v
        case .double(let v): Int64(exactly: v)
        case .text(let v): Int64(v)
        case .blob(let v): Int64(String(decoding: v, as: UTF8.self))
        case .null: nil
        }
    }

    public var isNull: Bool { self == .null }

    public var description: String { string ?? "NULL" }
}

/// One row of a result: column names and values in the order of the select list.
public struct SQLRow: Sendable, Hashable {
    public var columns: [String]
    public var values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "SQLRow: \(columns.count) columns but \(values.count) values")
        self.columns = columns
        self.values = values
    }

    /// The value of the column with this name (case-insensitive), or `.null` if there is none.
    public subscript(_ column: String) -> SQLValue {
        if let i = columns.firstIndex(where: { $0.caseInsensitiveEquals(column) }) {
            return values[i]
        }
        return .null
    }

    /// The value at this position.
    public subscript(_ index: Int) -> SQLValue { values[index] }
}

extension String {
    fileprivate func caseInsensitiveEquals(_ other: String) -> Bool {
        self == other || self.lowercased() == other.lowercased()
    }
}
