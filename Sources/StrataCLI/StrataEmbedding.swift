import ArgumentParser
import Strata
import Synchronization

/// What an app gives the `strata` commands it embeds: its migrations (built in, with its
/// Swift migrations), its declared schema as the desired state, and its database URL.
///
/// ```swift
/// StrataEmbedding(
///     migrations: .embedded(.module, swift: AppMigrations.swift),
///     schema: AppSchema.declared,
///     databaseURL: config.databaseURL
/// ).install()
/// // then `myapp migrate status | up | down | sync | generate | check`
/// ```
///
/// `--dir`, `--schema` and `--database-url` (and `STRATA_DIR`, `DATABASE_URL`) still
/// win over what is embedded.
///
/// ## Topics
/// ### Creating
/// - ``init(migrations:schema:databaseURL:)``
/// - ``install()``
/// ### Reading
/// - ``current``
public struct StrataEmbedding: Sendable {
    /// The app's migrations, used when `--dir` is not given; nil for `--dir`'s.
    public var migrations: MigrationSource?
    /// The app's declared schema, the default `--schema` of `sync`, `generate` and `check`.
    public var schema: DeclaredSchema?
    /// The URL used when neither `--database-url` nor `DATABASE_URL` is given.
    public var databaseURL: String?

    /// What the embedded commands use.
    ///
    /// - Parameters:
    ///   - migrations: The app's migrations (``MigrationSource/embedded(_:swift:)``).
    ///   - schema: The app's declared schema.
    ///   - databaseURL: The app's database URL, when it has one of its own.
    public init(migrations: MigrationSource? = nil, schema: DeclaredSchema? = nil, databaseURL: String? = nil) {
        self.migrations = migrations
        self.schema = schema
        self.databaseURL = databaseURL
    }

    private static let installed = Mutex<StrataEmbedding?>(nil)

    /// Makes this what the commands of this process use; call it before running them.
    public func install() {
        Self.installed.withLock { $0 = self }
    }

    /// What was installed, if anything.
    public static var current: StrataEmbedding? {
        installed.withLock { $0 }
    }
}

/// The `strata` commands as a subcommand of an app's own executable: `myapp migrate up`.
///
/// ```swift
/// @main struct App: AsyncParsableCommand {
///     static let configuration = CommandConfiguration(subcommands: [Serve.self, StrataMigrateCommand.self])
/// }
/// ```
///
/// Install a ``StrataEmbedding`` first (in the root command's `init` or `validate`) so that
/// the commands use the app's embedded migrations and declared schema; every argument
/// after `migrate` goes to the `strata` command, whose help and exit statuses it keeps.
public struct StrataMigrateCommand: AsyncParsableCommand {
    /// `migrate`, with every `strata` command below it.
    public static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Manage the database schema: status, up, down, sync, generate, check… (Strata).")

    @Argument(parsing: .captureForPassthrough, help: "A strata command and its options (see `migrate --help`).")
    var arguments: [String] = []

    /// An empty command, filled by the parser.
    public init() {}

    /// Runs the `strata` command the arguments name, and exits with its status.
    public mutating func run() async throws {
        let status = await StrataCommand.main(arguments: arguments.isEmpty ? ["--help"] : arguments)
        if status != 0 { throw ExitCode(status) }
    }
}
