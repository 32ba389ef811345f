import Schema
import SchemaDiff
import StrataTestRandom
import StrataTestSchemas
import Testing

/// The engine-neutral answers, with no engine findings.
struct Neutral: DiffAdvisor {}

/// An engine that can alter nothing in place (every table change is a rebuild).
struct RebuildingAdvisor: DiffAdvisor {
    var reordersColumns: Bool { true }
    var foreignKeysNeedTargets: Bool { false }
    func canAlterInPlace(_ changes: [SchemaChange.Kind], from: Table, to: Table) -> Bool { false }
    func engineFindings(for change: SchemaChange.Kind, from: Schema, to: Schema) -> [ChangeFinding] {
        if case .rebuildTable = change { return [ChangeFinding(rule: "test-rebuild", changeClass: .locking, message: "rebuilds")] }
        return []
    }
}

private func id(_ name: String = "id") -> Column { Column(name, .bigint, isNullable: false) }
private func users(_ extra: [Column] = []) -> Table {
    Table(name: "users", columns: [id(), Column("email", .string(length: 100))] + extra, primaryKey: PrimaryKey(columns: ["id"]))
}
private func plan(_ a: Schema, _ b: Schema, renames: [Rename] = [], advisor: any DiffAdvisor = Neutral()) -> SchemaPlan {
    SchemaDiffer(advisor: advisor).plan(from: a, to: b, renames: renames)
}

@Suite("Schema differ")
struct SchemaDifferTests {
    @Test func identicalSchemasHaveNoChanges() {
        let schema = Schema(tables: [users()])
        #expect(plan(schema, schema).isEmpty)
    }

    @Test func newTableWithKeyToExistingOneIsCreatedWithTheKeyInside() {
        let devices = Table(name: "devices", columns: [id(), Column("user_id", .bigint)], primaryKey: PrimaryKey(columns: ["id"]),
                            foreignKeys: [ForeignKey(name: "devices_user_fk", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: .cascade)])
        let result = plan(Schema(tables: [users()]), Schema(tables: [users(), devices]))
        #expect(result.changes.count == 1)
        guard case .createTable(let table, let inline)? = result.changes.first?.kind else { Issue.record("not a create"); return }
        #expect(table.name == "devices" && inline.count == 1)
        #expect(result.changes[0].classes == [.safe])
    }

    @Test func tablesReferringToEachOtherGetOneKeyAfterwards() {
        let a = Table(name: "a", columns: [id(), Column("b_id", .bigint)], primaryKey: PrimaryKey(columns: ["id"]),
                      foreignKeys: [ForeignKey(name: "a_b", columns: ["b_id"], referencedTable: "b", referencedColumns: ["id"])])
        let b = Table(name: "b", columns: [id(), Column("a_id", .bigint)], primaryKey: PrimaryKey(columns: ["id"]),
                      foreignKeys: [ForeignKey(name: "b_a", columns: ["a_id"], referencedTable: "a", referencedColumns: ["id"])])
        let result = plan(Schema(), Schema(tables: [a, b]))
        #expect(result.changes.map(\.rule) == ["add-table", "add-table", "add-foreign-key"])
        #expect(result.changes.allSatisfy { $0.classes == [.safe] })
    }

    @Test func droppedColumnIsDestructiveAndALookalikeAddIsASuggestedRename() {
        let before = Schema(tables: [users()])
        let after = Schema(tables: [Table(name: "users", columns: [id(), Column("mail", .string(length: 200))], primaryKey: PrimaryKey(columns: ["id"]))])
        let result = plan(before, after)
        #expect(result.changes.map(\.rule) == ["add-column", "drop-column"])
        #expect(result.changes[1].isDestructive)
        #expect(result.suggestedRenames.map(\.argument) == ["users.email=users.mail"])
        #expect(result.suggestedRenames.first?.sqlAnnotation == "-- strata:renamed from=email")
    }

    @Test func declaredColumnRenameIsARenameWithoutDropOrSuggestion() {
        let before = Schema(tables: [users()])
        let after = Schema(tables: [Table(name: "users", columns: [id(), Column("mail", .string(length: 100))], primaryKey: PrimaryKey(columns: ["id"]))])
        let result = plan(before, after, renames: [.column(table: "users", from: "email", to: "mail")])
        #expect(result.changes.map(\.rule) == ["rename-column"])
        #expect(result.suggestedRenames.isEmpty)
        #expect(!result.changes[0].needsPermission)
    }

    @Test func declaredTableRenameCarriesKeysPointingAtIt() {
        let devices = Table(name: "devices", columns: [id(), Column("user_id", .bigint)],
                            foreignKeys: [ForeignKey(name: "fk", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"])])
        var accounts = users()
        accounts.name = "accounts"
        var renamedDevices = devices
        renamedDevices.foreignKeys[0].referencedTable = "accounts"
        let result = plan(Schema(tables: [users(), devices]), Schema(tables: [accounts, renamedDevices]), renames: [.table(from: "users", to: "accounts")])
        #expect(result.changes.map(\.rule) == ["rename-table"])
    }

    @Test func renameThatDoesNotFitIsIgnoredWithANote() {
        let result = plan(Schema(tables: [users()]), Schema(tables: [users()]), renames: [.column(table: "users", from: "nope", to: "email")])
        #expect(result.isEmpty)
        #expect(result.notes.count == 1)
    }

    @Test(arguments: [
        (ColumnType.string(length: 100), ColumnType.string(length: 200), "widen-type", ChangeClass.safe),
        (.int, .bigint, "widen-type", .safe),
        (.string(length: 100), .text, "widen-type", .safe),
        (.string(length: 100), .string(length: 50), "narrow-type", .destructive),
        (.bigint, .int, "narrow-type", .destructive),
        (.text, .int, "change-type", .destructive),
        (.decimal(precision: 10, scale: 2), .decimal(precision: 12, scale: 2), "widen-type", .safe),
        (.decimal(precision: 10, scale: 2), .decimal(precision: 10, scale: 4), "narrow-type", .destructive),
    ])
    func typeChangesAreClassified(from: ColumnType, to: ColumnType, rule: String, changeClass: ChangeClass) {
        let before = Schema(tables: [Table(name: "t", columns: [Column("c", from)])])
        let after = Schema(tables: [Table(name: "t", columns: [Column("c", to)])])
        let change = plan(before, after).changes
        #expect(change.count == 1)
        #expect(change.first?.findings.contains { $0.rule == rule && $0.changeClass == changeClass } == true, "\(change.first?.findings ?? [])")
    }

    @Test func addingNotNullWithoutDefaultDependsOnTheRows() {
        let result = plan(Schema(tables: [users()]), Schema(tables: [users([Column("age", .int, isNullable: false)])]))
        #expect(result.changes.first?.findings.map(\.rule) == ["add-not-null-column"])
        #expect(result.changes.first?.isDataDependent == true)
        let withDefault = plan(Schema(tables: [users()]), Schema(tables: [users([Column("age", .int, isNullable: false, default: .number("0"))])]))
        #expect(withDefault.changes.first?.classes == [.safe])
    }

    @Test func makingAColumnNotNullDependsOnTheRows() {
        let before = Schema(tables: [users()])
        var after = users()
        after.columns[1].isNullable = false
        let change = plan(before, Schema(tables: [after])).changes
        #expect(change.first?.findings.map(\.rule) == ["add-not-null"])
    }

    @Test func uniqueIndexCheckAndKeyOnExistingTableDependOnTheRows() {
        var after = users()
        after.indexes = [Index(name: "users_email_key", parts: [IndexPart(target: .column("email"))], isUnique: true)]
        after.checks = [Check(name: "email_nonempty", expression: "email <> ''")]
        let result = plan(Schema(tables: [users()]), Schema(tables: [after]))
        #expect(Set(result.changes.flatMap { $0.findings.map(\.rule) }) == ["add-unique-index", "add-check"])
        #expect(result.changes.allSatisfy { $0.isDataDependent })
    }

    @Test func droppingAReferencedTableDropsTheKeyFirst() {
        let devices = Table(name: "devices", columns: [id(), Column("user_id", .bigint)],
                            foreignKeys: [ForeignKey(name: "fk", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"])])
        var kept = devices
        kept.foreignKeys = []
        let result = plan(Schema(tables: [users(), devices]), Schema(tables: [kept]))
        #expect(result.changes.map(\.rule) == ["drop-foreign-key", "drop-table"])
    }

    @Test func viewOverAChangedTableIsDroppedFirstAndCreatedLast() {
        let view = View(name: "emails", definition: "SELECT email FROM users")
        var after = users()
        after.columns[1].type = .string(length: 300)
        let result = plan(Schema(tables: [users()], views: [view]), Schema(tables: [after], views: [view]))
        #expect(result.changes.map(\.rule) == ["drop-view", "alter-column", "add-view"])
        #expect(!result.changes[0].isDestructive, "a view dropped to be re-created loses nothing")
    }

    @Test func tableThatCannotChangeInPlaceIsOneRebuildWithTheClassesOfItsParts() {
        var after = users()
        after.columns[1].type = .string(length: 50)
        after.indexes = [Index(name: "users_email", parts: [IndexPart(target: .column("email"))])]
        let result = plan(Schema(tables: [users()]), Schema(tables: [after]), advisor: RebuildingAdvisor())
        #expect(result.changes.count == 1)
        guard case .rebuildTable(_, let to, let sources)? = result.changes.first?.kind else { Issue.record("no rebuild"); return }
        #expect(to == after)
        #expect(sources == ["id": "id", "email": "email"])
        #expect(result.changes[0].classes == [.destructive, .locking])
    }

    @Test func columnOrderIsNotedWhereTheEngineCannotReorder() {
        let reordered = Table(name: "users", columns: [Column("email", .string(length: 100)), id()], primaryKey: PrimaryKey(columns: ["id"]))
        let result = plan(Schema(tables: [users()]), Schema(tables: [reordered]))
        #expect(result.isEmpty)
        #expect(result.notes.count == 1)
        let rebuilt = plan(Schema(tables: [users()]), Schema(tables: [reordered]), advisor: RebuildingAdvisor())
        #expect(rebuilt.changes.map(\.rule) == ["rebuild-table"])
    }

    @Test func enumLabelsAppendedAreAddedAndRemovedOnesNoted() {
        let before = Schema(enumTypes: [EnumType(name: "mood", values: ["sad", "ok"])])
        let added = plan(before, Schema(enumTypes: [EnumType(name: "mood", values: ["sad", "meh", "ok", "happy"])]))
        #expect(added.changes.map(\.rule) == ["add-enum-value"])
        let removed = plan(before, Schema(enumTypes: [EnumType(name: "mood", values: ["ok"])]))
        #expect(removed.isEmpty && removed.notes.count == 1)
    }

    @Test func renameArgumentsParse() throws {
        #expect(try Rename(argument: "users.mail=users.email") == .column(table: "users", from: "mail", to: "email"))
        #expect(try Rename(argument: "users.mail=email") == .column(table: "users", from: "mail", to: "email"))
        #expect(try Rename(argument: "people=users") == .table(from: "people", to: "users"))
        #expect(throws: RenameSyntaxError.self) { try Rename(argument: "users.mail") }
        #expect(throws: RenameSyntaxError.self) { try Rename(argument: "a.b=c.d") }
    }
}

@Suite("Schema differ properties")
struct SchemaDifferPropertyTests {
    @Test func applyingThePlanGivesTheTargetAndThePlanToItselfIsEmpty() throws {
        var random = SplitMix64(seed: 0x5eed_d1ff)
        for round in 0..<400 {
            let a = RandomSchema.make(&random)
            let b = RandomSchema.mutate(a, &random)
            for advisor in [Neutral() as any DiffAdvisor, RebuildingAdvisor()] {
                let forward = SchemaDiffer(advisor: advisor).plan(from: a, to: b)
                let ordered = advisor.reordersColumns
                let applied = try ModelApplier.apply(forward.changes, to: a)
                #expect(same(applied, b, ordered), "round \(round): \(applied.differences(to: b).map(\.description))")
                let back = SchemaDiffer(advisor: advisor).plan(from: b, to: a)
                let reverted = try ModelApplier.apply(back.changes, to: b)
                #expect(same(reverted, a, ordered), "round \(round) reverse: \(reverted.differences(to: a).map(\.description))")
                #expect(SchemaDiffer(advisor: advisor).plan(from: a, to: a).isEmpty)
            }
        }
    }
}

/// Equal, or equal but for column order where the engine cannot reorder (a column dropped
/// and added back lands at the end).
private func same(_ a: Schema, _ b: Schema, _ ordered: Bool) -> Bool {
    if ordered { return a == b }
    func sorted(_ s: Schema) -> Schema {
        var s = s
        s.tables = s.tables.map { t in var t = t; t.columns.sort { $0.name < $1.name }; return t }
        return s
    }
    return sorted(a) == sorted(b)
}

