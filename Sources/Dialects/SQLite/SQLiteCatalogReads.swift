extension SQLiteDialect {
    public func objectNamesQuery(namespace: String?) -> String {
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite^_%' ESCAPE '^'"
    }

    public var catalogTextQuery: String? { "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name" }

    public func rowEstimateQuery(table: String, qualified: String) -> (sql: String, exact: Bool) {
        ("SELECT COUNT(*) AS n FROM \(qualified)", true)
    }
}
