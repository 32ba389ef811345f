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

    /// `ER_NO_SUCH_TABLE`.
    public func isMissingTable(_ error: DatabaseError) -> Bool {
        error.engineCode == 1146 || error.sqlState == "42S02"
    }

    /// `ER_DUP_FIELDNAME`.
    public func isDuplicateColumn(_ error: DatabaseError) -> Bool {
        error.engineCode == 1060
    }
}
