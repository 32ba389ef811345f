import Drivers

extension MySQLDialect {
    /// Keys are bounded (an index key has a size limit); 191 characters fit utf8mb4 in
    /// the oldest supported key size.
    public var historyTypes: HistoryColumnTypes {
        HistoryColumnTypes(
            key: "VARCHAR(64)", text: "VARCHAR(191)", longText: "TEXT",
            logID: "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", historyTableSuffix: "",
            document: "LONGTEXT"
        )
    }

    /// `REPLACE INTO`, which deletes the row with the same key and inserts the new one.
    public func upsert(into table: String, columns: [String], values: [String], key: String) -> String {
        "REPLACE INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
    }

    /// `GROUP_CONCAT` of the values joined by `CHAR(31)`, rows by code 30, as utf8mb4
    /// text. The values are joined as bytes (`CHAR(31)` is binary), so that no column's
    /// collation can clash with the separator's.
    public func textAggregate(of columns: [String]) -> String? {
        "CONVERT(GROUP_CONCAT(CONCAT(\(columns.joined(separator: ", CHAR(31), "))) SEPARATOR '\u{1E}') USING utf8mb4)"
    }

    /// The statement with `group_concat_max_len` raised for it alone, so that the app's
    /// session keeps its own value: MariaDB's `SET STATEMENT … FOR` (10.1.2 and later, in a
    /// comment only MariaDB runs), MySQL's `SET_VAR` hint (8.0.3 and later; a comment to
    /// others). A server that honours neither cuts the text at 1,024 bytes, rows go missing,
    /// and the history is read row by row.
    public func aggregateSelect(_ list: String, from table: String) -> String {
        "/*M!100102 SET STATEMENT group_concat_max_len = \(Self.longestAggregate) FOR */ "
            + "SELECT /*+ SET_VAR(group_concat_max_len = \(Self.longestAggregate)) */ \(list) FROM \(table)"
    }

    /// 4 GB, the largest `group_concat_max_len` on every platform; `max_allowed_packet`
    /// (16 or 64 MB by default) bounds the text before it.
    private static let longestAggregate = 4_294_967_295

    /// `ER_NO_SUCH_TABLE`.
    public func isMissingTable(_ error: DatabaseError) -> Bool {
        error.engineCode == 1146 || error.sqlState == "42S02"
    }

    /// `ER_DUP_FIELDNAME`.
    public func isDuplicateColumn(_ error: DatabaseError) -> Bool {
        error.engineCode == 1060
    }
}
