import Dialects
import Drivers
import Schema
import SchemaDiff
import StrataTestSupport
import Testing

/// PostgreSQL's side of the differ on the real server: every change kind rendered, proven
/// forward and back on a scratch schema, applied over rows, and converging.
// One test at a time: each opens several connections (scratch schemas, proofs), and a burst
// of TLS handshakes from every suite at once made connects time out on the 2-core CI machine.
@Suite("PostgresDiff", .serialized)
struct PostgresDiffTests {
    // MARK: - Helpers

    /// The rules of the plan's changes, each change's rules joined by `,`.
    static func rules(_ outcome: DiffProof.Outcome) -> [String] {
        outcome.rendered.plan.changes.map { $0.findings.map(\.rule).joined(separator: ",") }
    }

    /// Every rule of the plan.
    static func allRules(_ outcome: DiffProof.Outcome) -> Set<String> {
        Set(outcome.rendered.plan.changes.flatMap { $0.findings.map(\.rule) })
    }

    static func statements(_ outcome: DiffProof.Outcome) -> String {
        outcome.rendered.forwardStatements.joined(separator: ";\n")
    }

    /// Plans `from` → `to`, applies the forward plan over `seed` and requires a second diff
    /// to be empty, without the reverse proof: for a change PostgreSQL cannot undo (an
    /// enumeration label stays).
    static func forward(
        from: String, to: String, seed: String = "", verify: ((TestDatabase) async throws -> Void)? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> RenderedPlan {
        let database = try await PostgresSchemaSupport.makeDatabase()
        do {
            let dialect = try await SchemaRoundTrip.dialect(of: database)
            let before = try await DiffProof.load(from, on: database, dialect: dialect)
            let after = try await DiffProof.load(to, on: database, dialect: dialect)
            let rendered = dialect.renderPlan(from: before, to: after)
            if !from.isEmpty { try await SchemaRoundTrip.run(script: from, on: database) }
            if !seed.isEmpty { try await SchemaRoundTrip.run(script: seed, on: database) }
            try await SchemaRoundTrip.apply(rendered.forwardStatements, to: database)
            let live = try await SchemaRoundTrip.inspect(database).schema
            let again = dialect.differ.plan(from: live, to: after)
            #expect(again.changes.map(\.summary) == [], "a second diff is not empty", sourceLocation: sourceLocation)
            if let verify { try await verify(database) }
            await database.drop()
            return rendered
        } catch {
            await database.drop()
            throw error
        }
    }

    // MARK: - Advisor

    @Test func typeChangesKnowPostgresWidenings() {
        let advisor = PostgresDialect().diffAdvisor
        let varchar = ColumnType.custom("character varying")
        #expect(advisor.typeChange(from: .string(length: 10), to: varchar) == .widening)
        #expect(advisor.typeChange(from: varchar, to: .text) == .widening)
        #expect(advisor.typeChange(from: varchar, to: .string(length: 10)) == .narrowing)
        #expect(advisor.typeChange(from: .decimal(precision: 8, scale: 2), to: .decimal()) == .widening)
        #expect(advisor.typeChange(from: .enumType(name: "mood"), to: .text) == .widening)
        #expect(advisor.typeChange(from: .int, to: .bigint) == .widening)
        #expect(advisor.typeChange(from: .text, to: .int) == .incompatible)
        #expect(!advisor.reordersColumns)
        #expect(advisor.foreignKeysNeedTargets)
    }

    @Test func onlyVolatileDefaultsRewriteOnAdd() {
        let advisor = PostgresDialect().diffAdvisor
        let table = Table(name: "t", columns: [Column("id", .int)])
        let schema = Schema(tables: [table])
        func rules(_ value: ColumnDefault) -> [String] {
            let change = SchemaChange.Kind.addColumn(table: "t", Column("c", .uuid, default: value))
            return advisor.engineFindings(for: change, from: schema, to: schema).map(\.rule)
        }
        #expect(rules(.expression("gen_random_uuid()")) == ["pg-volatile-default"])
        #expect(rules(.expression("(random() * 10)")) == ["pg-volatile-default"])
        #expect(rules(.expression("clock_timestamp()")) == ["pg-volatile-default"])
        #expect(rules(.currentTimestamp) == [])
        #expect(rules(.string("x")) == [])
        #expect(rules(.expression("'{}'::jsonb")) == [])
    }

    // MARK: - Enumeration types and sequences

    @Test func changedFunctionIsReplacedBeforeItsUsers() async throws {
        let function = { (n: Int) in "CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT \(n) $$;" }
        let outcome = try await DiffProof.check(
            .postgres,
            from: function(1) + "\nCREATE TABLE t (id int PRIMARY KEY, v int DEFAULT answer());",
            to: function(2) + "\nCREATE TABLE t (id int PRIMARY KEY, v int DEFAULT answer());")
        #expect(outcome.rendered.plan.changes.contains { $0.rule == "add-object" })
    }

    @Test func enumTypeCreatedAndDropped() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int PRIMARY KEY)",
            to: """
                CREATE TYPE mood AS ENUM ('sad', 'happy');
                COMMENT ON TYPE mood IS 'how it feels';
                CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'happy');
                """,
            seed: "INSERT INTO t VALUES (1)"
        )
        #expect(Self.rules(outcome) == ["add-enum-type", "add-column"])
        #expect(outcome.rendered.reverse.map(\.change.rule) == ["drop-column", "drop-enum-type"])
    }

    @Test func enumValuesAddedBeforeAfterAndAtTheEnd() async throws {
        let rendered = try await Self.forward(
            from: "CREATE TYPE mood AS ENUM ('b', 'd'); CREATE TABLE t (m mood)",
            to: "CREATE TYPE mood AS ENUM ('a', 'b', 'c', 'd', 'e'); CREATE TABLE t (m mood)",
            seed: "INSERT INTO t VALUES ('b'), ('d')"
        )
        #expect(rendered.plan.changes.map(\.rule) == ["add-enum-value"])
        #expect(rendered.plan.changes.allSatisfy { $0.classes == [.safe] })
        #expect(rendered.forwardStatements == [
            "ALTER TYPE \"mood\" ADD VALUE 'a' BEFORE 'b'",
            "ALTER TYPE \"mood\" ADD VALUE 'c' AFTER 'b'",
            "ALTER TYPE \"mood\" ADD VALUE 'e'",
        ])
    }

    @Test func sequencesCreatedAlteredAndDropped() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE SEQUENCE s START 5; CREATE SEQUENCE gone; CREATE SEQUENCE back INCREMENT -1",
            to: """
                CREATE SEQUENCE s START 10 INCREMENT 2 CACHE 5 CYCLE;
                CREATE SEQUENCE back;
                CREATE SEQUENCE n AS integer MAXVALUE 1000;
                COMMENT ON SEQUENCE n IS 'numbers';
                CREATE TABLE t (id int, k bigint);
                CREATE SEQUENCE owned OWNED BY t.k;
                """
        )
        let rules = Self.rules(outcome)
        #expect(rules.filter { $0 == "alter-sequence" }.count == 2)
        #expect(rules.contains("add-sequence"))
        #expect(rules.contains("drop-sequence"))
        #expect(Self.statements(outcome).contains("ALTER SEQUENCE \"owned\" OWNED BY \"t\".\"k\""))
    }

    // MARK: - Tables

    @Test func tableCreatedWithIndexesKeysAndCommentsThenDropped() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE parent (id int PRIMARY KEY)",
            to: """
                CREATE TABLE parent (id int PRIMARY KEY);
                CREATE TABLE child (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  parent_id int NOT NULL REFERENCES parent ON DELETE CASCADE,
                  code varchar(20) UNIQUE,
                  n int CHECK (n > 0)
                ) WITH (fillfactor = 80);
                CREATE INDEX child_code_lower ON child (lower(code)) WHERE n > 1;
                COMMENT ON TABLE child IS 'children';
                COMMENT ON COLUMN child.code IS 'the code';
                """
        )
        #expect(Self.rules(outcome) == ["add-table"])
        #expect(outcome.rendered.reverse.map(\.change.rule) == ["drop-table"])
    }

    @Test func tableRenamedKeepsItsRows() async throws {
        try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE old_t (id serial PRIMARY KEY, name text UNIQUE); CREATE TABLE r (id int REFERENCES old_t)",
            to: "CREATE TABLE new_t (id serial PRIMARY KEY, name text UNIQUE); CREATE TABLE r (id int REFERENCES new_t)",
            seed: "INSERT INTO old_t (name) VALUES ('a'), ('b'); INSERT INTO r VALUES (1)",
            renames: [.table(from: "old_t", to: "new_t")],
            verify: { database in
                #expect(try await DiffProof.rows("SELECT id, name FROM new_t ORDER BY id", on: database) == ["1|a", "2|b"])
                try await SchemaRoundTrip.run(script: "INSERT INTO new_t (name) VALUES ('c')", on: database)
                #expect(try await DiffProof.rows("SELECT id FROM new_t WHERE name = 'c'", on: database) == ["3"])
            }
        )
    }

    @Test func tableOptionsAndCommentChange() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (id int) WITH (fillfactor = 70, autovacuum_enabled = false); COMMENT ON TABLE t IS 'old'",
            to: "CREATE UNLOGGED TABLE t (id int) WITH (fillfactor = 90, toast_tuple_target = 4096)",
            seed: "INSERT INTO t VALUES (1)"
        )
        #expect(Self.rules(outcome) == ["alter-table-options", "set-comment"])
    }

    // MARK: - Columns

    @Test func columnAddedAndDropped() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int PRIMARY KEY, old text)",
            to: "CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'x', at timestamptz NOT NULL DEFAULT now())",
            seed: "INSERT INTO t VALUES (1, 'a')"
        )
        #expect(Set(Self.rules(outcome)) == ["add-column", "drop-column"])
        #expect(!Self.allRules(outcome).contains("pg-volatile-default"))
    }

    @Test func columnRenamedKeepsItsValues() async throws {
        try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (id serial PRIMARY KEY, mail varchar(100) NOT NULL)",
            to: "CREATE TABLE t (id serial PRIMARY KEY, email varchar(100) NOT NULL)",
            seed: "INSERT INTO t (mail) VALUES ('a@x'), ('b@x')",
            renames: [.column(table: "t", from: "mail", to: "email")],
            verify: { database in
                let rows = try await DiffProof.rows("SELECT id, email FROM t ORDER BY id", on: database)
                #expect(rows == ["1|a@x", "2|b@x"])
            }
        )
    }

    @Test func serialColumnRenamedKeepsItsSequence() async throws {
        try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (n serial, v text)", to: "CREATE TABLE t (num serial, v text)",
            seed: "INSERT INTO t (v) VALUES ('a')", renames: [.column(table: "t", from: "n", to: "num")],
            verify: { database in
                try await SchemaRoundTrip.run(script: "INSERT INTO t (v) VALUES ('b')", on: database)
                #expect(try await DiffProof.rows("SELECT num FROM t ORDER BY num", on: database) == ["1", "2"])
            }
        )
    }

    @Test func varcharWideningIsSafeAndDoesNotRewrite() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (a varchar(10), b varchar(10), c numeric(8,2))",
            to: "CREATE TABLE t (a varchar(50), b text, c numeric(12,2))",
            seed: "INSERT INTO t VALUES ('x', 'y', 1.5)"
        )
        #expect(Self.rules(outcome) == ["widen-type", "widen-type", "widen-type"])
        #expect(outcome.rendered.plan.changes.allSatisfy { $0.classes == [.safe] })
        #expect(!Self.statements(outcome).contains("USING"))
    }

    @Test func integerWideningRewritesTheTable() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int PRIMARY KEY, n int)", to: "CREATE TABLE t (id int PRIMARY KEY, n bigint)",
            seed: "INSERT INTO t VALUES (1, 10)"
        )
        #expect(Self.rules(outcome) == ["widen-type,pg-type-rewrite"])
        #expect(outcome.rendered.plan.changes.first?.classes == [.safe, .locking])
        #expect(Self.statements(outcome).contains("ALTER COLUMN \"n\" TYPE bigint USING \"n\"::bigint"))
    }

    @Test func narrowingIsDestructive() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (v varchar(50))", to: "CREATE TABLE t (v varchar(10))",
            seed: "INSERT INTO t VALUES ('short')"
        )
        #expect(Self.rules(outcome) == ["narrow-type,pg-type-rewrite"])
        #expect(outcome.rendered.plan.changes.first?.isDestructive == true)
    }

    @Test func incompatibleTypeChangeUsesACast() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (v text DEFAULT '0')", to: "CREATE TABLE t (v integer DEFAULT 0)",
            seed: "INSERT INTO t VALUES ('12')",
            verify: { database in
                let rows = try await DiffProof.rows("SELECT v + 1 FROM t", on: database)
                #expect(rows == ["13"])
            }
        )
        #expect(Self.rules(outcome) == ["change-type,pg-type-rewrite"])
        #expect(Self.statements(outcome).contains("USING \"v\"::integer"))
    }

    @Test func notNullAddedIsDataDependentAndScans() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int, v text)", to: "CREATE TABLE t (id int, v text NOT NULL)",
            seed: "INSERT INTO t VALUES (1, 'a')"
        )
        #expect(Self.rules(outcome) == ["add-not-null,pg-set-not-null"])
        #expect(outcome.rendered.plan.changes.first?.classes == [.dataDependent, .locking])
    }

    @Test func defaultCollationAndCommentChange() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (a text DEFAULT 'x', b int, c text); COMMENT ON COLUMN t.c IS 'old'",
            to: "CREATE TABLE t (a text, b int DEFAULT 5, c text COLLATE \"C\"); COMMENT ON COLUMN t.c IS 'new'",
            seed: "INSERT INTO t VALUES ('q', 1, 'z')"
        )
        #expect(Self.rules(outcome) == ["alter-column", "alter-column", "alter-column"])
    }

    @Test func volatileDefaultOnAnExistingTableRewrites() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int)",
            to: "CREATE TABLE t (id int, token uuid NOT NULL DEFAULT gen_random_uuid(), at timestamptz DEFAULT now())",
            seed: "INSERT INTO t VALUES (1)"
        )
        #expect(Self.rules(outcome) == ["add-column,pg-volatile-default", "add-column"])
    }

    // MARK: - Identity and serial

    @Test func identityAddedToAColumnWithRows() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id int NOT NULL, v text)",
            to: "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY, v text)",
            seed: "INSERT INTO t VALUES (1, 'a'), (7, 'b')",
            verify: { database in
                try await SchemaRoundTrip.run(script: "INSERT INTO t (v) VALUES ('c')", on: database)
                #expect(try await DiffProof.rows("SELECT id FROM t WHERE v = 'c'", on: database) == ["8"])
            }
        )
        #expect(Self.rules(outcome) == ["alter-column"])
        #expect(Self.statements(outcome).contains("ADD GENERATED BY DEFAULT AS IDENTITY"))
    }

    @Test func identityKindsAndOptionsChange() async throws {
        try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY, b int GENERATED BY DEFAULT AS IDENTITY, c int GENERATED BY DEFAULT AS IDENTITY (START WITH 10))",
            to: "CREATE TABLE t (a int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5), b serial, c bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10 MAXVALUE 100000))",
            seed: "INSERT INTO t DEFAULT VALUES"
        )
    }

    @Test func serialBecomesIdentityAndWidens() async throws {
        try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id serial PRIMARY KEY, n smallserial)",
            to: "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial)",
            seed: "INSERT INTO t DEFAULT VALUES; INSERT INTO t DEFAULT VALUES"
        )
    }

    @Test func serialWidenedKeepsItsSequenceInStep() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (id serial PRIMARY KEY)", to: "CREATE TABLE t (id bigserial PRIMARY KEY)",
            seed: "INSERT INTO t DEFAULT VALUES"
        )
        #expect(Self.statements(outcome).contains("ALTER SEQUENCE \"t_id_seq\" AS bigint"))
    }

    // MARK: - Keys, constraints, indexes

    @Test func primaryKeyAddedDroppedAndReplaced() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE a (id int); CREATE TABLE b (id int PRIMARY KEY); CREATE TABLE c (x int PRIMARY KEY, y int NOT NULL)",
            to: "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int); CREATE TABLE c (x int, y int CONSTRAINT c_y_pk PRIMARY KEY)",
            seed: "INSERT INTO a VALUES (1); INSERT INTO b VALUES (1); INSERT INTO c VALUES (1, 2)"
        )
        let rules = Self.allRules(outcome)
        #expect(rules.isSuperset(of: ["add-primary-key", "set-primary-key", "pg-key-builds-index"]))
    }

    @Test func uniqueAddedIsDataDependent() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "CREATE TABLE t (a int, b int, c int UNIQUE)",
            to: "CREATE TABLE t (a int UNIQUE, b int, c int, UNIQUE NULLS NOT DISTINCT (a, b))",
            seed: "INSERT INTO t VALUES (1, 1, 1), (2, 1, 2)"
        )
        let adds = outcome.rendered.plan.changes.filter { $0.rule == "add-unique" }
        #expect(adds.count == 2)
        #expect(adds.allSatisfy { $0.classes == [.dataDependent, .locking] })
        #expect(adds.allSatisfy { $0.findings.contains { $0.rule == "pg-key-builds-index" } })
        #expect(outcome.rendered.plan.changes.contains { $0.rule == "drop-unique" })
    }

    @Test func indexesAddedWithTheirClausesAndDropped() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (a int, b text, c jsonb); CREATE INDEX t_old ON t (a)",
            to: """
                CREATE TABLE t (a int, b text, c jsonb);
                CREATE UNIQUE INDEX t_a_b ON t (a DESC NULLS LAST) INCLUDE (b) NULLS NOT DISTINCT WHERE a > 0;
                CREATE INDEX t_c ON t USING gin (c) WITH (fastupdate = off);
                CREATE INDEX t_lower ON t (lower(b) text_pattern_ops);
                COMMENT ON INDEX t_c IS 'json';
                """,
            seed: "INSERT INTO t VALUES (1, 'x', '{}')"
        )
        let adds = outcome.rendered.plan.changes.filter { $0.kind.rule == "add-index" }
        #expect(adds.count == 3)
        #expect(adds.allSatisfy { $0.findings.contains { $0.rule == "pg-index-not-concurrent" && $0.changeClass == .locking } })
        #expect(outcome.rendered.plan.changes.contains { $0.rule == "drop-index" })
    }

    @Test func indexOnANewTableDoesNotLock() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: "", to: "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a)"
        )
        #expect(!Self.allRules(outcome).contains("pg-index-not-concurrent"))
    }

    @Test func foreignKeyAndCheckAddedScanUnderLock() async throws {
        let outcome = try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int, n int CHECK (n < 100))",
            to: """
                CREATE TABLE p (id int PRIMARY KEY);
                CREATE TABLE c (id int, p_id int REFERENCES p ON UPDATE CASCADE DEFERRABLE, n int CHECK (n > 0));
                """,
            seed: "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1, 5)"
        )
        let rules = Self.allRules(outcome)
        #expect(rules.isSuperset(of: ["add-foreign-key", "add-check", "drop-check", "pg-constraint-validation"]))
    }

    // MARK: - Views and carried objects

    @Test func viewsCreatedDroppedAndRecreatedOverAChangedTable() async throws {
        try await DiffProof.check(
            .postgres,
            from: "CREATE TABLE t (id int, v varchar(10)); CREATE VIEW old_v AS SELECT id FROM t; CREATE VIEW tv AS SELECT id, v FROM t",
            to: "CREATE TABLE t (id int, v varchar(20)); CREATE VIEW new_v AS SELECT id FROM t WHERE id > 0; CREATE VIEW tv AS SELECT id, v FROM t",
            seed: "INSERT INTO t VALUES (1, 'a')"
        )
    }

    @Test func triggersAndFunctionsCarried() async throws {
        let function = """
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := NEW.n + 1; RETURN NEW; END $$;
            """
        try await DiffProof.check(
            .postgres, from: function + "CREATE TABLE t (n int)",
            to: function + """
                CREATE TABLE t (n int);
                CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
                """,
            verify: { database in
                try await SchemaRoundTrip.run(script: "INSERT INTO t VALUES (1)", on: database)
                #expect(try await DiffProof.rows("SELECT n FROM t", on: database) == ["2"])
            }
        )
    }

    // MARK: - Convergence

    /// The defaults and names PostgreSQL rewrites come back as the model says, so a plan
    /// that creates them is followed by an empty diff.
    static func rewrittenDefaults(extra: String = "") -> String {
        """
        CREATE TABLE p (id serial PRIMARY KEY);
        CREATE TABLE t (
          id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          a timestamptz DEFAULT now(),
          b timestamp DEFAULT CURRENT_TIMESTAMP,
          c uuid DEFAULT gen_random_uuid(),
          d jsonb DEFAULT '{}'::jsonb,
          e text DEFAULT 'x'::text,
          f varchar(10) DEFAULT 'y',
          g int UNIQUE CHECK (g > 0),
          h int REFERENCES p,
          i text[] DEFAULT '{}',
          j numeric(10,2) DEFAULT 1.50,
          k boolean DEFAULT 'true'\(extra)
        );
        """
    }

    @Test func rewrittenDefaultsAndNamesConverge() async throws {
        let outcome = try await DiffProof.check(.postgres, from: "", to: Self.rewrittenDefaults())
        #expect(Self.rules(outcome) == ["add-table", "add-table"])
    }

    @Test func rewrittenDefaultsOnAnExistingTableConverge() async throws {
        let outcome = try await DiffProof.check(
            .postgres, from: Self.rewrittenDefaults(), to: Self.rewrittenDefaults(extra: ", l int")
        )
        #expect(outcome.rendered.plan.changes.map(\.summary) == ["add column t.l (int, nullable)"])
    }

    @Test func applyingOneDesiredSchemaTwiceAddsNothing() async throws {
        let desired = """
            CREATE TABLE p (id int PRIMARY KEY);
            CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int REFERENCES p CHECK (b > 0));
            CREATE INDEX t_b ON t (b);
            """
        try await DiffProof.check(
            .postgres, from: "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, a int, b int)", to: desired,
            verify: { database in
                // A second plan from the database to the same desired schema, applied again.
                let dialect = try await SchemaRoundTrip.dialect(of: database)
                let live = try await SchemaRoundTrip.inspect(database).schema
                let target = try await DiffProof.load(desired, on: database, dialect: dialect)
                let again = dialect.renderPlan(from: live, to: target)
                #expect(again.forwardStatements == [])
                let names = try await DiffProof.rows(
                    "SELECT conname FROM pg_constraint WHERE connamespace = '\(database.name)'::regnamespace ORDER BY conname",
                    on: database
                )
                #expect(names == ["p_pkey", "t_a_key", "t_b_check", "t_b_fkey", "t_pkey"])
                let indexes = try await DiffProof.rows(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = '\(database.name)' AND tablename = 't' ORDER BY indexname",
                    on: database
                )
                #expect(indexes == ["t_a_key", "t_b", "t_pkey"])
            }
        )
    }
}
