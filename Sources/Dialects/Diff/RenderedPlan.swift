import Schema
import SchemaDiff

/// A plan as one engine's DDL, forward and reverse, change by change.
public struct RenderedPlan: Sendable, Hashable {
    /// One change with its statements.
    public struct Step: Sendable, Hashable {
        /// The change.
        public var change: SchemaChange
        /// Its statements, without `;`.
        public var statements: [String]
    }

    /// The plan the forward steps come from.
    public var plan: SchemaPlan
    /// The forward steps, in order.
    public var forward: [Step]
    /// The steps that undo them (the plan from *to* back to *from*), in order.
    public var reverse: [Step]
    /// Whether the forward statements need foreign key enforcement off (a SQLite rebuild).
    public var forwardNeedsForeignKeysOff: Bool
    /// Whether the reverse statements do.
    public var reverseNeedsForeignKeysOff: Bool

    /// The forward statements, in order.
    public var forwardStatements: [String] { forward.flatMap(\.statements) }
    /// The reverse statements, in order.
    public var reverseStatements: [String] { reverse.flatMap(\.statements) }
    /// Whether there is nothing to do.
    public var isEmpty: Bool { plan.isEmpty }
}

extension Dialect {
    /// The differ with this engine's answers.
    public var differ: SchemaDiffer { SchemaDiffer(advisor: diffAdvisor) }

    /// Plans `from` → `to` and renders it both ways (not yet proven: see ``PlanProof``).
    ///
    /// - Parameters:
    ///   - from: The schema as it is.
    ///   - to: The schema as it should be.
    ///   - renames: Declared renames, by the names in `to`; the reverse plan uses them
    ///     inverted.
    public func renderPlan(from: Schema, to: Schema, renames: [Rename] = []) -> RenderedPlan {
        let plan = differ.plan(from: from, to: to, renames: renames)
        let back = differ.plan(from: to, to: from, renames: renames.map(\.inverted))
        let renderer = changeRenderer
        func steps(_ plan: SchemaPlan, _ a: Schema, _ b: Schema) -> [RenderedPlan.Step] {
            plan.changes.map { RenderedPlan.Step(change: $0, statements: renderer.statements(for: $0.kind, from: a, to: b)) }
        }
        return RenderedPlan(
            plan: plan,
            forward: steps(plan, from, to),
            reverse: steps(back, to, from),
            forwardNeedsForeignKeysOff: plan.changes.contains { renderer.needsForeignKeysOff($0.kind) },
            reverseNeedsForeignKeysOff: back.changes.contains { renderer.needsForeignKeysOff($0.kind) }
        )
    }
}
