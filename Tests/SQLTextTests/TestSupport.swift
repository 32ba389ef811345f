import SQLText

/// The statement texts of `script`.
func texts(_ dialect: SQLDialect, _ script: String) throws -> [String] {
    try SQLSplitter(dialect: dialect).split(script).map(\.text)
}

/// `(line, column)` of each statement of `script`.
func positions(_ dialect: SQLDialect, _ script: String) throws -> [[Int]] {
    try SQLSplitter(dialect: dialect).split(script).map { [$0.line, $0.column] }
}

/// The normalized form of `script`.
func normalized(_ dialect: SQLDialect, _ script: String) throws -> String {
    try SQLSplitter(dialect: dialect).normalized(script)
}

/// The error `split` throws for `script`, if any.
func splitError(_ dialect: SQLDialect, _ script: String) -> SQLSplitError? {
    do {
        _ = try SQLSplitter(dialect: dialect).split(script)
        return nil
    } catch {
        return error
    }
}
