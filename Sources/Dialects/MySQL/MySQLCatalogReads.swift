extension MySQLDialect {
    /// The names of `information_schema.TABLES` (base tables and views) of the database
    /// `namespace`, or of `DATABASE()` when nil.
    public func objectNamesQuery(namespace: String?) -> String {
        let schema = namespace.map { quoteLiteral($0) } ?? "DATABASE()"
        return "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = \(schema)"
    }

    /// InnoDB's `TABLE_ROWS` estimate.
    public func rowEstimateQuery(table: String, qualified: String) -> (sql: String, exact: Bool) {
        ("SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(quoteLiteral(table))", false)
    }

    /// `ALTER TABLE … CHANGE old new …` renames a column too.
    public var renameWords: Set<String> { ["RENAME", "CHANGE"] }
}
