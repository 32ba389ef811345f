import ArgumentParser
import Strata

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Options every command takes.
public struct GlobalOptions: ParsableArguments, Sendable {
    /// `--database-url`: the database; nil for `DATABASE_URL` (or the app's, when embedded).
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "The database to migrate (sqlite:FILE, postgres://…, mysql://…); default: $DATABASE_URL.",
        valueName: "url"))
    public var databaseURL: String?

    /// `--dir`: the migrations directory; nil for `STRATA_DIR`, the app's embedded migrations, or `migrations`.
    @Option(name: .customLong("dir"), help: ArgumentHelp(
        "The migrations directory; default: $STRATA_DIR, else migrations.", valueName: "path"))
    public var directory: String?

    /// `--env`: the environment name; nil for `STRATA_ENV`, `APP_ENV`, or `development`.
    @Option(name: .customLong("env"), help: ArgumentHelp(
        "The environment (production refuses unsafe commands); default: $STRATA_ENV, else $APP_ENV, else development.",
        valueName: "name"))
    public var environment: String?

    /// `--lock-timeout`: seconds to wait for another run's lock (default 120).
    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp(
        "How many seconds to wait for another run's lock before giving up.", valueName: "seconds"))
    public var lockTimeout: Double = 120

    /// `--actor`: recorded as `applied_by`; nil for `user@host`.
    @Option(name: .customLong("actor"), help: ArgumentHelp(
        "Who to record as having applied the changes; default: user@host.", valueName: "name"))
    public var actor: String?

    /// `--json`: machine-readable output.
    @Flag(name: .customLong("json"), help: "Print machine-readable JSON.")
    public var json = false

    /// `--quiet`: errors only.
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only errors.")
    public var quiet = false

    /// `--verbose`: every statement as it runs, and more detail.
    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Print more detail.")
    public var verbose = false

    /// Options with their defaults (the parser fills them).
    public init() {}

    /// Refuses a negative `--lock-timeout` and `--quiet` with `--verbose`.
    public func validate() throws {
        if lockTimeout < 0 || !lockTimeout.isFinite {
            throw ValidationError("--lock-timeout must be a number of seconds, 0 or more")
        }
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other; pass one") }
    }

    /// The migrations directory path.
    var directoryPath: String {
        directory ?? environmentValue("STRATA_DIR") ?? "migrations"
    }

    /// The environment name.
    var environmentName: String {
        environment ?? environmentValue("STRATA_ENV") ?? environmentValue("APP_ENV") ?? "development"
    }

    /// Where the migrations come from: `--dir` (or `STRATA_DIR`) when given, else the
    /// app's embedded ones (``StrataEmbedding``), else `migrations`.
    var migrationSource: MigrationSource {
        if directory == nil, environmentValue("STRATA_DIR") == nil, let embedded = StrataEmbedding.current?.migrations {
            return embedded
        }
        return .directory(directoryPath)
    }

    /// The parsed database URL, or a usage error that says where to put it.
    func url() throws -> DatabaseURL {
        guard let raw = databaseURL ?? environmentValue("DATABASE_URL") ?? StrataEmbedding.current?.databaseURL else {
            throw UsageError("no database given; pass --database-url URL or set DATABASE_URL (e.g. sqlite:app.db, postgres://user:pass@localhost/app)")
        }
        return try DatabaseURL(raw)
    }

    func migratorOptions(output: Output) -> MigratorOptions {
        MigratorOptions(
            actor: actor,
            lockTimeout: .milliseconds(Int64(lockTimeout * 1000)),
            environment: environmentName,
            onEvent: { event in output.event(event) }
        )
    }

    /// The desired schema of `--schema`, else the app's declared one (``StrataEmbedding``).
    ///
    /// - Throws: ``UsageError`` when there is neither.
    func desiredSchema(_ argument: String?, flag: String = "--schema") throws -> SchemaSource {
        if let argument { return try parseSource(argument, flag: flag) }
        if let declared = StrataEmbedding.current?.schema { return .declared(declared, name: "the app's declared schema") }
        throw UsageError("\(flag) is required: a .sql or .json file, a database URL or a directory with the desired schema")
    }

    func migrator(output: Output) throws -> Migrator {
        let url = try url()
        output.secret = url.password
        return Migrator(url: url, migrations: migrationSource, options: migratorOptions(output: output))
    }
}

func environmentValue(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    let s = String(cString: v)
    return s.isEmpty ? nil : s
}

/// A usage error found after parsing (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Exit with a given status after the command printed what it had to.
struct CommandExit: Error {
    var status: Int32
}
