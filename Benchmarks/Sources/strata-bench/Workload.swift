import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The shared work directory and the workload: N migration files in dbmate's format, and
/// the same statements as a script for the engines' clients.
struct Workload {
    let work: String
    let count: Int
    /// (version, up statement) in order.
    let ups: [(String, String)]

    init(count: Int) throws {
        self.count = count
        work = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work + "/migrations", withIntermediateDirectories: true)
        var ups: [(String, String)] = []
        for i in 1...count {
            let v = String(format: "%05d", i)
            let up: String
            let down: String
            if i % 2 == 1 {
                up = "CREATE TABLE t\(i) (id INTEGER PRIMARY KEY, name TEXT);"
                down = "DROP TABLE t\(i);"
            } else {
                up = "ALTER TABLE t\(i - 1) ADD COLUMN extra\(i) INTEGER;"
                down = "ALTER TABLE t\(i - 1) DROP COLUMN extra\(i);"
            }
            try "-- migrate:up\n\(up)\n\n-- migrate:down\n\(down)\n".write(toFile: "\(work)/migrations/\(v)_m\(i).sql", atomically: false, encoding: .utf8)
            ups.append((v, up))
        }
        self.ups = ups
    }

    /// The reference client's script: the same statements, one transaction each with a
    /// history insert.
    func script(name: String, createHistory: String, now: String) throws -> String {
        var s = createHistory + "\n"
        for (v, up) in ups {
            s += "BEGIN;\n\(up)\nINSERT INTO history VALUES ('\(v)', \(now));\nCOMMIT;\n"
        }
        let path = "\(work)/\(name)"
        try s.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}
