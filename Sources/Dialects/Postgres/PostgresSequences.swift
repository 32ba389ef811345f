import Schema

/// PostgreSQL's sequence defaults, by value type and direction, to leave out of the model.
///
/// For a type's bounds `typeMin…typeMax`: an ascending sequence defaults to `MINVALUE 1`,
/// `MAXVALUE typeMax`, a descending one to `MINVALUE typeMin`, `MAXVALUE -1`; `START WITH`
/// defaults to the actual `MINVALUE` (ascending) or `MAXVALUE` (descending); `INCREMENT BY 1`,
/// `CACHE 1`, `NO CYCLE`.
enum PostgresSequences {
    /// The bounds of a sequence's value type (`bigint` for nil and anything else).
    static func bounds(of type: ColumnType?) -> (min: Int, max: Int) {
        switch type {
        case .smallint?: (Int(Int16.min), Int(Int16.max))
        case .int?: (Int(Int32.min), Int(Int32.max))
        default: (Int.min, Int.max)
        }
    }

    /// `options` with every value equal to the server's default for a sequence of `type` nil.
    static func normalized(_ options: SequenceOptions, type: ColumnType?) -> SequenceOptions {
        let (typeMin, typeMax) = bounds(of: type)
        let increment = options.increment ?? 1
        let ascending = increment > 0
        let minimum = options.minValue ?? (ascending ? 1 : typeMin)
        let maximum = options.maxValue ?? (ascending ? typeMax : -1)
        var result = options
        if result.increment == 1 { result.increment = nil }
        if result.minValue == (ascending ? 1 : typeMin) { result.minValue = nil }
        if result.maxValue == (ascending ? typeMax : -1) { result.maxValue = nil }
        if result.start == (ascending ? minimum : maximum) { result.start = nil }
        if result.cache == 1 { result.cache = nil }
        return result
    }

    /// The clauses of `CREATE SEQUENCE` or an identity's `( … )` for non-default options.
    static func clauses(_ options: SequenceOptions) -> [String] {
        var clauses: [String] = []
        if let increment = options.increment { clauses.append("INCREMENT BY \(increment)") }
        if let minimum = options.minValue { clauses.append("MINVALUE \(minimum)") }
        if let maximum = options.maxValue { clauses.append("MAXVALUE \(maximum)") }
        if let start = options.start { clauses.append("START WITH \(start)") }
        if let cache = options.cache { clauses.append("CACHE \(cache)") }
        if options.cycle { clauses.append("CYCLE") }
        return clauses
    }

    /// The name the server gives the sequence of `table`.`column` (`t_id_seq`).
    static func defaultName(table: String, column: String) -> String {
        PostgresNames.objectName(table, column, label: "seq")
    }
}
