import Dialects
import Drivers
import Schema
import StrataTestSupport
import Testing

/// The model corpus on SQLite: model → normalise → render → apply → inspect gives the
/// normalised model back.
@Suite("SQLite schema model round trip")
struct SQLiteSchemaModelTests {
    static let longName = "a_table_name_that_is_well_over_sixty_characters_long_for_testing_limits"

    /// Every feature SQLite has, in portable terms.
    static let corpus: Schema = {
        let users = Table(
            name: "users",
            columns: [
                Column("id", .bigint, isNullable: false, identity: .always),
                Column("email", .string(length: 255), isNullable: false, collation: "nocase"),
                Column("name", .text),
                Column("active", .bool, isNullable: false, default: .bool(true)),
                Column("score", .double, default: .number("0")),
                Column("balance", .decimal(precision: 10, scale: 2), default: .string("0.00")),
                Column("ratio", .float, default: .number("-1.5")),
                Column("created_at", .timestampWithZone(), isNullable: false, default: .currentTimestamp),
                Column("updated_at", .datetime(precision: 3), default: .expression("(datetime('now'))")),
                Column("birthday", .date, default: .currentDate),
                Column("wakes_at", .time(), default: .currentTime),
                Column("uid", .uuid),
                Column("meta", .json, default: .expression("json_object()")),
                Column("avatar", .binary()),
                Column("thumb", .binary(length: 16)),
                Column("rank", .smallint, default: .number("-1")),
                Column("visits", .int, default: .string("0")),
                Column("kind", .enum(values: ["admin", "member", "it's"]), default: .string("member")),
                Column("mood", .enumType(name: "mood")),
                Column("code", .custom("char(3)"), default: .null),
                Column("note", .string(length: 20), default: .string("it's \"quoted\"")),
                Column("label", .text, default: .expression("CAST(1 AS TEXT)"), collation: "BINARY"),
                Column("ci", .custom("INT"), comment: "dropped"),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            uniqueConstraints: [UniqueConstraint(name: "users_email_key", columns: ["email"]), UniqueConstraint(columns: ["uid"])],
            indexes: [
                Index(name: "users_name_desc", parts: [.column("name", direction: .descending)]),
                Index(name: "users_email_lower", parts: [.expression("lower(\"email\")")]),
                Index(name: "users_active_name", columns: ["active", "name"], isUnique: true, predicate: "(\"active\" = 1)"),
                Index(name: "users_email_binary", parts: [.column("email", collation: "binary"), .column("name", collation: "NOCASE")]),
                Index(name: "users_uid_expr", parts: [.expression("(\"uid\")")]),
            ],
            checks: [
                Check(name: "users_score_positive", expression: "\"score\" >= 0"),
                Check(expression: "length(\"email\") > 3"),
            ],
            comment: "people"
        )
        let order = Table(
            name: "order",
            columns: [
                Column("user_id", .bigint),
                Column("select", .int),
                Column("total", .decimal(precision: 12, scale: 0)),
            ],
            primaryKey: PrimaryKey(name: "order_pk", columns: ["user_id", "select"]),
            foreignKeys: [
                ForeignKey(name: "order_user_fk", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"],
                           onDelete: .cascade, onUpdate: .restrict),
            ],
            options: TableOptions(isWithoutRowID: true)
        )
        let categories = Table(
            name: "Categories",
            columns: [
                Column("Id", .int, isNullable: false),
                Column("ParentId", .int),
                Column("Title", .text, isNullable: false),
            ],
            primaryKey: PrimaryKey(columns: ["Id"]),
            foreignKeys: [
                ForeignKey(columns: ["ParentId"], referencedTable: "categories", referencedColumns: [],
                           onDelete: .setNull, deferrability: .initiallyDeferred),
            ]
        )
        let left = Table(
            name: "left",
            columns: [Column("id", .int), Column("right_id", .int, default: .number("0"))],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(name: "left_right", columns: ["right_id"], referencedTable: "right", referencedColumns: ["id"],
                                     onDelete: .setDefault, match: .full)]
        )
        let right = Table(
            name: "right",
            columns: [Column("id", .int), Column("left_id", .int)],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(columns: ["left_id"], referencedTable: "left", referencedColumns: ["id"],
                                     deferrability: .initiallyImmediate)]
        )
        let weird = Table(
            name: "we\"ird",
            columns: [Column("we`ird", .text), Column("sp ace", .int), Column(longName + "_column", .text)],
            uniqueConstraints: [UniqueConstraint(name: "we\"ird u", columns: ["we`ird", "sp ace"])],
            indexes: [Index(name: "we`ird idx", columns: ["sp ace"])]
        )
        let long = Table(
            name: longName,
            columns: [Column("id", .int, isNullable: false), Column("weird_ref", .text)],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(columns: ["weird_ref"], referencedTable: "we\"ird", referencedColumns: ["we`ird"])]
        )
        let strict = Table(
            name: "strict_things",
            columns: [
                Column("id", .bigint, isNullable: false),
                Column("name", .string(length: 40), isNullable: false),
                Column("flag", .bool, default: .bool(false)),
                Column("amount", .float),
                Column("blob", .binary(length: 4)),
                Column("anything", .custom("any")),
                Column("when", .datetime()),
                Column("status", .enum(values: ["on", "off"])),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            options: TableOptions(isStrict: true)
        )
        let pairs = Table(
            name: "pairs",
            columns: [Column("a", .text), Column("b", .text)],
            primaryKey: PrimaryKey(columns: ["a"]),
            uniqueConstraints: [UniqueConstraint(name: "pairs_a", columns: ["a"]), UniqueConstraint(columns: ["b"])],
            options: TableOptions(isStrict: true, isWithoutRowID: true)
        )
        return Schema(
            tables: [users, order, categories, left, right, weird, long, strict, pairs],
            views: [
                View(name: "active_users", definition: "SELECT \"id\", \"email\" FROM \"users\" WHERE \"active\""),
                View(name: "active_emails", definition: "  SELECT \"email\" FROM \"active_users\"  ", columns: ["address"]),
            ],
            enumTypes: [EnumType(name: "mood", values: ["sad", "ok"])]
        )
    }()

    @Test("the model corpus comes back as its normalised self")
    func corpusRoundTrip() async throws {
        let (expected, actual, ddl) = try await SchemaRoundTrip.modelRoundTrip(Self.corpus, on: .sqlite)
        #expect(expected == actual, "\(SchemaRoundTrip.difference(expected, actual))\n\(ddl.joined(separator: ";\n"))")
    }

    @Test("normalising is idempotent and an inspection is a fixed point")
    func idempotent() async throws {
        let normalizer = SQLiteDialect().normalizer
        let once = normalizer.normalize(Self.corpus)
        #expect(normalizer.normalize(once) == once)
        let (_, actual, _) = try await SchemaRoundTrip.modelRoundTrip(Self.corpus, on: .sqlite)
        #expect(normalizer.normalize(actual) == actual, "\(SchemaRoundTrip.difference(actual, normalizer.normalize(actual)))")
    }
}
