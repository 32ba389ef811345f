import Dialects
import Drivers
import Schema
import StrataTestSupport
import Testing

/// Hand-written models covering every feature: normalise, render, apply to PostgreSQL,
/// inspect, and compare.
@Suite("PostgresSchemaModel")
struct PostgresSchemaModelTests {
    static let longName = "a_table_whose_name_is_quite_long_enough_to_be_truncated_by_pg_x"

    /// A model with every portable type, every kind of default, identities and serials,
    /// keys, indexes, foreign keys of every action, cycles, checks, views, comments,
    /// options and awkward names.
    static var corpus: Schema {
        let users = Table(
            name: "users",
            columns: [
                Column("id", .bigint, identity: .always),
                Column("email", .string(length: 320), isNullable: false, comment: "login"),
                Column("name", .text, default: .string("it's")),
                Column("active", .bool, isNullable: false, default: .bool(true)),
                Column("score", .decimal(precision: 10, scale: 2), default: .number("0")),
                Column("ratio", .float, default: .number("1.5")),
                Column("weight", .double, default: .number("-2.25")),
                Column("small", .smallint, default: .number("-1")),
                Column("count", .int, default: .string("5")),
                Column("born", .date, default: .string("2000-01-01")),
                Column("wakes", .time(precision: 3), default: .currentTime),
                Column("seen", .datetime(), default: .currentTimestamp),
                Column("created", .timestampWithZone(precision: 6), isNullable: false, default: .expression("now()")),
                Column("today", .date, default: .currentDate),
                Column("token", .uuid, default: .expression("gen_random_uuid()")),
                Column("settings", .json, default: .string("{}")),
                Column("raw", .binary(length: 16)),
                Column("mood", .enumType(name: "mood"), default: .string("ok")),
                Column("kind", .enum(values: ["a", "b'c"])),
                Column("plain", .custom("json")),
                Column("tags", .custom("text[]")),
                Column("code", .custom("char(3)")),
                Column("expires", .timestampWithZone(), default: .expression("(now() + '1 day'::interval)")),
                Column("local", .datetime(precision: 0), default: .expression("LOCALTIMESTAMP")),
                Column("nothing", .text, default: .null),
                Column("number", .int, default: .nextValue(sequence: "invoice_numbers")),
                Column("c_name", .text, collation: "C"),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            uniqueConstraints: [UniqueConstraint(columns: ["email"]), UniqueConstraint(name: "users_token_nnd", columns: ["token", "name"], nullsNotDistinct: true)],
            indexes: [
                Index(name: "users_name_lower", parts: [.expression("lower(name)")]),
                Index(name: "users_seen_desc", parts: [.column("seen", direction: .descending), .column("small", nulls: .first)]),
                Index(name: "users_active_partial", columns: ["email"], isUnique: true, predicate: "active AND name IS NOT NULL"),
                Index(name: "users_tags_gin", parts: [.column("tags")], method: .gin),
                Index(name: "users_email_cover", parts: [.column("email", operatorClass: "varchar_pattern_ops")], include: ["name"], parameters: [StorageParameter(name: "fillfactor", value: "70")], comment: "covering"),
                Index(name: "users_c_name", parts: [.column("name", collation: "C")], method: .btree),
            ],
            checks: [Check(expression: "score >= 0::numeric"), Check(name: "users_two_columns", expression: "small < count")],
            comment: "People",
            options: TableOptions(parameters: [StorageParameter(name: "fillfactor", value: "90"), StorageParameter(name: "autovacuum_enabled", value: "false")])
        )
        let posts = Table(
            name: "posts",
            columns: [
                Column("id", .int, identity: Identity(kind: .byDefault, sequenceOptions: SequenceOptions(start: 100, increment: 10))),
                Column("author_id", .bigint),
                Column("editor_id", .bigint),
                Column("parent_id", .int),
                Column("title", .string(length: 200), isNullable: false),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [
                ForeignKey(columns: ["author_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: .cascade, onUpdate: .restrict),
                ForeignKey(name: "posts_editor", columns: ["editor_id"], referencedTable: "users", referencedColumns: [], onDelete: .setNull, deferrability: .initiallyDeferred),
                ForeignKey(columns: ["parent_id"], referencedTable: "posts", referencedColumns: ["id"], onDelete: .setDefault, deferrability: .initiallyImmediate),
            ]
        )
        let memberships = Table(
            name: "memberships",
            columns: [
                Column("user_id", .bigint),
                Column("group_id", .int),
                Column("role", .text, isNullable: false, default: .string("member")),
            ],
            primaryKey: PrimaryKey(name: "memberships_key", columns: ["user_id", "group_id"]),
            foreignKeys: [ForeignKey(columns: ["user_id", "group_id"], referencedTable: "groups", referencedColumns: ["owner_id", "id"], match: .full)]
        )
        let groups = Table(
            name: "groups",
            columns: [
                Column("id", .int, identity: .serial),
                Column("owner_id", .bigint, isNullable: false),
                Column("first_membership_user", .bigint),
                Column("first_membership_group", .int),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            uniqueConstraints: [UniqueConstraint(columns: ["owner_id", "id"]), UniqueConstraint(columns: ["first_membership_user"], deferrability: .initiallyDeferred)],
            foreignKeys: [ForeignKey(columns: ["first_membership_user", "first_membership_group"], referencedTable: "memberships", referencedColumns: ["user_id", "group_id"])],
            options: TableOptions(isUnlogged: false)
        )
        let weird = Table(
            name: "we\"ird",
            columns: [
                Column("order", .int, identity: Identity(kind: .serial, sequenceName: "weird_order_seq", sequenceOptions: SequenceOptions(start: 7))),
                Column("select", .text),
                Column("Mixed Case", .int),
                Column("we`ird", .bigint, identity: nil),
            ],
            primaryKey: PrimaryKey(columns: ["order"]),
            indexes: [Index(name: "Select Index", columns: ["select", "Mixed Case"])],
            checks: [Check(expression: "\"Mixed Case\" > 0"), Check(expression: "\"select\" <> ''::text")]
        )
        let long = Table(
            name: longName,
            columns: [
                Column("a_column_with_a_long_name_that_also_needs_truncating_somewhere", .bigint, identity: .serial),
                Column("another_fairly_long_column_name_for_unique", .text),
            ],
            primaryKey: PrimaryKey(columns: ["a_column_with_a_long_name_that_also_needs_truncating_somewhere"]),
            uniqueConstraints: [UniqueConstraint(columns: ["another_fairly_long_column_name_for_unique"])],
            options: TableOptions(isUnlogged: true)
        )
        return Schema(
            tables: [users, posts, memberships, groups, weird, long],
            views: [
                View(name: "active_users", definition: "SELECT users.id,\n    users.email\n   FROM users\n  WHERE users.active;", comment: "Who is in"),
                View(name: "active_emails", definition: " SELECT active_users.email\n   FROM active_users;"),
                View(name: "checked", definition: "SELECT users.id,\n    users.active\n   FROM users\n  WHERE users.active", checkOption: .local),
            ],
            enumTypes: [EnumType(name: "mood", values: ["sad", "ok", "happy"], comment: "feelings")],
            sequences: [
                SequenceDefinition(name: "invoice_numbers", type: .int, options: SequenceOptions(start: 1000, increment: 1, cache: 1), comment: "invoices"),
                SequenceDefinition(name: "countdown", options: SequenceOptions(increment: -1, cycle: true), ownedBy: ColumnReference(table: "posts", column: "parent_id")),
            ]
        )
    }

    @Test func modelCorpusRoundTrips() async throws {
        let (expected, actual, ddl) = try await PostgresSchemaSupport.modelRoundTrip(Self.corpus)
        if expected != actual {
            Issue.record("\(SchemaRoundTrip.difference(expected, actual))\n\(ddl.joined(separator: ";\n"))")
        }
    }

    @Test func normalizingTheCorpusIsIdempotent() {
        let normalizer = PostgresDialect().normalizer
        let once = normalizer.normalize(Self.corpus)
        #expect(normalizer.normalize(once) == once)
    }

    @Test func renderingIsDeterministic() {
        let dialect = PostgresDialect()
        let model = dialect.normalizer.normalize(Self.corpus)
        let reordered = Schema(
            tables: model.tables.reversed(), views: model.views.reversed(), enumTypes: model.enumTypes,
            sequences: model.sequences.reversed()
        )
        #expect(SchemaRoundTrip.dumpText(model, dialect: dialect) == SchemaRoundTrip.dumpText(reordered, dialect: dialect))
    }
}
