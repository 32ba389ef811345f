import Drivers
import Foundation

extension TestDatabase {
    /// The engine's own command-line client for this database (`sqlite3`, `psql`,
    /// `mariadb`/`mysql`), if it is installed: what a user runs hand-written scripts with.
    public var clientPath: String? {
        let names: [String] = switch engine {
        case .sqlite: ["sqlite3"]
        case .postgres: ["psql"]
        case .mysql: ["mariadb", "mysql"]
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/lib/postgresql/15/bin"]
        for name in names {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
                return dir + "/" + name
            }
        }
        return nil
    }

    /// Runs `script` with the engine's own client, stopping at the first error, as a user
    /// running a migration file by hand would.
    ///
    /// - Throws: when the client is missing or exits with an error (its output in the message).
    public func runWithClient(_ script: String) throws {
        guard let client = clientPath else {
            throw DatabaseError(.configuration, "the \(engine) client is not installed")
        }
        var arguments: [String]
        var environment = ProcessInfo.processInfo.environment
        var input = script
        switch engine {
        case .sqlite:
            arguments = ["-bail", url.path]
        case .postgres:
            // The test database is a schema of the server's database.
            guard let base = engine.baseURL else { throw DatabaseError(.configuration, "STRATA_TEST_POSTGRES_URL not set") }
            arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", base]
            input = "CREATE SCHEMA IF NOT EXISTS \"\(name)\";\nSET search_path TO \"\(name)\";\n" + script
        case .mysql:
            arguments = ["--host=\(url.host ?? "127.0.0.1")", "--port=\(url.port ?? 3306)", "--user=\(url.user ?? "root")", "--protocol=TCP", name]
            environment["MYSQL_PWD"] = url.password ?? ""
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: client)
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DatabaseError(.statement, "\(client) exited with \(process.terminationStatus): \(text)")
        }
    }
}
