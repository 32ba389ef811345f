extension SQLStatement {
    /// The statement's first word, upper-cased (`CREATE`, `INSERT`…); empty when it does
    /// not start with a letter.
    public var leadingKeyword: String {
        String(text.prefix(while: { $0.isLetter })).uppercased()
    }

    /// Whether the statement changes the schema or the server's state in a way that MySQL
    /// commits implicitly (DDL, grants, table locks, maintenance).
    public var isSchemaChange: Bool {
        Self.schemaKeywords.contains(leadingKeyword)
    }

    /// Whether the statement changes rows.
    public var isDataChange: Bool {
        Self.dataKeywords.contains(leadingKeyword)
    }

    private static let schemaKeywords: Set<String> = [
        "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE", "LOCK", "UNLOCK", "ANALYZE", "OPTIMIZE",
    ]
    private static let dataKeywords: Set<String> = ["INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "WITH"]
}
