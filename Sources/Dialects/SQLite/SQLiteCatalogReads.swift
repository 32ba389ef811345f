extension SQLiteDialect {
    /// The names of the tables and views of `sqlite_schema`, without SQLite's own
    /// (`sqlite_…`); `namespace` is ignored (always `main`).
    public func objectNamesQuery(namespace: String?) -> String {
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite^_%' ESCAPE '^'"
    }

    /// Every row of `sqlite_schema` in a fixed order: SQLite keeps each object's `CREATE` text,
    /// so equal rows mean an equal schema.
    public var catalogTextQuery: String? { "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name" }

    /// `COUNT(*)`, exact: SQLite keeps no estimate, and a local count is cheap enough.
    public func rowEstimateQuery(table: String, qualified: String) -> (sql: String, exact: Bool) {
        ("SELECT COUNT(*) AS n FROM \(qualified)", true)
    }
}
