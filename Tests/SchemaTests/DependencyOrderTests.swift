import Foundation
import Schema
import Testing

/// Tables in foreign-key order, with the keys a cycle must defer.
@Suite struct DependencyOrderTests {
    /// A table `name` with a key column per referenced table, each referring to its `id`.
    static func table(_ name: String, references: [String] = []) -> Table {
        Table(
            name: name,
            columns: [Column("id", .int, isNullable: false)] + references.enumerated().map { Column("ref\($0.offset)", .int) },
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: references.enumerated().map {
                ForeignKey(name: "\(name)_ref\($0.offset)", columns: ["ref\($0.offset)"], referencedTable: $0.element, referencedColumns: ["id"])
            }
        )
    }

    static func deferred(_ order: DependencyOrder) -> [String] {
        order.deferredForeignKeys.map { "\($0.table)->\($0.foreignKey.referencedTable)" }
    }

    @Test func independentTablesComeByName() {
        let order = Schema(tables: [Self.table("c"), Self.table("a"), Self.table("b")]).dependencyOrder()
        #expect(order.tables == ["a", "b", "c"])
        #expect(!order.hasCycles)
        #expect(order.dropOrder == ["c", "b", "a"])
    }

    @Test func referencedTablesComeFirst() {
        let schema = Schema(tables: [
            Self.table("a_comments", references: ["posts", "users"]),
            Self.table("posts", references: ["users"]),
            Self.table("users"),
            Self.table("b_tags"),
        ])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["b_tags", "users", "posts", "a_comments"])
        #expect(order.deferredForeignKeys.isEmpty)
    }

    @Test func selfReferencesAreNotCycles() {
        let schema = Schema(tables: [
            Self.table("nodes", references: ["nodes"]),
            Self.table("a_leaves", references: ["nodes", "a_leaves"]),
        ])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["nodes", "a_leaves"])
        #expect(!order.hasCycles)
    }

    @Test func twoTableCycleDefersOneKey() {
        let schema = Schema(tables: [
            Self.table("b", references: ["a"]),
            Self.table("a", references: ["b"]),
            Self.table("c", references: ["a"]),
        ])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["a", "b", "c"])
        #expect(Self.deferred(order) == ["a->b"])
        #expect(order.deferredForeignKeys.first?.foreignKey.name == "a_ref0")
        #expect(order.hasCycles)
    }

    @Test func threeTableCycleDefersOneKey() {
        let schema = Schema(tables: [
            Self.table("x", references: ["y"]),
            Self.table("y", references: ["z"]),
            Self.table("z", references: ["x"]),
        ])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["x", "z", "y"])
        #expect(Self.deferred(order) == ["x->y"])
    }

    @Test func cycleIsBrokenWhereOneDeferredKeyFreesTheMost() {
        // a -> b, a -> c, b -> c, c -> a. Breaking at "b" (one key, like "c") would leave the
        // cycle a <-> c to break again; "c" is waited on by two keys, so one deferral does.
        let schema = Schema(tables: [
            Self.table("a", references: ["b", "c"]),
            Self.table("b", references: ["c"]),
            Self.table("c", references: ["a"]),
        ])
        let order = schema.dependencyOrder()
        #expect(Self.deferred(order) == ["c->a"])
        #expect(order.tables == ["c", "b", "a"])
    }

    @Test func everyKeyToTheSameTableIsDeferredTogether() {
        let schema = Schema(tables: [
            Self.table("a", references: ["b", "b"]),
            Self.table("b", references: ["a"]),
        ])
        let order = schema.dependencyOrder()
        // "b" has one key into the cycle, "a" two: break at "b".
        #expect(order.tables == ["b", "a"])
        #expect(Self.deferred(order) == ["b->a"])
        let twice = Schema(tables: [Self.table("a", references: ["b", "b"]), Self.table("b", references: ["a", "a"])]).dependencyOrder()
        #expect(Self.deferred(twice) == ["a->b", "a->b"])
        #expect(twice.tables == ["a", "b"])
    }

    @Test func aCycleThatOthersWaitOnIsBrokenFirst() {
        // The cycle {a, b} waits on the cycle {m, n}; "a" comes first by name, but breaking it
        // first would defer a key needlessly.
        let schema = Schema(tables: [
            Self.table("a", references: ["b", "m"]),
            Self.table("b", references: ["a"]),
            Self.table("m", references: ["n"]),
            Self.table("n", references: ["m"]),
        ])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["m", "n", "a", "b"])
        #expect(Self.deferred(order) == ["a->b", "m->n"])
    }

    @Test func keysOutsideTheSchemaOrderNothing() {
        var child = Self.table("child", references: ["parent"])
        child.foreignKeys.append(ForeignKey(name: "ext", columns: ["id"], referencedSchema: "billing", referencedTable: "a", referencedColumns: ["id"]))
        child.foreignKeys.append(ForeignKey(name: "missing", columns: ["id"], referencedTable: "nowhere", referencedColumns: ["id"]))
        let schema = Schema(name: "app", tables: [child, Self.table("parent"), Self.table("a", references: ["child"])])
        let order = schema.dependencyOrder()
        #expect(order.tables == ["parent", "child", "a"])
        #expect(!order.hasCycles)
        // Naming the schema's own name is the same schema.
        var sameSchema = schema
        sameSchema.tables[1].foreignKeys.append(ForeignKey(name: "own", columns: ["id"], referencedSchema: "app", referencedTable: "a", referencedColumns: ["id"]))
        #expect(sameSchema.dependencyOrder().hasCycles)
    }

    @Test func richSchemaOrder() {
        let order = Fixtures.rich().dependencyOrder()
        #expect(order.tables.first == "Café_表_🦊")
        #expect(order.tables.firstIndex(of: "accounts").map { $0 < (order.tables.firstIndex(of: "order") ?? 0) } == true)
        #expect(!order.hasCycles)
    }

    @Test func generatedSchemasGetAValidDeterministicOrder() {
        for seed in UInt64(1)...300 {
            var random = RandomSchemas(seed: seed)
            let schema = random.schema()
            let order = schema.dependencyOrder()
            #expect(order.tables.sorted() == schema.tables.map(\.name).sorted(), "seed \(seed): every table once")
            let position = Dictionary(uniqueKeysWithValues: order.tables.enumerated().map { ($1, $0) })
            let deferred = order.deferredForeignKeys
            for table in schema.tables {
                for key in table.foreignKeys where key.referencedTable != table.name {
                    guard let target = position[key.referencedTable], let source = position[table.name] else { continue }
                    let isDeferred = deferred.contains { $0.table == table.name && $0.foreignKey == key }
                    #expect(isDeferred || target < source, "seed \(seed): \(table.name) -> \(key.referencedTable)")
                    if isDeferred { #expect(target > source, "seed \(seed): a key is deferred only when it must be") }
                }
            }
            #expect(random.reordered(schema).dependencyOrder() == order, "seed \(seed): deterministic")
        }
    }

    @Test func longChainsNeedNoRecursion() {
        let count = 5_000
        var tables = (1..<count).map { Self.table(String(format: "t%05d", $0), references: [String(format: "t%05d", $0 - 1)]) }
        tables.append(Self.table("t00000", references: [String(format: "t%05d", count - 1)]))
        let order = Schema(tables: tables).dependencyOrder()
        #expect(order.tables.count == count)
        #expect(order.deferredForeignKeys.count == 1)
    }
}
