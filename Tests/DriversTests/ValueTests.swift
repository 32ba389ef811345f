import Drivers
import StrataTestSupport
import Testing

/// What each engine returns for booleans and arrays, and the catalog queries that need
/// them, read through the typed accessors.
struct ValueTests {
    @Test(arguments: TestEngine.available)
    func booleansReadAsBooleans(engine: TestEngine) async throws {
        try await withConnection(engine) { _, db in
            switch engine {
            case .sqlite:
                try await db.execute("CREATE TABLE flags (id INTEGER PRIMARY KEY, on_ BOOLEAN)")
            case .postgres:
                try await db.execute("CREATE TABLE flags (id int PRIMARY KEY, on_ boolean)")
            case .mysql:
                try await db.execute("CREATE TABLE flags (id int PRIMARY KEY, on_ BOOL, bit_ BIT(1), bits BIT(12))")
            }
            let p = engine == .postgres ? ["$1", "$2"] : ["?", "?"]
            _ = try await db.query("INSERT INTO flags (id, on_) VALUES (\(p[0]), \(p[1]))", [.int(1), .bool(true)])
            _ = try await db.query("INSERT INTO flags (id, on_) VALUES (\(p[0]), \(p[1]))", [.int(2), .bool(false)])
            _ = try await db.query("INSERT INTO flags (id, on_) VALUES (\(p[0]), \(p[1]))", [.int(3), .null])
            let rows = try await db.query("SELECT id, on_, 1 = 1 AS yes, 1 = 0 AS no, TRUE AS lit FROM flags ORDER BY id")
            #expect(try rows.map { try $0.optionalBool("on_") } == [true, false, nil])
            #expect(try rows[0].bool("yes"))
            #expect(try !rows[0].bool("no"))
            #expect(try rows[0].bool("lit"))
            #expect(await expectDatabaseError(.decoding) { _ = try rows[2].bool("on_") }?.column == "on_")
            switch engine {
            case .postgres:
                #expect(rows[0]["on_"] == .bool(true))
                #expect(rows[1]["no"] == .bool(false))
                #expect(rows[0]["lit"] == .bool(true))
            case .sqlite, .mysql:
                // No boolean type: TRUE is the integer 1.
                #expect(rows[0]["on_"] == .int(1))
                #expect(rows[1]["on_"] == .int(0))
                #expect(rows[0]["yes"] == .int(1))
            }
            if engine == .mysql {
                try await db.execute("UPDATE flags SET bit_ = b'1', bits = b'101000000001' WHERE id = 1")
                try await db.execute("UPDATE flags SET bit_ = b'0' WHERE id = 2")
                let bits = try await db.query("SELECT bit_, bits FROM flags ORDER BY id")
                #expect(bits.map { $0["bit_"] } == [.int(1), .int(0), .null])
                #expect(bits[0]["bits"] == .int(0b1010_0000_0001))
                #expect(try bits[0].bool("bit_"))
                #expect(try !bits[1].bool("bit_"))
            }
        }
    }

    /// What the migrator's run lock gets back from the engines' lock functions.
    @Test(arguments: TestEngine.available)
    func advisoryLockResults(engine: TestEngine) async throws {
        try await withConnection(engine) { db, connection in
            switch engine {
            case .sqlite:
                break  // a file lock, no SQL
            case .postgres:
                let key = Int64.random(in: 1...Int64.max)
                let got = try #require(try await connection.query("SELECT pg_try_advisory_lock($1)", [.int(key)]).first)
                #expect(got.columns == ["pg_try_advisory_lock"])
                #expect(got[0] == .bool(true))
                #expect(got[0].bool == true)
                #expect(try got.bool("pg_try_advisory_lock"))
                let released = try await connection.query("SELECT pg_advisory_unlock($1) AS released", [.int(key)])
                #expect(try released.first?.bool("released") == true)
            case .mysql:
                let name = "strata-test-\(db.name)"
                let got = try #require(try await connection.query("SELECT GET_LOCK(?, 0) AS got", [.text(name)]).first)
                #expect(got[0] == .int(1))
                #expect(try got.bool("got"))
                _ = try await connection.query("SELECT RELEASE_LOCK(?)", [.text(name)])
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func arraysComeBackAsArrays(engine: TestEngine) async throws {
        try await withConnection(engine) { _, db in
            guard engine == .postgres else {
                // No array type: binding one is refused before anything is sent.
                let error = await expectDatabaseError(.unsupported) { _ = try await db.query("SELECT ? AS a", [.int(1), .array([.int(1)])]) }
                #expect(error?.message.hasPrefix("parameter 2 is an array") == true, "\(String(describing: error))")
                #expect(try await db.query("SELECT 1 AS one").first?.int("one") == 1)
                return
            }
            try await db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')")
            let rows = try await db.query(
                """
                SELECT ARRAY['a', 'b c', NULL, '', 'NULL']::text[] AS texts, ARRAY[[1,2],[3,4]] AS grid,
                       '{}'::int[] AS empty, ARRAY[true, false, NULL] AS bools, ARRAY[1.5, 2]::numeric[] AS nums,
                       '[0:1]={7,8}'::int8[] AS shifted, ARRAY['happy', 'sad']::mood[] AS moods,
                       ARRAY['2024-01-02'::date] AS dates, ARRAY['\\x00ff'::bytea] AS bytes, NULL::int[] AS nothing,
                       '1 2 3'::int2vector AS vec, ARRAY[2.5::float8] AS doubles, ARRAY['x'::name] AS names
                """)
            let row = try #require(rows.first)
            #expect(row["texts"] == .array([.text("a"), .text("b c"), .null, .text(""), .text("NULL")]))
            #expect(row["grid"] == .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])]))
            #expect(try row.decode("grid", as: [[Int]].self) == [[1, 2], [3, 4]])
            #expect(row["empty"] == .array([]))
            #expect(try row.decode("empty", as: [Int].self) == [])
            #expect(row["bools"] == .array([.bool(true), .bool(false), .null]))
            #expect(try row.decode("bools", as: [Bool?].self) == [true, false, nil])
            #expect(row["nums"] == .array([.text("1.5"), .text("2")]))
            #expect(row["shifted"] == .array([.int(7), .int(8)]))
            #expect(try row.decode("moods", as: [String].self) == ["happy", "sad"])
            #expect(row["dates"] == .array([.text("2024-01-02")]))
            #expect(row["bytes"] == .array([.blob([0x00, 0xFF])]))
            #expect(try row.decode("nothing", as: [Int]?.self) == nil)
            #expect(try row.decode("vec", as: [Int].self) == [1, 2, 3])
            #expect(row["doubles"] == .array([.double(2.5)]))
            #expect(try row.decode("names", as: [String].self) == ["x"])
            // .string keeps giving text: the array literal.
            #expect(row["texts"].string == #"{a,"b c",NULL,"","NULL"}"#)
            #expect(row["vec"].string == "{1,2,3}")
            #expect(await expectDatabaseError(.decoding) { _ = try row.decode("texts", as: [String].self) }?.column == "texts")
        }
    }

    @Test func arrayParametersReachPostgreSQL() async throws {
        try await withConnection(.postgres) { _, db in
            let hostile: [SQLValue] = [
                .text("a,b"), .text("{"), .text("}"), .text(#""q""#), .text(#"back\slash"#), .text("NULL"), .null,
                .text(""), .text(" spaced "), .text("ünï 😀"), .text("'; DROP TABLE x; --"),
            ]
            let rows = try await db.query(
                """
                SELECT $1::text[] AS texts, $2::int[] AS ints, 2 = ANY($3) AS found, $4::bytea[] AS bytes,
                       $5::bool[] AS bools, $6::int[] AS grid, cardinality($7::int[]) AS none, $8::float8[] AS doubles
                """,
                [
                    .array(hostile), .array([.int(1), .null, .int(-3)]), .array([.int(1), .int(2)]),
                    .array([.blob([0, 0xFF]), .blob([])]), .array([.bool(true), .bool(false)]),
                    .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])]), .array([]), .array([.double(0.5), .double(-1e20)]),
                ])
            let row = try #require(rows.first)
            #expect(row["texts"] == .array(hostile))
            #expect(row["ints"] == .array([.int(1), .null, .int(-3)]))
            #expect(try row.bool("found"))
            #expect(row["bytes"] == .array([.blob([0, 0xFF]), .blob([])]))
            #expect(row["bools"] == .array([.bool(true), .bool(false)]))
            #expect(row["grid"] == .array([.array([.int(1), .int(2)]), .array([.int(3), .int(4)])]))
            #expect(try row.int("none") == 0)
            #expect(row["doubles"] == .array([.double(0.5), .double(-1e20)]))
        }
    }

    /// The catalog queries a PostgreSQL inspector runs: index and constraint keys as
    /// arrays of column numbers, `array_agg` of names.
    @Test func postgresCatalogArrays() async throws {
        try await withConnection(.postgres) { db, connection in
            try await connection.execute("CREATE TABLE parent (a int, b int, PRIMARY KEY (a, b))")
            try await connection.execute("CREATE TABLE child (x int, y int, z text, FOREIGN KEY (y, x) REFERENCES parent (a, b))")
            try await connection.execute("CREATE UNIQUE INDEX child_zy ON child (z DESC, y)")
            let indexes = try await connection.query(
                """
                SELECT c.relname AS name, i.indkey, i.indoption, i.indclass, i.indisunique
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 ORDER BY c.relname
                """, [.text(db.name)])
            #expect(try indexes.map { try $0.string("name") } == ["child_zy", "parent_pkey"])
            #expect(try indexes[0].decode("indkey", as: [Int].self) == [3, 2])
            #expect(try indexes[0].decode("indoption", as: [Int].self) == [3, 0])  // DESC (1) | NULLS FIRST (2)
            #expect(try indexes[0].decode("indclass", as: [Int64].self).count == 2)
            #expect(try indexes[0].bool("indisunique"))
            #expect(try indexes[1].decode("indkey", as: [Int].self) == [1, 2])

            let constraints = try await connection.query(
                """
                SELECT conname, contype, conkey, confkey FROM pg_constraint
                WHERE conrelid = 'child'::regclass AND contype = 'f'
                """)
            let fk = try #require(constraints.first)
            #expect(try fk.string("contype") == "f")
            #expect(try fk.decode("conkey", as: [Int16].self) == [2, 1])
            #expect(try fk.decode("confkey", as: [Int].self) == [1, 2])

            let columns = try await connection.query(
                """
                SELECT array_agg(attname ORDER BY attnum) AS names, array_agg(attnum ORDER BY attnum) AS numbers,
                       array_agg(attnotnull ORDER BY attnum) AS not_null
                FROM pg_attribute WHERE attrelid = 'child'::regclass AND attnum > 0 AND NOT attisdropped
                """)
            let all = try #require(columns.first)
            #expect(try all.decode("names", as: [String].self) == ["x", "y", "z"])
            #expect(try all.decode("numbers", as: [Int].self) == [1, 2, 3])
            #expect(try all.decode("not_null", as: [Bool].self) == [false, false, false])

            let proc = try await connection.query("SELECT proargtypes FROM pg_proc WHERE proname = 'int4pl'")
            #expect(try proc.first?.decode("proargtypes", as: [Int].self) == [23, 23])  // oidvector
        }
    }

    /// Every array type whose elements the driver reads comes back as an array, so that
    /// no catalog column falls through to "cast it to text".
    @Test func everyReadableArrayTypeIsAnArray() async throws {
        try await withConnection(.postgres) { _, connection in
            // Element types read by the driver, with a literal of each.
            let samples = [
                "true", "'x'::bytea", "'c'::\"char\"", "'n'::name", "1::int2", "1::int4", "1::int8", "'t'", "1::oid",
                "'int4pl'::regproc", "'1'::xid", "'1'::cid", "'<a/>'::xml", "'{}'::json", "'{}'::jsonb", "'$'::jsonpath",
                "1.5::float4", "1.5::float8", "1::numeric", "'c'::bpchar", "'v'::varchar", "now()::date", "now()::time",
                "now()::timestamp", "now()", "'00000000-0000-0000-0000-000000000000'::uuid", "'0/0'::pg_lsn",
                "'pg_class'::regclass", "'int4'::regtype", "'pg_catalog'::regnamespace", "'1'::xid8",
                "'int4pl(int4,int4)'::regprocedure", "'+(int4,int4)'::regoperator", "'||/'::regoper",
                "'english'::regconfig", "'simple'::regdictionary", "'\"C\"'::regcollation",
            ]
            for sample in samples {
                let rows = try await connection.query("SELECT ARRAY[\(sample)] AS a, pg_typeof(ARRAY[\(sample)])::text AS t")
                let row = try #require(rows.first)
                let type = try row.string("t")
                #expect(row["a"].array?.count == 1, "\(sample): \(type) read as \(row["a"])")
            }
            let vectors = try await connection.query("SELECT ARRAY['1 2'::int2vector] AS v, ARRAY['1 2'::oidvector] AS o")
            #expect(vectors.first?["v"] == .array([.array([.int(1), .int(2)])]))
            #expect(vectors.first?["o"] == .array([.array([.int(1), .int(2)])]))
        }
    }
}
