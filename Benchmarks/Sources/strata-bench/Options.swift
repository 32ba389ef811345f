import Foundation

// The command line of the bench: what to measure, on which engines, with which `strata`.

/// An engine the bench can measure.
enum Engine: String, CaseIterable {
    case sqlite, postgres, mysql
}

/// The bench's options (see `--help`).
struct Options {
    var migrations = 1000
    var runs = 5
    var noopRuns = 30
    var engines: [Engine] = [.sqlite]
    var urls: [String] = []
    /// The `strata` binary to measure, as given (`--strata`); nil for the one next to the bench.
    var strata: String?
    /// `--inspect 200,2000`: measure introspection at these schema sizes instead.
    var inspectSizes: [Int] = []
    /// `--declarative 2000`: measure diff, scratch loading and sync at this schema size instead.
    var declarativeTables: Int?
    /// `--proof 100,200,300`: measure `check` and `adopt` over this many migrations instead.
    var proofSizes: [Int] = []
}

/// Reads the options from the command line; exits with 2 on a bad one, 0 after `--help`.
func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func number(_ name: String) -> Int {
        guard let v = args.popFirst(), let n = Int(v), n > 0 else {
            FileHandle.standardError.write(Data("strata-bench: \(name) needs a positive number\n".utf8))
            exit(2)
        }
        return n
    }
    while let a = args.popFirst() {
        switch a {
        case "--migrations": o.migrations = number(a)
        case "--runs": o.runs = number(a)
        case "--noop-runs": o.noopRuns = number(a)
        case "--engine":
            let v = (args.popFirst() ?? "").lowercased()
            switch v {
            case "all": o.engines = Engine.allCases
            case "sqlite", "sqlite3": o.engines = [.sqlite]
            case "postgres", "postgresql", "pg": o.engines = [.postgres]
            case "mysql", "mariadb": o.engines = [.mysql]
            default:
                FileHandle.standardError.write(Data("strata-bench: --engine must be sqlite, postgres, mysql or all, not '\(v)'\n".utf8))
                exit(2)
            }
        case "--database-url":
            guard let v = args.popFirst() else {
                FileHandle.standardError.write(Data("strata-bench: --database-url needs a URL\n".utf8))
                exit(2)
            }
            o.urls.append(v)
        case "--inspect":
            let sizes = (args.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
                FileHandle.standardError.write(Data("strata-bench: --inspect needs table counts, e.g. --inspect 200,2000,10000\n".utf8))
                exit(2)
            }
            o.inspectSizes = sizes
        case "--declarative": o.declarativeTables = number(a)
        case "--proof":
            let sizes = (args.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else {
                FileHandle.standardError.write(Data("strata-bench: --proof needs migration counts, e.g. --proof 100,200,300\n".utf8))
                exit(2)
            }
            o.proofSizes = sizes
        case "--strata":
            guard let v = args.popFirst(), !v.isEmpty else {
                FileHandle.standardError.write(Data("strata-bench: --strata needs the path of a strata binary\n".utf8))
                exit(2)
            }
            o.strata = v
        case "-h", "--help":
            print("""
            usage: strata-bench [--engine sqlite|postgres|mysql|all] [--database-url URL]
                                [--migrations N] [--runs N] [--noop-runs N] [--strata PATH]
              --engine         default sqlite; all runs sqlite, postgres and mysql in turn
              --database-url   postgres://… or mysql://… (may be given once per engine); default
                               $STRATA_TEST_POSTGRES_URL / $STRATA_TEST_MYSQL_URL
              --migrations     number of migrations (default 1000)
              --runs           runs of each apply measurement, median shown (default 5)
              --noop-runs      runs of each no-op measurement, median shown (default 30)
              --declarative N  measure diff (N tables, 50 changes), scratch loading of an N-table
                               schema.sql, and sync of 200 tables against the engine's client
              --proof SIZES    measure `strata check` and `strata adopt` over the first N migrations
                               of the workload, e.g. 100,200,300, against the engine's client
                               applying the same up statements
              --inspect SIZES  measure introspection and dump of schemas of these many tables
                               (15 columns, 2 indexes, 1 foreign key each), e.g. 200,2000,10000,
                               against the engine's own schema dump (with --runs, default 5)
              --strata         the strata binary to measure (default: the one next to strata-bench),
                               so that two builds can be compared with the same bench
            """)
            exit(0)
        default:
            FileHandle.standardError.write(Data("strata-bench: unknown option '\(a)'; see --help\n".utf8))
            exit(2)
        }
    }
    return o
}

/// The URL for `engine`: a --database-url with a matching scheme, else the environment.
func serverURL(_ engine: Engine, _ options: Options) -> ServerURL {
    let schemes = engine == .postgres ? ["postgres", "postgresql"] : ["mysql", "mariadb"]
    let envName = engine == .postgres ? "STRATA_TEST_POSTGRES_URL" : "STRATA_TEST_MYSQL_URL"
    let defaultPort = engine == .postgres ? 5432 : 3306
    let matching = options.urls.filter { u in schemes.contains { u.lowercased().hasPrefix("\($0)://") } }
    let others = options.urls.filter { !matching.contains($0) }
    if options.engines.count == 1, !others.isEmpty {
        die("--database-url for --engine \(engine.rawValue) must start with \(schemes[0])://")
    }
    let text: String
    if let u = matching.last {
        text = u
    } else if let u = ProcessInfo.processInfo.environment[envName], !u.isEmpty {
        text = u
    } else {
        die("\(envName) not set; pass --database-url (servers for trying: eval \"$(scripts/dev-servers)\")")
    }
    guard let url = ServerURL(text, defaultPort: defaultPort) else {
        die("cannot read the \(engine.rawValue) database URL (expected \(schemes[0])://USER:PASSWORD@HOST:PORT/DB)")
    }
    return url
}
