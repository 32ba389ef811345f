import Schema
import SQLText

/// A whole schema as DDL in dependency order, from a dialect's ``SchemaRenderer``.
///
/// The order of ``creating(_:with:)`` is fixed, so that the same schema always gives the
/// same statements whatever the order its objects were created in:
///
/// 1. unmodelled objects that tables may use (extensions, functions, procedures, types);
/// 2. enumeration types, then free-standing sequences, by name;
/// 3. tables in ``/Schema/Schema/dependencyOrder()``, each followed by its indexes by name; a
///    foreign key is written inside its table when its target exists by then (or the
///    engine does not check, SQLite), else added after the last table;
/// 4. what needs every table (`ALTER SEQUENCE … OWNED BY`);
/// 5. views, each after the views it names;
/// 6. the other unmodelled objects (triggers, policies, …), by kind, table and name.
///
/// ``dropping(_:with:)`` goes the other way, and drops the keys that close a cycle first.
public enum SchemaScript {
    /// Statements that create `schema` in an empty database.
    public static func creating(_ schema: Schema, with renderer: any SchemaRenderer) -> [String] {
        var statements: [String] = []
        let (early, late) = partitionUnmodelled(schema)
        for object in early { statements += renderer.createUnmodelled(object) }
        for type in schema.enumTypes { statements += renderer.createEnumType(type) }
        for sequence in schema.sequences { statements += renderer.createSequence(sequence) }

        let order = schema.dependencyOrder()
        var deferred: [(table: Table, key: ForeignKey)] = []
        let deferredKeys = Set(order.deferredForeignKeys.map { DeferredKey(table: $0.table, key: $0.foreignKey) })
        for name in order.tables {
            guard let table = schema.table(named: name) else { continue }
            var inline: [ForeignKey] = []
            for key in table.foreignKeys {
                if renderer.foreignKeysNeedTargets, deferredKeys.contains(DeferredKey(table: name, key: key)) {
                    deferred.append((table, key))
                } else {
                    inline.append(key)
                }
            }
            statements += renderer.createTable(table, foreignKeys: inline, in: schema)
            for index in table.indexes { statements += renderer.createIndex(index, on: table) }
        }
        for (table, key) in deferred { statements += renderer.addForeignKey(key, to: table) }
        statements += renderer.statementsAfterTables(schema)
        for view in ViewOrder.sorted(schema.views) { statements += renderer.createView(view) }
        for object in late { statements += renderer.createUnmodelled(object) }
        return statements
    }

    /// Statements that drop everything `schema` holds, dependents first.
    public static func dropping(_ schema: Schema, with renderer: any SchemaRenderer) -> [String] {
        var statements: [String] = []
        let (early, late) = partitionUnmodelled(schema)
        for object in late.reversed() { statements += renderer.dropUnmodelled(object) }
        for view in ViewOrder.sorted(schema.views).reversed() { statements += renderer.dropView(view) }
        let order = schema.dependencyOrder()
        if renderer.foreignKeysNeedTargets {
            for deferred in order.deferredForeignKeys {
                guard let table = schema.table(named: deferred.table) else { continue }
                statements += renderer.dropForeignKey(deferred.foreignKey, from: table)
            }
        }
        for name in order.dropOrder {
            guard let table = schema.table(named: name) else { continue }
            statements += renderer.dropTable(table)
        }
        for sequence in schema.sequences.reversed() { statements += renderer.dropSequence(sequence) }
        for type in schema.enumTypes.reversed() { statements += renderer.dropEnumType(type) }
        for object in early.reversed() { statements += renderer.dropUnmodelled(object) }
        return statements
    }

    /// The kinds of unmodelled object that tables, defaults or checks may depend on, and so
    /// are created before them.
    public static let kindsCreatedFirst: Set<UnmodelledObject.Kind> = [.extension, .function, .procedure, .customType]

    private static func partitionUnmodelled(_ schema: Schema) -> (early: [UnmodelledObject], late: [UnmodelledObject]) {
        var early: [UnmodelledObject] = []
        var late: [UnmodelledObject] = []
        for object in schema.unmodelled {
            if kindsCreatedFirst.contains(object.kind) { early.append(object) } else { late.append(object) }
        }
        // Extensions before the functions that may use them, then the rest by the schema's order.
        early.sort { rank($0.kind) < rank($1.kind) }
        return (early, late)
    }

    private static func rank(_ kind: UnmodelledObject.Kind) -> Int {
        switch kind {
        case .extension: 0
        case .customType: 1
        case .function: 2
        default: 3
        }
    }
}

private struct DeferredKey: Hashable {
    var table: String
    var key: ForeignKey
}

extension SchemaScript {
    /// Statements as a script that the engine's client and Strata's splitter both read
    /// back as the same statements: each ended by `;` and a blank line. On MySQL, a
    /// statement with `;` inside (a trigger or routine body) is wrapped in
    /// `DELIMITER //` … `DELIMITER ;`.
    public static func text(_ statements: [String], dialect: any Dialect) -> String {
        let splitter = SQLSplitter(dialect: dialect.engine)
        var out = ""
        for statement in statements {
            if !out.isEmpty { out += "\n" }
            let pieces = (try? splitter.split(statement + ";").count) ?? 1
            if dialect.engine == .mysql, pieces > 1 {
                out += "DELIMITER //\n\(statement)\n//\nDELIMITER ;\n"
            } else {
                out += statement + ";\n"
            }
        }
        return out
    }
}
