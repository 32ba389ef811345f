import Dialects
import Drivers
import Schema
import StrataTestSupport
import Testing

/// The PostgreSQL inspector against the real server: the SQL corpus, unmodelled objects,
/// a fixed query count, Strata's own tables, privileges.
@Suite("PostgresSchemaLive")
struct PostgresSchemaLiveTests {
    static var corpusNames: [String] {
        (try? SchemaRoundTrip.corpus(.postgres).map(\.name)) ?? []
    }

    @Test(arguments: corpusNames)
    func corpusDumpRoundTrips(name: String) async throws {
        guard let script = try SchemaRoundTrip.corpus(.postgres).first(where: { $0.name == name })?.script else { return }
        let result = try await PostgresSchemaSupport.dumpRoundTrip(script: script)
        #expect(result.first == result.second, "dumps differ for \(name):\n\(result.first)\n---\n\(result.second)")
        if result.original.schema != result.copy.schema {
            Issue.record("\(name): \(SchemaRoundTrip.difference(result.original.schema, result.copy.schema))")
        }
        let normalizer = PostgresDialect().normalizer
        if normalizer.normalize(result.original.schema) != result.original.schema {
            Issue.record("\(name): the inspection is not a fixed point of normalize: \(SchemaRoundTrip.difference(normalizer.normalize(result.original.schema), result.original.schema))")
        }
        #expect(result.original.queryCount == PostgresInspector.queryCount)
    }

    @Test func corpusInOtherOrderDumpsTheSame() async throws {
        // The shop corpus with its statements' independent parts created in reverse order.
        let forward = """
            CREATE TABLE b (id int PRIMARY KEY, note text);
            CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b, n int CHECK (n > 0));
            CREATE INDEX a_n ON a (n);
            CREATE INDEX a_b ON a (b_id);
            CREATE VIEW v1 AS SELECT id FROM a;
            CREATE VIEW v2 AS SELECT id FROM b;
            CREATE SEQUENCE s1;
            CREATE SEQUENCE s2;
            """
        let backward = """
            CREATE SEQUENCE s2;
            CREATE SEQUENCE s1;
            CREATE TABLE b (id int PRIMARY KEY, note text);
            CREATE TABLE a (id int PRIMARY KEY, b_id int, n int);
            ALTER TABLE a ADD CONSTRAINT a_n_check CHECK (n > 0);
            ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b;
            CREATE INDEX a_b ON a (b_id);
            CREATE INDEX a_n ON a (n);
            CREATE VIEW v2 AS SELECT id FROM b;
            CREATE VIEW v1 AS SELECT id FROM a;
            """
        let one = try await PostgresSchemaSupport.dumpRoundTrip(script: forward)
        let two = try await PostgresSchemaSupport.dumpRoundTrip(script: backward)
        #expect(one.first == two.first)
        #expect(one.original.schema == two.original.schema)
    }

    @Test func unmodelledObjectsAreCarriedAndReported() async throws {
        guard let script = try SchemaRoundTrip.corpus(.postgres).first(where: { $0.name == "03_unmodelled.sql" })?.script else {
            Issue.record("03_unmodelled.sql is missing")
            return
        }
        let result = try await PostgresSchemaSupport.dumpRoundTrip(script: script)
        let schema = result.original.schema
        let expected: [(UnmodelledObject.Kind, String, String?)] = [
            (.trigger, "accounts_touch", "accounts"),
            (.trigger, "accounts_touch_insert", "accounts"),
            (.function, "touch_updated_at()", nil),
            (.function, "add_tax(amount numeric, rate numeric)", nil),
            (.function, "total(numeric)", nil),
            (.procedure, "archive_all()", nil),
            (.materializedView, "account_totals", nil),
            (.partition, "measurements", "measurements"),
            (.generatedColumn, "accounts.balance_cents", "accounts"),
            (.exclusionConstraint, "bookings_during_excl", "bookings"),
            (.policy, "accounts_owner", "accounts"),
            (.policy, "accounts_write", "accounts"),
            (.policy, "row level security", "accounts"),
            (.rule, "audit_log_no_delete", "audit_log"),
            (.customType, "positive_int", nil),
            (.customType, "short_code", nil),
            (.customType, "address", nil),
            (.customType, "float_range", nil),
            (UnmodelledObject.Kind(rawValue: "inheritance"), "trucks", "trucks"),
            (UnmodelledObject.Kind(rawValue: "constraint"), "accounts_balance_sane", "accounts"),
            (.other, "accounts.note", "accounts"),
            (.other, "accounts.owner", "accounts"),
            (.other, "guarded_accounts options", nil),
        ]
        for (kind, name, table) in expected {
            let object = schema.unmodelled.first { $0.kind == kind && $0.name == name }
            #expect(object != nil, "\(kind.rawValue) \(name) not carried")
            #expect(object?.definition.isEmpty == false)
            #expect(object?.table == table)
            #expect(result.original.warnings.contains { $0.kind == kind && $0.name == name }, "\(name) not in the warnings")
            if let table {
                #expect(schema.table(named: table)?.isUnsupported ?? (kind == .partition), "\(table) not marked unsupported")
            }
        }
        #expect(schema.table(named: "measurements") == nil)
        #expect(schema.table(named: "measurements_2024") == nil)
        #expect(schema.table(named: "accounts")?.column(named: "balance_cents") == nil)
        #expect(schema.table(named: "vehicles")?.isUnsupported == true)
        // The constructors PostgreSQL makes for a range type come with the type.
        #expect(!schema.unmodelled.contains { $0.name.hasPrefix("float_range(") || $0.name.hasPrefix("float_multirange(") })
        // The copy has them all again.
        let copied = Set(result.copy.schema.unmodelled.map { $0.kind.rawValue + " " + $0.name })
        #expect(copied == Set(schema.unmodelled.map { $0.kind.rawValue + " " + $0.name }))
    }

    @Test func extensionsAreCarried() async throws {
        let script = """
            CREATE EXTENSION IF NOT EXISTS citext;
            CREATE TABLE people (id int PRIMARY KEY, email citext NOT NULL UNIQUE);
            """
        let result = try await PostgresSchemaSupport.dumpRoundTrip(script: script, dropSourceFirst: true)
        let schema = result.original.schema
        #expect(schema.unmodelled.contains { $0.kind == .extension && $0.name == "citext" && $0.definition == "CREATE EXTENSION IF NOT EXISTS citext" })
        #expect(schema.table(named: "people")?.column(named: "email")?.type == .custom("citext"))
        // Functions of the extension are the extension's, not carried on their own.
        #expect(!schema.unmodelled.contains { $0.kind == .function })
        #expect(result.first == result.second)
    }

    @Test func queryCountIsFixed() async throws {
        func script(tables: Int) -> String {
            var text = "CREATE TYPE colour AS ENUM ('red', 'green');\n"
            for i in 0..<tables {
                text += "CREATE TABLE t\(i) (id serial PRIMARY KEY, parent int REFERENCES t\(max(0, i - 1)) (id), name text NOT NULL DEFAULT 'x', c colour, created timestamptz DEFAULT now());\n"
                text += "CREATE INDEX t\(i)_name ON t\(i) (name);\nCREATE INDEX t\(i)_lower ON t\(i) (lower(name)) WHERE parent IS NOT NULL;\n"
                text += "CREATE VIEW v\(i) AS SELECT id, name FROM t\(i);\n"
                text += "COMMENT ON TABLE t\(i) IS 'table \(i)';\n"
            }
            return text
        }
        var counts: [Int] = []
        for size in [3, 40] {
            try await PostgresSchemaSupport.withDatabase { database in
                try await SchemaRoundTrip.run(script: script(tables: size), on: database)
                let inspection = try await SchemaRoundTrip.inspect(database)
                #expect(inspection.schema.tables.count == size)
                #expect(inspection.schema.views.count == size)
                counts.append(inspection.queryCount)
            }
        }
        #expect(counts == [PostgresInspector.queryCount, PostgresInspector.queryCount])
    }

    @Test func strataTablesAreLeftOut() async throws {
        try await PostgresSchemaSupport.withDatabase { database in
            try await SchemaRoundTrip.run(script: """
                CREATE TABLE strata_migrations (version text PRIMARY KEY);
                CREATE TABLE strata_migrations_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, version text REFERENCES strata_migrations);
                CREATE TABLE strata_migrations_meta (key text PRIMARY KEY, value text);
                CREATE INDEX strata_migrations_log_version ON strata_migrations_log (version);
                CREATE TABLE app (id int PRIMARY KEY);
                """, on: database)
            let schema = try await SchemaRoundTrip.inspect(database).schema
            #expect(schema.tables.map(\.name) == ["app"])
            #expect(schema.sequences.isEmpty)
            #expect(schema.unmodelled.isEmpty)
        }
    }

    @Test func missingUsageOnTheSchemaIsAnInspectionError() async throws {
        let base = try TestEngine.postgres.requireBaseURL()
        try await PostgresSchemaSupport.withDatabase { database in
            let role = "strata_nousage_" + database.name
            let password = "pw" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let admin = try await Drivers.connect(to: try DatabaseURL(base))
            try await admin.execute("CREATE ROLE \"\(role)\" LOGIN PASSWORD '\(password)'")
            do {
                try await admin.execute("CREATE TABLE \"\(database.name)\".t (id int)")
                var url = try DatabaseURL(base)
                url.user = role
                url.password = password
                let connection = try await Drivers.connect(to: url)
                let scope = InspectionScope(namespace: database.name)
                await #expect {
                    _ = try await PostgresInspector(dialect: PostgresDialect()).inspect(connection, scope: scope)
                } throws: { error in
                    guard let error = error as? InspectionError else { return false }
                    return error.privilege == "USAGE on schema \"\(database.name)\"" && error.description.contains("USAGE on schema")
                }
                try? await connection.close()
                // With USAGE, the catalogs are enough: no SELECT on the table is needed.
                try await admin.execute("GRANT USAGE ON SCHEMA \"\(database.name)\" TO \"\(role)\"")
                let granted = try await Drivers.connect(to: url)
                let inspection = try await PostgresInspector(dialect: PostgresDialect()).inspect(granted, scope: scope)
                #expect(inspection.schema.tables.map(\.name) == ["t"])
                try? await granted.close()
                try await admin.execute("REVOKE USAGE ON SCHEMA \"\(database.name)\" FROM \"\(role)\"")
            } catch {
                try? await admin.execute("DROP ROLE IF EXISTS \"\(role)\"")
                try? await admin.close()
                throw error
            }
            try await admin.execute("DROP ROLE IF EXISTS \"\(role)\"")
            try? await admin.close()
        }
    }
}
