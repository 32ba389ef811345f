extension PostgresDialect {
    /// The names of the tables, partitioned tables, views, materialized views and foreign tables
    /// of schema `namespace`, or of `current_schema()` when nil.
    public func objectNamesQuery(namespace: String?) -> String {
        let schema = namespace.map { quoteLiteral($0) } ?? "current_schema()"
        return "SELECT c.relname::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
    }

    /// `reltuples`: -1 until the table is first analysed (0 on older servers).
    public func rowEstimateQuery(table: String, qualified: String) -> (sql: String, exact: Bool) {
        ("SELECT c.reltuples::bigint AS n FROM pg_class c WHERE c.oid = to_regclass(\(quoteLiteral(qualified)))", false)
    }
}
