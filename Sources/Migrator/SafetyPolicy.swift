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

    /// The flag that allows it, as the command line spells it.
    var flag: String {
        switch self {
        case .down, .redo: "--allow-destructive"
        case .sync: "a reviewed migration (`strata generate`, then `strata up`)"
        case .force: "no flag: not in production"
        }
    }
}

extension MigratorOptions {
    /// Refuses `action` in production unless `allowed`.
    ///
    /// - Throws: ``MigratorError`` `.notAllowed` saying what the action risks and how to
    ///   allow it.
    public func check(_ action: GuardedAction, allowed: Bool) throws {
        guard isProduction, !allowed || action == .sync || action == .force else { return }
        switch action {
        case .down, .redo:
            throw MigratorError(
                .notAllowed,
                "`strata \(action.rawValue)` \(action.risk), and the environment is production; pass \(action.flag) if you mean it"
            )
        case .sync, .force:
            throw MigratorError(
                .notAllowed,
                "`strata \(action.rawValue)` \(action.risk), and the environment is production, where it is never allowed; use \(action.flag)"
            )
        }
    }
}
