import Schema
import SchemaDiff

/// A finding lint makes of one statement read on its own: the migration fails as written,
/// so it is always an error.
public struct StatementFinding: Sendable, Hashable {
    /// The stable rule id; `-- strata:lint-ignore` names it.
    public var rule: String
    /// One line saying what goes wrong.
    public var message: String
    /// One line saying what to do instead.
    public var remedy: String

    /// Creates a finding.
    public init(rule: String, message: String, remedy: String) {
        self.rule = rule
        self.message = message
        self.remedy = remedy
    }
}

/// What `lint` knows of an engine beyond the differ's findings, which come from schemas
/// alone: statements that fail as written, changes whose lock the statement's form
/// decides, and statements that avoid what a finding is about (an index built
/// `CONCURRENTLY`).
///
/// `words` are a statement's code words, upper-cased: keywords and bare names, without
/// strings, quoted names or comments.
public protocol LintAdvisor: Sendable {
    /// Errors in one statement of a migration that does or does not run in a transaction.
    func statementFindings(words: [String], runsInTransaction: Bool) -> [StatementFinding]
    /// Findings of a change to a table that exists before the migration, from the words
    /// of the statement that made it.
    func findings(of change: SchemaChange.Kind, madeBy words: [String]) -> [ChangeFinding]
    /// Whether the statement that made `change` avoids what `finding` is about; `before`
    /// is the schema right before that statement.
    func avoids(_ finding: ChangeFinding, change: SchemaChange.Kind, words: [String], before: Schema) -> Bool
}

/// The advisor of an engine whose lint needs nothing beyond the differ's findings.
struct NoLintAdvice: LintAdvisor {
    func statementFindings(words: [String], runsInTransaction: Bool) -> [StatementFinding] { [] }
    func findings(of change: SchemaChange.Kind, madeBy words: [String]) -> [ChangeFinding] { [] }
    func avoids(_ finding: ChangeFinding, change: SchemaChange.Kind, words: [String], before: Schema) -> Bool { false }
}

extension Array where Element == String {
    /// Whether `sequence` occurs here, its elements in a row.
    public func containsRun(_ sequence: [String]) -> Bool {
        guard !sequence.isEmpty, count >= sequence.count else { return false }
        return (0...(count - sequence.count)).contains { i in Array(self[i..<(i + sequence.count)]) == sequence }
    }
}
