import Schema

/// Computes the ordered changes that turn one schema into another.
///
/// The algorithm is engine-neutral; the ``DiffAdvisor`` answers the engine's questions
/// (whether a table can change in place, how a type change moves values, what locks).
///
/// ## Renames
///
/// A table or column is renamed only when a ``Rename`` declares it. An undeclared drop and
/// add of a compatible column (or of a table with the same columns) is planned as a drop
/// and an add, and listed in ``SchemaPlan/suggestedRenames``.
///
/// ## Order
///
/// 1. views that are dropped, changed, or name a table that changes shape;
/// 2. declared renames, tables first (the changes after them name the tables and columns
///    by their new names);
/// 3. the triggers and other carried objects that are dropped or changed, then foreign
///    keys, checks, unique constraints and indexes that are dropped or changed;
/// 4. dropped tables, dependents first;
/// 5. enumeration types, sequences and carried functions and extensions that are new;
/// 6. new tables in dependency order, each with its indexes and the foreign keys whose
///    targets exist by then;
/// 7. per table: added, altered and dropped columns, the primary key, options, comment,
///    or one rebuild where the engine cannot alter in place;
/// 8. new unique constraints, checks, indexes, then foreign keys;
/// 9. dropped sequences, enumeration types and carried functions;
/// 10. views in dependency order, then the other carried objects.
public struct SchemaDiffer: Sendable {
    /// The engine's answers.
    public var advisor: any DiffAdvisor

    /// Creates a differ for an engine.
    public init(advisor: any DiffAdvisor) {
        self.advisor = advisor
    }

    /// The plan from `from` to `to`.
    ///
    /// - Parameters:
    ///   - from: The schema as it is.
    ///   - to: The schema as it should be.
    ///   - renames: Declared renames, by the names in `to`. One that does not fit (the old
    ///     name is not in `from`, or the new one already is) is ignored with a note.
    public func plan(from: Schema, to: Schema, renames: [Rename] = []) -> SchemaPlan {
        var builder = PlanBuilder(from: from, to: to, advisor: advisor)
        builder.applyRenames(renames)
        builder.build()
        return builder.result()
    }
}

/// One run of the algorithm.
private struct PlanBuilder {
    let original: Schema
    /// `from` with the declared renames applied: what the tables are called once the
    /// renames have run.
    var working: Schema
    let to: Schema
    let advisor: any DiffAdvisor
    var renameChanges: [SchemaChange.Kind] = []
    var notes: [String] = []
    var suggestions: [SuggestedRename] = []

    // The plan's phases, in order.
    var dropViews: [SchemaChange.Kind] = []
    var dropLateObjects: [SchemaChange.Kind] = []
    var dropConstraints: [SchemaChange.Kind] = []
    var dropTables: [SchemaChange.Kind] = []
    var createTypes: [SchemaChange.Kind] = []
    var createEarlyObjects: [SchemaChange.Kind] = []
    var createTables: [SchemaChange.Kind] = []
    var alterTables: [SchemaChange.Kind] = []
    var addConstraints: [SchemaChange.Kind] = []
    var addForeignKeys: [SchemaChange.Kind] = []
    var dropTypes: [SchemaChange.Kind] = []
    var createViews: [SchemaChange.Kind] = []
    var createLateObjects: [SchemaChange.Kind] = []
    /// Changes made to a table's parts before the table could be rebuilt, for classifying
    /// the rebuild; keyed by table name.
    var rebuiltParts: [String: [SchemaChange.Kind]] = [:]

    init(from: Schema, to: Schema, advisor: any DiffAdvisor) {
        self.original = from
        self.working = from
        self.to = to
        self.advisor = advisor
    }

    // MARK: Renames

    mutating func applyRenames(_ renames: [Rename]) {
        for rename in renames {
            switch rename {
            case .table(let old, let new):
                guard old != new, working.table(named: old) != nil, working.table(named: new) == nil,
                      to.table(named: new) != nil, to.table(named: old) == nil
                else {
                    notes.append("rename \(rename.argument) ignored: it needs a table \(old) in the current schema and \(new) only in the desired one")
                    continue
                }
                working = working.renamingTable(old, to: new)
                renameChanges.append(.renameTable(from: old, to: new))
            case .column(let tableName, let old, let new):
                guard old != new, let table = working.table(named: tableName), table.column(named: old) != nil,
                      table.column(named: new) == nil, let target = to.table(named: tableName),
                      target.column(named: new) != nil, target.column(named: old) == nil
                else {
                    notes.append("rename \(rename.argument) ignored: it needs a column \(tableName).\(old) in the current schema and \(tableName).\(new) only in the desired one")
                    continue
                }
                working = working.renamingColumn(old, to: new, in: tableName)
                renameChanges.append(.renameColumn(table: tableName, from: old, to: new))
            }
        }
    }

    // MARK: The walk

    mutating func build() {
        diffUnmodelled()
        diffEnumTypes()
        diffSequences()
        diffTables()
        diffViews(touched: touchedTables().union(rebuiltParts.keys))
        suggestRenames()
    }

    /// Tables whose shape changes (columns, keys, rebuilds, renames): views naming them are
    /// dropped first and re-created last, so that no engine refuses an `ALTER` under a view.
    func touchedTables() -> Set<String> {
        var names: Set<String> = []
        for change in renameChanges {
            switch change {
            case .renameTable(let old, let new): names.insert(old); names.insert(new)
            case .renameColumn(let table, _, _): names.insert(table)
            default: break
            }
        }
        for table in working.tables {
            guard let target = to.table(named: table.name) else { names.insert(table.name); continue }
            if table.columns != target.columns || table.primaryKey != target.primaryKey { names.insert(table.name) }
        }
        return names
    }

    mutating func diffViews(touched: Set<String>) {
        let targetViews = Dictionary(to.views.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var dropped: Set<String> = []
        for view in ViewOrder.sorted(working.views).reversed() {
            let target = targetViews[view.name]
            let namesTouched = !touched.isDisjoint(with: IdentifierWords.of(view.definition))
            if target != view || namesTouched || dependsOnDropped(view, dropped) {
                dropViews.append(.dropView(view))
                dropped.insert(view.name)
            }
        }
        for view in ViewOrder.sorted(to.views) where working.view(named: view.name) == nil || dropped.contains(view.name) {
            createViews.append(.createView(view))
        }
    }

    private func dependsOnDropped(_ view: View, _ dropped: Set<String>) -> Bool {
        !dropped.isDisjoint(with: IdentifierWords.of(view.definition))
    }

    mutating func diffUnmodelled() {
        let targets = Dictionary(to.unmodelled.map { ($0.sortKey, $0) }, uniquingKeysWith: { a, _ in a })
        let currents = Dictionary(working.unmodelled.map { ($0.sortKey, $0) }, uniquingKeysWith: { a, _ in a })
        for object in working.unmodelled where targets[object.sortKey] != object {
            // A changed function or extension is dropped before it is created again; only
            // one that goes for good waits until the tables that used it are gone.
            if Self.isEarly(object), targets[object.sortKey] == nil {
                dropTypes.append(.dropUnmodelled(object))
            } else {
                dropLateObjects.append(.dropUnmodelled(object))
            }
        }
        for object in to.unmodelled where currents[object.sortKey] != object {
            if Self.isEarly(object) {
                createEarlyObjects.append(.createUnmodelled(object))
            } else {
                createLateObjects.append(.createUnmodelled(object))
            }
        }
        dropTypes.reverse()
    }

    static func isEarly(_ object: UnmodelledObject) -> Bool {
        [.extension, .function, .procedure, .customType].contains(object.kind)
    }

    mutating func diffEnumTypes() {
        for type in to.enumTypes {
            guard let current = working.enumType(named: type.name) else {
                createTypes.append(.createEnumType(type))
                continue
            }
            guard current != type else { continue }
            if current.values.isSubsequence(of: type.values) {
                createTypes.append(.addEnumValues(from: current, to: type))
            } else {
                notes.append("enum type \(type.name): labels removed or reordered (\(current.values.joined(separator: ", ")) → \(type.values.joined(separator: ", "))); no engine can do that in place, change it by hand")
            }
        }
        for type in working.enumTypes.reversed() where to.enumType(named: type.name) == nil {
            dropTypes.append(.dropEnumType(type))
        }
    }

    mutating func diffSequences() {
        for sequence in to.sequences {
            guard let current = working.sequence(named: sequence.name) else {
                createTypes.append(.createSequence(sequence))
                continue
            }
            if current != sequence { createTypes.append(.alterSequence(from: current, to: sequence)) }
        }
        for sequence in working.sequences.reversed() where to.sequence(named: sequence.name) == nil {
            dropTypes.append(.dropSequence(sequence))
        }
    }

    mutating func diffTables() {
        // Dropped tables, dependents first.
        for name in working.dependencyOrder().dropOrder where to.table(named: name) == nil {
            guard let table = working.table(named: name) else { continue }
            // Keys from surviving tables to it are dropped with the constraints.
            dropTables.append(.dropTable(table))
        }
        // New tables in dependency order; a key whose target is not there yet comes later.
        let order = to.dependencyOrder()
        var existing = Set(working.tables.map(\.name))
        for name in order.tables {
            guard let table = to.table(named: name), working.table(named: name) == nil else { continue }
            var inline: [ForeignKey] = []
            for key in table.foreignKeys {
                if !advisor.foreignKeysNeedTargets || existing.contains(key.referencedTable) || key.referencedTable == name
                    || key.referencedSchema != nil {
                    inline.append(key)
                } else {
                    addForeignKeys.append(.addForeignKey(table: name, key))
                }
            }
            existing.insert(name)
            createTables.append(.createTable(table, foreignKeys: inline))
        }
        // Tables in both.
        for name in order.tables {
            guard let target = to.table(named: name), let current = working.table(named: name), current != target else { continue }
            diffTable(current, target)
        }
    }

    mutating func diffTable(_ current: Table, _ target: Table) {
        if !advisor.canChange(current, carrying: working.unmodelledObjects(onTable: current.name))
            || !advisor.canChange(target, carrying: to.unmodelledObjects(onTable: target.name)) {
            let reason = target.unsupported ?? current.unsupported ?? ""
            notes.append("table \(target.name) differs but is left alone: \(reason); change it with a hand-written migration")
            return
        }
        var drops: [SchemaChange.Kind] = []
        var columns: [SchemaChange.Kind] = []
        var adds: [SchemaChange.Kind] = []
        var keys: [SchemaChange.Kind] = []
        let table = target.name

        // Foreign keys, checks, uniques and indexes that go or change.
        let keyPairs = Self.pairs(current.foreignKeys, target.foreignKeys, key: Self.foreignKeyKey)
        for (old, new) in keyPairs where old != new {
            if let old { drops.append(.dropForeignKey(table: table, old)) }
            if let new { keys.append(.addForeignKey(table: table, new)) }
        }
        for (old, new) in Self.pairs(current.checks, target.checks, key: { $0.name ?? $0.expression }) where old != new {
            if let old { drops.append(.dropCheck(table: table, old)) }
            if let new { adds.append(.addCheck(table: table, new)) }
        }
        for (old, new) in Self.pairs(current.uniqueConstraints, target.uniqueConstraints, key: Self.uniqueKey) where old != new {
            if let old { drops.append(.dropUnique(table: table, old)) }
            if let new { adds.append(.addUnique(table: table, new)) }
        }
        for (old, new) in Self.pairs(current.indexes, target.indexes, key: \.name) where old != new {
            if let old { drops.append(.dropIndex(table: table, old)) }
            if let new { adds.append(.addIndex(table: table, new)) }
        }

        // Columns: added, altered, dropped.
        for column in target.columns where current.column(named: column.name) == nil {
            columns.append(.addColumn(table: table, column))
        }
        for column in target.columns {
            if let old = current.column(named: column.name), old != column {
                columns.append(.alterColumn(table: table, from: old, to: column))
            }
        }
        for column in current.columns where target.column(named: column.name) == nil {
            columns.append(.dropColumn(table: table, column))
        }
        if current.primaryKey != target.primaryKey {
            columns.append(.setPrimaryKey(table: table, from: current.primaryKey, to: target.primaryKey))
        }
        if current.options != target.options {
            columns.append(.alterTableOptions(table: table, from: current.options, to: target.options))
        }
        if current.comment != target.comment {
            columns.append(.setTableComment(table: table, from: current.comment, to: target.comment))
        }
        let orderDiffers = Self.columnOrderDiffers(current, target)

        let all = drops + columns + adds + keys
        let inPlace = advisor.canAlterInPlace(all, from: current, to: target) && !(orderDiffers && advisor.reordersColumns)
        if inPlace {
            if orderDiffers {
                notes.append("table \(table): the column order differs (\(target.columns.map(\.name).joined(separator: ", "))); the engine cannot reorder columns in place, so the order is left as it is")
            }
            dropConstraints += drops
            alterTables += columns
            addConstraints += adds
            addForeignKeys += keys
            return
        }
        // One rebuild replaces every change of the table; its indexes and triggers are
        // re-created by the rebuild, so their separate changes go.
        var sources: [String: String] = [:]
        for column in target.columns where current.column(named: column.name) != nil { sources[column.name] = column.name }
        alterTables.append(.rebuildTable(from: current, to: target, columnSources: sources))
        rebuiltParts[table] = all + (orderDiffers ? [.alterTableOptions(table: table, from: current.options, to: target.options)] : [])
        dropLateObjects.removeAll { $0.tableName == table }
        createLateObjects.removeAll { $0.tableName == table }
        // Keys of other tables that point at the rebuilt one keep pointing at it by name.
    }

    static func columnOrderDiffers(_ current: Table, _ target: Table) -> Bool {
        let common = Set(current.columns.map(\.name)).intersection(target.columns.map(\.name))
        let currentOrder = current.columns.map(\.name).filter(common.contains)
        let targetOrder = target.columns.map(\.name).filter(common.contains)
        if currentOrder != targetOrder { return true }
        // New columns go at the end; one declared before an existing column is an order change.
        guard let lastCommon = target.columns.lastIndex(where: { common.contains($0.name) }) else { return false }
        return target.columns[..<lastCommon].contains { !common.contains($0.name) }
    }

    static func foreignKeyKey(_ key: ForeignKey) -> String {
        key.name ?? "(" + key.columns.joined(separator: ",") + ")→" + key.referencedTable + "(" + key.referencedColumns.joined(separator: ",") + ")"
    }

    static func uniqueKey(_ unique: UniqueConstraint) -> String {
        unique.name ?? "(" + unique.columns.joined(separator: ",") + ")"
    }

    /// The items of two name-keyed lists matched by key, in `right`'s order then the rest.
    static func pairs<T>(_ left: [T], _ right: [T], key: (T) -> String) -> [(T?, T?)] {
        var leftByKey: [String: T] = [:]
        for item in left where leftByKey[key(item)] == nil { leftByKey[key(item)] = item }
        var seen: Set<String> = []
        var out: [(T?, T?)] = []
        for item in left {
            let k = key(item)
            guard seen.insert(k).inserted else { continue }
            out.append((item, right.first { key($0) == k }))
        }
        for item in right where !seen.contains(key(item)) {
            seen.insert(key(item))
            out.append((nil, item))
        }
        return out
    }

    // MARK: Suggested renames

    /// A dropped and an added column of one table with the same type, or a dropped and an
    /// added table with the same columns, are suggested as renames.
    mutating func suggestRenames() {
        for table in to.tables {
            guard let current = working.table(named: table.name) else { continue }
            let dropped = current.columns.filter { table.column(named: $0.name) == nil }
            let added = table.columns.filter { current.column(named: $0.name) == nil }
            for old in dropped {
                if let new = added.first(where: { advisor.typeChange(from: old.type, to: $0.type) != .incompatible && advisor.typeChange(from: old.type, to: $0.type) != .narrowing }) {
                    suggestions.append(SuggestedRename(.column(table: table.name, from: old.name, to: new.name)))
                }
            }
        }
        let droppedTables = working.tables.filter { to.table(named: $0.name) == nil }
        let addedTables = to.tables.filter { working.table(named: $0.name) == nil }
        for old in droppedTables {
            if let new = addedTables.first(where: { $0.columns.map(\.name) == old.columns.map(\.name) }) {
                suggestions.append(SuggestedRename(.table(from: old.name, to: new.name)))
            }
        }
    }

    // MARK: Result

    func result() -> SchemaPlan {
        // Keys from surviving tables to dropped ones must go before the tables.
        var constraintDrops = dropConstraints
        let droppedNames = Set(dropTables.compactMap(\.tableName))
        for table in working.tables where to.table(named: table.name) != nil {
            for key in table.foreignKeys where droppedNames.contains(key.referencedTable) {
                let kind = SchemaChange.Kind.dropForeignKey(table: table.name, key)
                if !constraintDrops.contains(kind), !isRebuilt(table.name) { constraintDrops.append(kind) }
            }
        }
        let ordered = dropViews + renameChanges + dropLateObjects + constraintDrops + dropTables + createTypes
            + createEarlyObjects + createTables + alterTables + addConstraints + addForeignKeys + dropTypes
            + createViews + createLateObjects
        let classifier = Classifier(from: original, to: to, advisor: advisor, newTables: Set(createTables.compactMap(\.tableName)))
        let changes = ordered.map { kind in
            SchemaChange(kind, findings: classifier.findings(for: kind, parts: kind.rebuiltTableName.flatMap { rebuiltParts[$0] }))
        }
        return SchemaPlan(changes: changes, suggestedRenames: suggestions, notes: notes)
    }

    func isRebuilt(_ table: String) -> Bool { rebuiltParts[table] != nil }
}

extension SchemaChange.Kind {
    var rebuiltTableName: String? {
        if case .rebuildTable(_, let to, _) = self { return to.name }
        return nil
    }
}

extension Array where Element: Equatable {
    /// Whether every element of `self` appears in `other`, in the same order.
    func isSubsequence(of other: [Element]) -> Bool {
        var index = other.startIndex
        for element in self {
            guard let found = other[index...].firstIndex(of: element) else { return false }
            index = other.index(after: found)
        }
        return true
    }
}
