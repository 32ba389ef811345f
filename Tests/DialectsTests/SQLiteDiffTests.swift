import Dialects
import Drivers
import Foundation
import SQLText
import Schema
import SchemaDiff
import StrataTestSupport
import Testing

/// SQLite's side of the differ on real databases: every change it makes in place, every
/// one it rebuilds for, proven both ways and applied over rows.
@Suite("SQLite diff")
struct SQLiteDiffTests {
    static let base = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER);"
    static let seed = "INSERT INTO t (id, a, b) VALUES (1, 'one', 10), (2, 'two', 20), (3, NULL, NULL);"

    static func rebuilds(_ outcome: DiffProof.Outcome) -> Bool {
        outcome.rendered.plan.changes.contains { change in
            if case .rebuildTable = change.kind { return true }
            return false
        }
    }

    static func statements(_ outcome: DiffProof.Outcome) -> String {
        outcome.rendered.forwardStatements.joined(separator: ";\n")
    }

    // MARK: - In place

    @Test("a nullable column is added in place")
    func addNullableColumn() async throws {
        let outcome = try await DiffProof.check(.sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT);", seed: Self.seed)
        #expect(!Self.rebuilds(outcome))
        #expect(outcome.rendered.forwardStatements == [#"ALTER TABLE "t" ADD COLUMN "c" TEXT"#])
    }

    @Test("a NOT NULL column with a default is added in place")
    func addNotNullColumnWithDefault() async throws {
        let outcome = try await DiffProof.check(.sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c INTEGER NOT NULL DEFAULT 7);", seed: Self.seed)
        #expect(!Self.rebuilds(outcome))
        #expect(Self.statements(outcome).contains("ADD COLUMN \"c\" INTEGER NOT NULL DEFAULT 7"))
    }

    @Test("a column with a clock default rebuilds")
    func addColumnThatNeedsRebuild() async throws {
        let outcome = try await DiffProof.check(.sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c TEXT DEFAULT CURRENT_TIMESTAMP);", seed: Self.seed)
        #expect(Self.rebuilds(outcome))
    }

    @Test("a column that nothing names is dropped in place")
    func dropColumn() async throws {
        let outcome = try await DiffProof.check(.sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);", seed: Self.seed)
        #expect(!Self.rebuilds(outcome))
        #expect(outcome.rendered.forwardStatements == [#"ALTER TABLE "t" DROP COLUMN "b""#])
    }

    @Test("a column in an index or a check rebuilds when dropped")
    func dropIndexedColumn() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER CHECK (b > 0));",
            to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);",
            seed: "INSERT INTO t VALUES (1, 'x', 5);")
        #expect(Self.rebuilds(outcome))
    }

    @Test("a declared column rename is RENAME COLUMN")
    func renameColumn() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, alpha TEXT, b INTEGER);", seed: Self.seed,
            renames: [.column(table: "t", from: "a", to: "alpha")])
        #expect(outcome.rendered.forwardStatements == [#"ALTER TABLE "t" RENAME COLUMN "a" TO "alpha""#])
    }

    @Test("a declared table rename is RENAME TO, and keys follow it")
    func renameTable() async throws {
        let outcome = try await DiffProof.check(
            .sqlite,
            from: Self.base + "CREATE TABLE k (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t(id));",
            to: "CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT, b INTEGER); CREATE TABLE k (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES u(id));",
            seed: Self.seed + "INSERT INTO k VALUES (1, 1);", renames: [.table(from: "t", to: "u")])
        #expect(outcome.rendered.forwardStatements == [#"ALTER TABLE "t" RENAME TO "u""#])
    }

    @Test("unique, partial and expression indexes are created and dropped in place")
    func indexes() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base,
            to: Self.base + """
                CREATE UNIQUE INDEX t_a ON t (a);
                CREATE INDEX t_b_partial ON t (b) WHERE b > 10;
                CREATE INDEX t_lower_a ON t (lower(a), b DESC);
                """,
            seed: Self.seed)
        #expect(!Self.rebuilds(outcome))
        #expect(outcome.rendered.forwardStatements.count == 3)
        #expect(outcome.rendered.reverseStatements.allSatisfy { $0.hasPrefix("DROP INDEX") })
    }

    // MARK: - Rebuilds

    @Test("a type change rebuilds, keeping rows and indexes")
    func changeType() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base + "CREATE INDEX t_b ON t (b);",
            to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(20), b INTEGER); CREATE INDEX t_b ON t (b);", seed: Self.seed)
        #expect(Self.rebuilds(outcome))
        #expect(outcome.rendered.forwardNeedsForeignKeysOff)
        #expect(outcome.rendered.plan.changes.contains { $0.findings.contains { $0.rule == "sqlite-rebuild" && $0.changeClass == .locking } })
    }

    @Test("making a column NOT NULL rebuilds")
    func makeNotNull() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '', b INTEGER);",
            seed: "INSERT INTO t (id, a) VALUES (1, 'one'), (2, 'two');")
        #expect(Self.rebuilds(outcome))
    }

    @Test("adding and dropping a foreign key rebuilds")
    func foreignKey() async throws {
        let parent = "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);"
        let outcome = try await DiffProof.check(
            .sqlite, from: parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);",
            to: parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);",
            seed: "INSERT INTO p VALUES (1, 'x'), (2, 'y'); INSERT INTO c VALUES (1, 1), (2, 2), (3, NULL);")
        #expect(Self.rebuilds(outcome))
        #expect(outcome.rendered.reverse.contains { step in
            if case .rebuildTable = step.change.kind { return true }
            return false
        })
    }

    @Test("adding and dropping a check rebuilds")
    func check() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, CONSTRAINT b_small CHECK (b < 100));",
            seed: Self.seed)
        #expect(Self.rebuilds(outcome))
    }

    @Test("changing the primary key rebuilds")
    func primaryKey() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER);",
            to: "CREATE TABLE t (id INTEGER NOT NULL, a TEXT NOT NULL, b INTEGER, PRIMARY KEY (id, a));",
            seed: "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20);")
        #expect(Self.rebuilds(outcome))
    }

    @Test("a rebuild keeps STRICT and WITHOUT ROWID")
    func optionsKept() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a TEXT, b INTEGER) STRICT, WITHOUT ROWID;",
            to: "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a TEXT NOT NULL DEFAULT 'x', b INTEGER) STRICT, WITHOUT ROWID;",
            seed: "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20);")
        #expect(Self.rebuilds(outcome))
        #expect(Self.statements(outcome).contains("STRICT, WITHOUT ROWID"))
    }

    @Test("STRICT switched on and off rebuilds")
    func strictToggled() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER) STRICT;", seed: Self.seed)
        #expect(Self.rebuilds(outcome))
    }

    @Test("WITHOUT ROWID switched on and off rebuilds")
    func withoutRowIDToggled() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a TEXT, b INTEGER);",
            to: "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a TEXT, b INTEGER) WITHOUT ROWID;", seed: Self.seed)
        #expect(Self.rebuilds(outcome))
    }

    @Test("a new column order rebuilds")
    func columnOrder() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: "CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER, a TEXT);", seed: Self.seed)
        #expect(Self.rebuilds(outcome))
    }

    @Test("a rebuild without an integer key keeps the rowids")
    func rowIDsKept() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            let from = "CREATE TABLE t (a TEXT, b INTEGER);"
            let to = "CREATE TABLE t (a TEXT NOT NULL DEFAULT '', b INTEGER);"
            let dialect = SQLiteDialect()
            let rendered = dialect.renderPlan(
                from: try await DiffProof.load(from, on: database, dialect: dialect),
                to: try await DiffProof.load(to, on: database, dialect: dialect))
            try await SchemaRoundTrip.run(script: from + "INSERT INTO t VALUES ('x', 1), ('y', 2), ('z', 3); DELETE FROM t WHERE b = 2;", on: database)
            let before = try await DiffProof.rows("SELECT rowid, a, b FROM t ORDER BY rowid", on: database)
            let connection = try await database.connect()
            try await SchemaApplier.apply(rendered.forwardStatements, on: connection, dialect: dialect, foreignKeysOff: true)
            try await connection.close()
            #expect(try await DiffProof.rows("SELECT rowid, a, b FROM t ORDER BY rowid", on: database) == before)
        }
    }

    // MARK: - Whole objects

    @Test("tables with foreign keys are created and dropped")
    func createAndDropTables() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base,
            to: Self.base + """
                CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p(id) ON DELETE CASCADE);
                CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);
                CREATE INDEX c_p ON c (p_id);
                """,
            seed: Self.seed)
        #expect(outcome.rendered.forwardStatements.filter { $0.hasPrefix("CREATE TABLE") }.count == 2)
        #expect(outcome.rendered.reverseStatements.filter { $0.hasPrefix("DROP TABLE") }.count == 2)
    }

    @Test("views are created and dropped")
    func views() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base, to: Self.base + "CREATE VIEW big AS SELECT id, a FROM t WHERE b > 10;", seed: Self.seed)
        #expect(outcome.rendered.forwardStatements.count == 1)
        #expect(outcome.rendered.reverseStatements == [#"DROP VIEW "big""#])
    }

    @Test("triggers are created and dropped")
    func triggers() async throws {
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base + "CREATE TABLE log (what TEXT);",
            to: Self.base + "CREATE TABLE log (what TEXT); CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END;",
            seed: Self.seed)
        #expect(outcome.rendered.forwardStatements.count == 1)
        #expect(outcome.rendered.reverseStatements == [#"DROP TRIGGER IF EXISTS "t_log""#])
    }

    @Test("a table with a trigger is still rebuilt, and the trigger re-created")
    func rebuildWithTrigger() async throws {
        let trigger = "CREATE TABLE log (what TEXT); CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END;"
        let outcome = try await DiffProof.check(
            .sqlite, from: Self.base + trigger,
            to: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '', b INTEGER);" + trigger,
            seed: "INSERT INTO t (id, a) VALUES (1, 'one');")
        #expect(Self.rebuilds(outcome))
        #expect(outcome.rendered.forwardStatements.last?.hasPrefix("CREATE TRIGGER") == true)
    }
}

/// The rebuild that tools in this field got wrong: a parent with children that cascade
/// and set null, a trigger on it, a trigger of a child that writes to it, a view over
/// them all, an `AUTOINCREMENT` counter above the largest id, and enforcement on.
@Suite("SQLite diff: rebuilding a parent")
struct SQLiteDiffRebuildTests {
    static let schema = """
        CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, touched INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE child_cascade (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE, note TEXT);
        CREATE TABLE child_set_null (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL, note TEXT);
        CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
        CREATE TRIGGER parent_audit AFTER INSERT ON parent BEGIN INSERT INTO audit (what) VALUES ('parent ' || new.name); END;
        CREATE TRIGGER child_touch AFTER INSERT ON child_cascade BEGIN UPDATE parent SET touched = touched + 1 WHERE id = new.parent_id; END;
        CREATE VIEW family AS SELECT p.name, c.note FROM parent AS p JOIN child_cascade AS c ON c.parent_id = p.id
            UNION ALL SELECT p.name, s.note FROM parent AS p JOIN child_set_null AS s ON s.parent_id = p.id;
        """
    /// The parent gains a check and its name a type: a rebuild.
    static var target: String {
        schema.replacingOccurrences(
            of: "name TEXT NOT NULL, touched INTEGER NOT NULL DEFAULT 0)",
            with: "name VARCHAR(100) NOT NULL, touched INTEGER NOT NULL DEFAULT 0, CHECK (length(name) > 0))")
    }
    static let seed = """
        INSERT INTO parent (name) VALUES ('a'), ('b'), ('c');
        INSERT INTO child_cascade (parent_id, note) VALUES (1, 'a1'), (2, 'b1'), (2, 'b2'), (NULL, 'orphan');
        INSERT INTO child_set_null (parent_id, note) VALUES (1, 'a-n'), (2, 'b-n'), (NULL, 'none');
        DELETE FROM parent WHERE id = 3;
        """
    static let snapshots = [
        "SELECT * FROM parent ORDER BY id", "SELECT * FROM child_cascade ORDER BY id",
        "SELECT * FROM child_set_null ORDER BY id", "SELECT * FROM audit ORDER BY id",
        "SELECT * FROM family ORDER BY 1, 2", "SELECT name, seq FROM sqlite_sequence ORDER BY name",
    ]

    static func rows(_ sql: String, on connection: any Connection) async throws -> [String] {
        try await connection.query(sql).map { row in
            row.values.map { $0.string ?? "NULL" }.joined(separator: "|")
        }
    }

    static func snapshot(_ connection: any Connection) async throws -> [[String]] {
        var out: [[String]] = []
        for sql in snapshots { out.append(try await rows(sql, on: connection)) }
        return out
    }

    @Test("children, keys, triggers, view and the AUTOINCREMENT counter survive a rebuild of their parent")
    func rebuildParent() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            let dialect = SQLiteDialect()
            let from = try await DiffProof.load(Self.schema, on: database, dialect: dialect)
            let to = try await DiffProof.load(Self.target, on: database, dialect: dialect)
            let rendered = dialect.renderPlan(from: from, to: to)
            #expect(rendered.plan.changes.contains { change in
                guard case .rebuildTable(_, let table, _) = change.kind else { return false }
                return table.name == "parent" && change.findings.contains { $0.rule == "sqlite-rebuild" }
            })
            #expect(rendered.forwardNeedsForeignKeysOff)
            try await ScratchDatabase.with(like: database.url) { scratch in
                try await PlanProof.prove(rendered, from: from, to: to, dialect: dialect, on: scratch)
            }
            try await SchemaRoundTrip.run(script: Self.schema, on: database)
            let connection = try await database.connect()
            do {
                try await connection.execute("PRAGMA foreign_keys = ON")
                for statement in try SchemaRoundTripSplit.statements(Self.seed) { try await connection.execute(statement) }
                let before = try await Self.snapshot(connection)
                #expect(before[5] == ["parent|3"], "the counter is above the largest id")
                try await SchemaApplier.apply(rendered.forwardStatements, on: connection, dialect: dialect,
                                              foreignKeysOff: rendered.forwardNeedsForeignKeysOff)
                #expect(try await Self.snapshot(connection) == before)
                #expect(try await Self.rows("PRAGMA foreign_keys", on: connection) == ["1"])
                #expect(try await Self.rows("PRAGMA foreign_key_check", on: connection) == [])
                // The counter, the trigger on the parent and the child's trigger still work.
                try await connection.execute("INSERT INTO parent (name) VALUES ('d')")
                #expect(try await Self.rows("SELECT max(id) FROM parent", on: connection) == ["4"])
                #expect(try await Self.rows("SELECT what FROM audit ORDER BY id DESC LIMIT 1", on: connection) == ["parent d"])
                try await connection.execute("INSERT INTO child_cascade (parent_id, note) VALUES (4, 'd1')")
                #expect(try await Self.rows("SELECT touched FROM parent WHERE id = 4", on: connection) == ["1"])
                // The keys still point at the parent, with their actions.
                try await connection.execute("DELETE FROM parent WHERE id = 2")
                #expect(try await Self.rows("SELECT count(*) FROM child_cascade WHERE parent_id = 2", on: connection) == ["0"])
                #expect(try await Self.rows("SELECT note FROM child_set_null WHERE parent_id IS NULL ORDER BY note", on: connection) == ["b-n", "none"])
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
            let live = try await SchemaRoundTrip.inspect(database).schema
            #expect(dialect.differ.plan(from: live, to: to).changes.map(\.summary) == [])
        }
    }

    @Test("suspending foreign keys inside an open transaction throws")
    func suspendInsideTransaction() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            let suspension = try #require(SQLiteDialect().foreignKeySuspension)
            let connection = try await database.connect()
            try await connection.execute("PRAGMA foreign_keys = ON")
            try await connection.execute("BEGIN")
            let error = await #expect(throws: DatabaseError.self) { try await suspension.suspend(on: connection) }
            #expect(error?.message.contains("could not switch foreign keys off") == true)
            try await connection.execute("ROLLBACK")
            #expect(try await Self.rows("PRAGMA foreign_keys", on: connection) == ["1"])
            try await connection.close()
        }
    }

    @Test("a rebuild that leaves a row pointing nowhere fails in verify and is rolled back")
    func violationRollsBack() async throws {
        try await TestEngine.sqlite.withDatabase { database in
            let dialect = SQLiteDialect()
            let parent = "CREATE TABLE p (id INTEGER PRIMARY KEY);"
            let fromScript = parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);"
            let toScript = parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));"
            let from = try await DiffProof.load(fromScript, on: database, dialect: dialect)
            let rendered = dialect.renderPlan(from: from, to: try await DiffProof.load(toScript, on: database, dialect: dialect))
            try await SchemaRoundTrip.run(script: fromScript + "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1), (2, 99);", on: database)
            let connection = try await database.connect()
            try await connection.execute("PRAGMA foreign_keys = ON")
            let error = await #expect(throws: DatabaseError.self) {
                try await SchemaApplier.apply(rendered.forwardStatements, on: connection, dialect: dialect,
                                              foreignKeysOff: rendered.forwardNeedsForeignKeysOff)
            }
            #expect(error?.message.contains("row 2 of c") == true)
            #expect(error?.message.contains("of p") == true)
            #expect(try await Self.rows("PRAGMA foreign_keys", on: connection) == ["1"])
            #expect(try await Self.rows("SELECT * FROM c ORDER BY id", on: connection) == ["1|1", "2|99"])
            try await connection.close()
            let live = try await SchemaRoundTrip.inspect(database).schema
            #expect(PlanProof.differences(expected: from, actual: live, advisor: dialect.diffAdvisor) == [])
        }
    }
}

/// The statements of a script, split as SQLite's splitter does.
enum SchemaRoundTripSplit {
    static func statements(_ script: String) throws -> [String] {
        try SQLSplitter(dialect: .sqlite).split(script).map(\.text)
    }
}
