/// Commands that production refuses unless the caller says it means them, decided here
/// so that an app calling the library gets the same safety as the command line.
public enum GuardedAction: String, Sendable, Hashable, CaseIterable {
    /// Reverting migrations: a down section usually drops data.
    case down
    /// Reverting and re-applying the latest migration.
    case redo
    /// Making the database match a declared schema directly.
    case sync
    /// Overriding a safety check.
    case force

    /// Why production refuses it, as part of a sentence.
    var risk: String {
        switch self {
        case .down: "reverts migrations, which usually drops data"
        case .redo: "reverts migrations, which usually drops data"
        case .sync: "changes the schema without a reviewed migration"
        case .force: "overrides a safety check"
        }
    }

    /// What to do instead, in production.
    var remedy: String {
        switch self {
        case .down, .redo: "pass --allow-destructive if you mean it"
        case .sync: "write a reviewed migration (`strata generate`) and apply it with `strata up`"
        case .force: "run it against a development database"
        }
    }
}

extension MigratorOptions {
    /// Refuses `action` in production unless `allowed`.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` saying what the action risks and how to
    ///   allow it.
    public func check(_ action: GuardedAction, allowed: Bool) throws {
        let neverAllowed = action == .sync || action == .force
        guard isProduction, !allowed || neverAllowed else { return }
        throw MigratorError(
            .notAllowed,
            "`strata \(action.rawValue)` \(action.risk), and the environment is production\(neverAllowed ? ", where it is never allowed" : ""); \(action.remedy)"
        )
    }
}
