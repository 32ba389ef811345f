import Schema
import Testing

/// What the model keeps, in which order, and how it compares.
@Suite struct SchemaTests {
    @Test func lookupsFindExactNames() throws {
        let schema = Fixtures.rich()
        #expect(schema.table(named: "order")?.name == "order")
        #expect(schema.table(named: "we\"ird")?.options.isStrict == true)
        #expect(schema.table(named: "we`ird")?.primaryKey?.name == "we`ird_pkey")
        #expect(schema.table(named: Fixtures.longName) != nil)
        #expect(schema.table(named: "Caf\u{e9}_表_🦊") != nil)
        #expect(schema.table(named: "Cafe\u{301}_表_🦊") != nil, "canonically equivalent spellings are one name")
        #expect(schema.table(named: "Order") == nil)
        #expect(schema.table(named: "missing") == nil)
        let order = try #require(schema.table(named: "order"))
        #expect(order.column(named: "MixedCase") != order.column(named: "mixedcase"))
        #expect(order.column(named: "MIXEDCASE") == nil)
        #expect(order.foreignKey(named: "order_account_fk")?.onDelete == .cascade)
        let accounts = try #require(schema.table(named: "accounts"))
        #expect(accounts.index(named: "accounts_settings")?.method == .gin)
        #expect(accounts.index(named: "accounts_tags")?.method == IndexMethod(rawValue: "gist"))
        #expect(accounts.check(named: "accounts_soft")?.isEnforced == false)
        #expect(accounts.uniqueConstraint(named: "accounts_email_key")?.nullsNotDistinct == true)
        #expect(schema.view(named: "active")?.checkOption == .local)
        #expect(schema.enumType(named: "mood")?.values == ["sad", "ok", "happy"])
        #expect(schema.sequence(named: "global_counter")?.options.start == 5)
        #expect(schema.unmodelledObjects(onTable: "events").map(\.kind) == [.exclusionConstraint, .generatedColumn, .partition])
        #expect(schema.table(named: "events")?.isUnsupported == true)
        #expect(schema.table(named: "accounts")?.isUnsupported == false)
    }

    @Test func collectionsStaySortedAfterChanges() throws {
        var schema = Schema(tables: [Table(name: "m", columns: [])])
        schema.tables.append(Table(name: "b", columns: []))
        schema.tables.insert(Table(name: "z", columns: []), at: 0)
        #expect(schema.tables.map(\.name) == ["b", "m", "z"])
        schema.tables[0].name = "y"
        #expect(schema.tables.map(\.name) == ["m", "y", "z"])
        schema.tables[0].indexes.append(Index(name: "i2", columns: []))
        schema.tables[0].indexes.append(Index(name: "i1", columns: []))
        schema.tables[0].checks.append(Check(name: "c", expression: "1"))
        schema.tables[0].checks.append(Check(expression: "2"))
        schema.tables[0].checks.append(Check(expression: "1"))
        #expect(schema.tables[0].indexes.map(\.name) == ["i1", "i2"])
        #expect(schema.tables[0].checks.map(\.name) == [nil, nil, "c"])
        #expect(schema.tables[0].checks.map(\.expression) == ["1", "2", "1"])
        schema.unmodelled = [
            UnmodelledObject(kind: .trigger, name: "b", table: "t", definition: ""),
            UnmodelledObject(kind: .function, name: "z", definition: ""),
            UnmodelledObject(kind: .trigger, name: "a", table: "u", definition: ""),
            UnmodelledObject(kind: .trigger, name: "c", definition: ""),
        ]
        #expect(schema.unmodelled.map(\.name) == ["z", "c", "b", "a"])
    }

    @Test func columnOrderMatters() {
        let ab = Table(name: "t", columns: [Column("a", .int), Column("b", .int)])
        let ba = Table(name: "t", columns: [Column("b", .int), Column("a", .int)])
        #expect(ab != ba)
        #expect(Schema(tables: [ab]).fingerprint != Schema(tables: [ba]).fingerprint)
    }

    @Test func orderInsideKeysMatters() {
        let one = Index(name: "i", columns: ["a", "b"])
        let other = Index(name: "i", columns: ["b", "a"])
        #expect(one != other)
        #expect(EnumType(name: "e", values: ["a", "b"]) != EnumType(name: "e", values: ["b", "a"]))
        #expect(PrimaryKey(columns: ["a", "b"]) != PrimaryKey(columns: ["b", "a"]))
    }

    @Test func namesAreCaseSensitive() {
        let lower = Schema(tables: [Table(name: "users", columns: [])])
        let upper = Schema(tables: [Table(name: "Users", columns: [])])
        #expect(lower != upper)
        #expect(lower.fingerprint != upper.fingerprint)
        let both = Schema(tables: [Table(name: "users", columns: []), Table(name: "Users", columns: [])])
        #expect(both.tables.map(\.name) == ["Users", "users"])
        #expect(both.table(named: "users")?.name == "users")
        #expect(both.table(named: "Users")?.name == "Users")
    }

    @Test func unnamedConstraintsSortByContent() {
        let a = Table(name: "t", columns: [], foreignKeys: [
            ForeignKey(columns: ["b"], referencedTable: "q", referencedColumns: ["id"]),
            ForeignKey(columns: ["a"], referencedTable: "p", referencedColumns: ["id"]),
        ])
        let b = Table(name: "t", columns: [], foreignKeys: [
            ForeignKey(columns: ["a"], referencedTable: "p", referencedColumns: ["id"]),
            ForeignKey(columns: ["b"], referencedTable: "q", referencedColumns: ["id"]),
        ])
        #expect(a == b)
        #expect(a.foreignKeys == b.foreignKeys)
    }

    @Test func indexMethodIsLowercase() {
        #expect(IndexMethod(rawValue: "GIN") == .gin)
        #expect(IndexMethod(rawValue: "BTree").rawValue == "btree")
    }

    @Test func identityConveniences() {
        #expect(Identity.always == Identity(kind: .always))
        #expect(Identity.serial.sequenceName == nil)
        #expect(Identity.autoIncrement.sequenceOptions == SequenceOptions())
        #expect(ColumnType.bigint.isInteger && !ColumnType.text.isInteger && !ColumnType.custom("int").isInteger)
    }
}
