import Drivers

extension PostgresDialect {
    /// `TEXT` everywhere (unbounded, indexable), and an identity column for the log's id.
    public var historyTypes: HistoryColumnTypes {
        HistoryColumnTypes(
            key: "TEXT", text: "TEXT", longText: "TEXT",
            logID: "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", historyTableSuffix: ""
        )
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE SET` every other column to the new value.
    public func upsert(into table: String, columns: [String], values: [String], key: String) -> String {
        let updates = columns.filter { $0 != key }.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) ON CONFLICT (\(key)) DO UPDATE SET \(updates)"
    }

    /// `string_agg`, which has no limit below PostgreSQL's 1 GB for a value.
    public func textAggregate(of columns: [String]) -> String? {
        "string_agg(\(columns.joined(separator: " || chr(31) || ")), chr(30))"
    }

    /// `undefined_table`, or `invalid_schema_name` for a schema that does not exist yet.
    public func isMissingTable(_ error: DatabaseError) -> Bool {
        error.sqlState == "42P01" || error.sqlState == "3F000"
    }

    /// `duplicate_column`.
    public func isDuplicateColumn(_ error: DatabaseError) -> Bool {
        error.sqlState == "42701"
    }
}
