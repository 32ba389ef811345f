import Schema
import SchemaDiff

extension PostgresChangeRenderer {
    // MARK: - Enumeration types

    /// `ALTER TYPE … ADD VALUE` for each new label, in order: after the label before it, or
    /// before the first old label for one that comes first; the comment when it changed.
    func addEnumValues(from old: EnumType, to new: EnumType) -> [String] {
        var statements: [String] = []
        let head = "ALTER TYPE \(q(new.name)) ADD VALUE "
        for (position, label) in new.values.enumerated() where !old.values.contains(label) {
            var text = head + dialect.quoteLiteral(label)
            let laterOld = new.values[(position + 1)...].contains { old.values.contains($0) }
            if position > 0, laterOld {
                text += " AFTER " + dialect.quoteLiteral(new.values[position - 1])
            } else if laterOld, let first = old.values.first {
                text += " BEFORE " + dialect.quoteLiteral(first)
            }
            statements.append(text)
        }
        if old.comment != new.comment {
            statements.append("COMMENT ON TYPE \(q(new.name)) IS \(literal(new.comment))")
        }
        return statements
    }

    // MARK: - Sequences

    /// `CREATE SEQUENCE`, and `OWNED BY` when its column exists already (a new table or
    /// column sets it once it is there).
    func createSequence(_ sequence: SequenceDefinition, from schema: Schema) -> [String] {
        var statements = objects.createSequence(sequence)
        if let owner = sequence.ownedBy, schema.table(named: owner.table)?.column(named: owner.column) != nil {
            statements += ownedBy(sequence)
        }
        return statements
    }

    /// `DROP SEQUENCE`; `IF EXISTS` for one owned by a column, which may have taken it along.
    func dropSequence(_ sequence: SequenceDefinition) -> [String] {
        sequence.ownedBy == nil ? objects.dropSequence(sequence) : ["DROP SEQUENCE IF EXISTS \(q(sequence.name))"]
    }

    /// `ALTER SEQUENCE` with the type and the options that differ, its owner, its comment.
    func alterSequence(from old: SequenceDefinition, to new: SequenceDefinition) -> [String] {
        var clauses: [String] = []
        if old.type != new.type { clauses.append("AS " + PostgresTypes.sql(for: new.type ?? .bigint, quote: q)) }
        clauses += Self.sequenceClauses(from: old.options, to: new.options)
        if old.ownedBy != new.ownedBy {
            clauses.append(new.ownedBy.map { "OWNED BY \(q($0.table)).\(q($0.column))" } ?? "OWNED BY NONE")
        }
        var statements: [String] = []
        if !clauses.isEmpty { statements.append("ALTER SEQUENCE \(q(new.name)) " + clauses.joined(separator: " ")) }
        if old.comment != new.comment {
            statements.append("COMMENT ON SEQUENCE \(q(new.name)) IS \(literal(new.comment))")
        }
        return statements
    }

    /// The `ALTER SEQUENCE` clauses (also an identity's `SET` clauses) that turn options
    /// `old` into `new`; a nil option is written as the default it
    /// stands for (`NO MAXVALUE`, `CACHE 1`, the start its bounds imply).
    static func sequenceClauses(from old: SequenceOptions, to new: SequenceOptions) -> [String] {
        var clauses: [String] = []
        // The default bounds depend on the direction, and the old values lie outside the new ones.
        let turns = ((old.increment ?? 1) > 0) != ((new.increment ?? 1) > 0)
        if (old.increment ?? 1) != (new.increment ?? 1) { clauses.append("INCREMENT BY \(new.increment ?? 1)") }
        if old.minValue != new.minValue || turns { clauses.append(new.minValue.map { "MINVALUE \($0)" } ?? "NO MINVALUE") }
        if old.maxValue != new.maxValue || turns { clauses.append(new.maxValue.map { "MAXVALUE \($0)" } ?? "NO MAXVALUE") }
        let start = effectiveStart(new)
        if effectiveStart(old) != start || old.start != new.start { clauses.append("START WITH \(start)") }
        if (old.cache ?? 1) != (new.cache ?? 1) { clauses.append("CACHE \(new.cache ?? 1)") }
        if old.cycle != new.cycle { clauses.append(new.cycle ? "CYCLE" : "NO CYCLE") }
        if turns { clauses.append("RESTART") }
        return clauses
    }

    /// Where a sequence with `options` starts: `START WITH`, or its lower bound ascending
    /// and its upper bound descending.
    private static func effectiveStart(_ options: SequenceOptions) -> Int {
        if let start = options.start { return start }
        return (options.increment ?? 1) > 0 ? options.minValue ?? 1 : options.maxValue ?? -1
    }

    // MARK: - Carried objects

    /// ``PostgresRenderer/dropUnmodelled(_:)``, and for what belongs to a table that stays,
    /// the statement that drops just that object (`DROP TRIGGER … ON …`).
    func dropUnmodelled(_ object: UnmodelledObject) -> [String] {
        let statements = objects.dropUnmodelled(object)
        guard statements.isEmpty, let table = object.table else { return statements }
        switch object.kind {
        case .trigger: return ["DROP TRIGGER IF EXISTS \(q(object.name)) ON \(q(table))"]
        case .rule: return ["DROP RULE IF EXISTS \(q(object.name)) ON \(q(table))"]
        case .policy where object.name == "row level security":
            return [alter(table, "NO FORCE ROW LEVEL SECURITY"), alter(table, "DISABLE ROW LEVEL SECURITY")]
        case .policy: return ["DROP POLICY IF EXISTS \(q(object.name)) ON \(q(table))"]
        case .generatedColumn:
            let column = object.name.hasPrefix(table + ".") ? String(object.name.dropFirst(table.count + 1)) : object.name
            return [alter(table, "DROP COLUMN IF EXISTS \(q(column))")]
        case .exclusionConstraint, UnmodelledObject.Kind(rawValue: "constraint"):
            return [alter(table, "DROP CONSTRAINT IF EXISTS \(q(object.name))")]
        default: return []
        }
    }
}
