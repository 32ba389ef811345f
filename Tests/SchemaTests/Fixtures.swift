import Schema

/// Schemas shared by the tests.
enum Fixtures {
    /// A name longer than 60 characters (PostgreSQL truncates identifiers at 63 bytes;
    /// the model keeps whatever the normaliser gives it).
    static let longName = "a_table_name_that_is_much_longer_than_sixty_characters_for_sure_0123456789"

    /// Every feature of the model at least once, with awkward names.
    static func rich() -> Schema {
        let accounts = Table(
            name: "accounts",
            columns: [
                Column("id", .bigint, isNullable: false, identity: .always),
                Column("email", .string(length: 320), isNullable: false, collation: "und-x-icu", comment: "login, \"case\" kept"),
                Column("display_name", .text, default: .string("it's \"me\"\n\\ok")),
                Column("balance", .decimal(precision: 12, scale: 2), isNullable: false, default: .number("0")),
                Column("ratio", .float, default: .number("-1.5")),
                Column("score", .double),
                Column("active", .bool, isNullable: false, default: .bool(true)),
                Column("born_on", .date),
                Column("wakes_at", .time(precision: 3), default: .currentTime),
                Column("seen_at", .datetime(precision: 6), default: .currentTimestamp, onUpdate: .currentTimestamp),
                Column("created_at", .timestampWithZone(), isNullable: false, default: .currentTimestamp),
                Column("signup_day", .date, default: .currentDate),
                Column("public_id", .uuid, isNullable: false, default: .expression("gen_random_uuid()")),
                Column("settings", .json, default: .expression("'{}'::jsonb")),
                Column("avatar", .binary()),
                Column("fingerprint", .binary(length: 32)),
                Column("mood", .enumType(name: "mood"), default: .string("ok")),
                Column("tier", .enum(values: ["free", "pro", "we'ird"]), default: .null),
                Column("tags", .custom("text[]")),
                Column("small", .smallint, default: .number("7")),
                Column("counter", .int, default: .nextValue(sequence: "global_counter")),
                Column("legacy", .custom("character(3)"), characterSet: "latin1"),
            ],
            primaryKey: PrimaryKey(name: "accounts_pkey", columns: ["id"], deferrability: .initiallyImmediate),
            uniqueConstraints: [
                UniqueConstraint(name: "accounts_public_id_key", columns: ["public_id"], deferrability: .initiallyDeferred),
                UniqueConstraint(name: "accounts_email_key", columns: ["email"], nullsNotDistinct: true),
            ],
            indexes: [
                Index(
                    name: "accounts_email_lower",
                    parts: [.expression("lower((email)::text)", operatorClass: "text_pattern_ops")],
                    isUnique: true,
                    predicate: "active",
                    include: ["display_name"],
                    nullsNotDistinct: true,
                    parameters: [StorageParameter(name: "fillfactor", value: "70"), StorageParameter(name: "deduplicate_items", value: "off")],
                    comment: "case-insensitive logins"
                ),
                Index(
                    name: "accounts_recent",
                    parts: [
                        .column("created_at", direction: .descending, nulls: .last),
                        .column("display_name", collation: "C"),
                        .column("legacy", prefixLength: 2),
                    ]
                ),
                Index(name: "accounts_settings", parts: [.column("settings")], method: .gin),
                Index(name: "accounts_tags", parts: [.column("tags")], method: IndexMethod(rawValue: "GIST"), isInvisible: true),
            ],
            checks: [
                Check(name: "accounts_balance_check", expression: "balance >= (0)::numeric"),
                Check(expression: "length(email) > 3"),
                Check(name: "accounts_soft", expression: "score < 100", isEnforced: false),
            ],
            comment: "People who pay.\nSecond line.",
            options: TableOptions(isUnlogged: true, parameters: [StorageParameter(name: "fillfactor", value: "90")])
        )
        let order = Table(
            name: "order",
            columns: [
                Column("id", .int, isNullable: false, identity: Identity(
                    kind: .byDefault, sequenceName: "order_number_seq",
                    sequenceOptions: SequenceOptions(start: 1000, increment: 10, minValue: 1000, maxValue: 9_223_372_036_854_775_807, cache: 20, cycle: true)
                )),
                Column("account_id", .bigint, isNullable: false),
                Column("we\"ird", .text),
                Column("we`ird", .text),
                Column("MixedCase", .text),
                Column("mixedcase", .text),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [
                ForeignKey(
                    name: "order_account_fk", columns: ["account_id"], referencedTable: "accounts",
                    referencedColumns: ["id"], onDelete: .cascade, onUpdate: .restrict, match: .full,
                    deferrability: .initiallyDeferred
                ),
                ForeignKey(
                    columns: ["we\"ird"], referencedSchema: "billing", referencedTable: "codes",
                    referencedColumns: ["code"], onDelete: .setNull, onUpdate: .setDefault
                ),
            ],
            options: TableOptions(storageEngine: "InnoDB", characterSet: "utf8mb4", collation: "utf8mb4_0900_ai_ci", rowFormat: "DYNAMIC")
        )
        let tree = Table(
            name: "we\"ird",
            columns: [
                Column("id", .int, isNullable: false, identity: .autoIncrement),
                Column("parent", .int),
            ],
            primaryKey: PrimaryKey(columns: ["id"]),
            foreignKeys: [ForeignKey(columns: ["parent"], referencedTable: "we\"ird", referencedColumns: ["id"], onDelete: .setNull)],
            options: TableOptions(isStrict: true, isWithoutRowID: true)
        )
        let ticks = Table(
            name: "we`ird",
            columns: [Column("n", .bigint, isNullable: false, identity: .serial)],
            primaryKey: PrimaryKey(name: "we`ird_pkey", columns: ["n"])
        )
        let unicode = Table(
            name: "Café_表_🦊",
            columns: [
                Column("naïve", .text, comment: "e\u{301} decomposed"),
                Column("Ünïcödé", .string(length: 10)),
            ],
            indexes: [Index(name: "café_idx", columns: ["naïve"])]
        )
        let long = Table(
            name: longName,
            columns: [Column(longName + "_column", .bigint)],
            uniqueConstraints: [UniqueConstraint(columns: [longName + "_column"])],
            foreignKeys: [ForeignKey(columns: [longName + "_column"], referencedTable: "accounts", referencedColumns: ["id"])],
            checks: [Check(expression: "\(longName)_column > 0"), Check(expression: "\(longName)_column < 1000000")]
        )
        let partitioned = Table(
            name: "events",
            columns: [
                Column("id", .bigint, isNullable: false),
                Column("at", .timestampWithZone(precision: 3), isNullable: false),
                Column("total", .decimal()),
            ],
            unsupported: "partitioned by range (at); Strata does not model partitions"
        )
        return Schema(
            name: "app",
            defaultCharacterSet: "utf8mb4",
            defaultCollation: "utf8mb4_0900_ai_ci",
            tables: [partitioned, unicode, order, tree, accounts, long, ticks],
            views: [
                View(name: "rich_accounts", definition: "SELECT id, email FROM accounts WHERE balance > 1000", columns: ["id", "email"], checkOption: .cascaded, comment: "the top"),
                View(name: "active", definition: "SELECT * FROM accounts WHERE active", checkOption: .local),
            ],
            enumTypes: [
                EnumType(name: "mood", values: ["sad", "ok", "happy"], comment: "how it went"),
                EnumType(name: "Empty", values: []),
            ],
            sequences: [
                SequenceDefinition(name: "global_counter", type: .bigint, options: SequenceOptions(start: 5)),
                SequenceDefinition(name: "invoice_numbers", ownedBy: ColumnReference(table: "order", column: "id"), comment: "owned, but not the default"),
            ],
            unmodelled: [
                UnmodelledObject(kind: .trigger, name: "order_touch", table: "order", definition: "CREATE TRIGGER order_touch BEFORE UPDATE ON \"order\" FOR EACH ROW EXECUTE FUNCTION touch()"),
                UnmodelledObject(kind: .function, name: "touch()", definition: "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.seen_at := now(); RETURN NEW; END$$"),
                UnmodelledObject(kind: .procedure, name: "cleanup", definition: "CREATE PROCEDURE cleanup() BEGIN DELETE FROM events; END"),
                UnmodelledObject(kind: .materializedView, name: "totals", definition: "CREATE MATERIALIZED VIEW totals AS SELECT count(*) FROM accounts"),
                UnmodelledObject(kind: .partition, name: "events_2025", table: "events", definition: "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"),
                UnmodelledObject(kind: .generatedColumn, name: "total", table: "events", definition: "total numeric GENERATED ALWAYS AS (id * 2) STORED"),
                UnmodelledObject(kind: .exclusionConstraint, name: "events_no_overlap", table: "events", definition: "EXCLUDE USING gist (at WITH =)"),
                UnmodelledObject(kind: .policy, name: "own_rows", table: "accounts", definition: "CREATE POLICY own_rows ON accounts USING (id = current_setting('app.id')::bigint)"),
                UnmodelledObject(kind: .extension, name: "pgcrypto", definition: "CREATE EXTENSION pgcrypto"),
                UnmodelledObject(kind: .event, name: "nightly", definition: "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO CALL cleanup()"),
                UnmodelledObject(kind: UnmodelledObject.Kind(rawValue: "aggregate"), name: "median(numeric)", definition: "CREATE AGGREGATE median(numeric) (…)"),
            ]
        )
    }
}
