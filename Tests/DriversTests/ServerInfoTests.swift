import Drivers
import StrataTestSupport
import Testing

/// `ServerInfo` and `ServerVersion`: parsing the engines' version strings, and what each
/// engine's connection reports.
struct ServerInfoTests {
    @Test(arguments: [
        ("8.0.36", ServerInfo.Flavour.mysql, ServerVersion(8, 0, 36), "MySQL 8.0.36"),
        ("8.0.36-0ubuntu0.22.04.1", .mysql, ServerVersion(8, 0, 36), "MySQL 8.0.36"),
        ("8.4.0-commercial", .mysql, ServerVersion(8, 4, 0), "MySQL 8.4.0"),
        ("5.7.44-log", .mysql, ServerVersion(5, 7, 44), "MySQL 5.7.44"),
        ("5.5.5-10.11.6-MariaDB-0+deb12u1", .mariadb, ServerVersion(10, 11, 6), "MariaDB 10.11.6"),
        ("5.5.5-10.6.18-MariaDB-log", .mariadb, ServerVersion(10, 6, 18), "MariaDB 10.6.18"),
        ("10.11.6-MariaDB", .mariadb, ServerVersion(10, 11, 6), "MariaDB 10.11.6"),
        ("11.4.2-MariaDB-ubu2404", .mariadb, ServerVersion(11, 4, 2), "MariaDB 11.4.2"),
        ("garbage", .mysql, ServerVersion(0), "MySQL 0.0.0"),
    ])
    func mysqlHandshakeVersions(text: String, flavour: ServerInfo.Flavour, version: ServerVersion, description: String) {
        let info = ServerInfo(mysqlVersion: text)
        #expect(info.flavour == flavour)
        #expect(info.version == version)
        #expect(info.versionString == text)
        #expect(info.description == description)
    }

    @Test(arguments: [
        ("15.8 (Debian 15.8-1.pgdg120+1)", ServerVersion(15, 8, 0), "PostgreSQL 15.8"),
        ("15.8", ServerVersion(15, 8, 0), "PostgreSQL 15.8"),
        ("17.0", ServerVersion(17, 0, 0), "PostgreSQL 17.0"),
        ("16beta1", ServerVersion(16, 0, 0), "PostgreSQL 16.0"),
        ("18devel", ServerVersion(18, 0, 0), "PostgreSQL 18.0"),
        ("9.6.24", ServerVersion(9, 6, 24), "PostgreSQL 9.6.24"),
    ])
    func postgresVersions(text: String, version: ServerVersion, description: String) {
        let info = ServerInfo(postgresVersion: text)
        #expect(info.flavour == .postgres)
        #expect(info.version == version)
        #expect(info.description == description)
    }

    @Test func sqliteAndGenericParsing() {
        #expect(ServerInfo(sqliteVersion: "3.46.0") == ServerInfo(flavour: .sqlite, version: ServerVersion(3, 46, 0), versionString: "3.46.0"))
        #expect(ServerInfo(sqliteVersion: "3.46.0").description == "SQLite 3.46.0")
        #expect(ServerVersion(parsing: "10") == ServerVersion(10))
        #expect(ServerVersion(parsing: "10.") == ServerVersion(10))
        #expect(ServerVersion(parsing: "1.2.3.4") == ServerVersion(1, 2, 3))
        #expect(ServerVersion(parsing: "v1.2") == nil)
        #expect(ServerVersion(parsing: "") == nil)
        #expect(ServerVersion(parsing: "99999999999999999999999") == nil)
        #expect(ServerVersion(parsing: "٣.١") == nil)  // digits, but not ASCII ones
    }

    @Test func versionsCompareByTheirNumbers() {
        #expect(ServerVersion(10, 11, 6) > ServerVersion(10, 6, 18))
        #expect(ServerVersion(8, 0, 36) < ServerVersion(8, 4))
        #expect(ServerVersion(15, 8) == ServerVersion(15, 8, 0))
        #expect(ServerVersion(11) > ServerVersion(10, 99, 99))
        #expect([ServerVersion(2), ServerVersion(1, 5), ServerVersion(1, 10)].sorted() == [ServerVersion(1, 5), ServerVersion(1, 10), ServerVersion(2)])
        #expect(ServerVersion(10, 11, 6).description == "10.11.6")
    }

    @Test(arguments: TestEngine.available)
    func eachEngineReportsFlavourAndVersion(engine: TestEngine) async throws {
        try await withConnection(engine) { _, connection in
            let server = try await connection.server
            let description = try await connection.serverDescription
            switch engine {
            case .sqlite:
                let version = try #require(try await connection.query("SELECT sqlite_version() AS v").first).string("v")
                #expect(server == ServerInfo(sqliteVersion: version))
                #expect(server.version >= ServerVersion(3, 35))
                #expect(description == "SQLite \(version)")
            case .postgres:
                let number = try #require(try await connection.query("SELECT current_setting('server_version_num')::int AS n").first).int("n")
                #expect(server.flavour == .postgres)
                #expect(server.version.major == number / 10000)
                #expect(server.version.minor == number % 10000)
                #expect(description == "PostgreSQL \(server.version.major).\(server.version.minor)")
                #expect(try await connection.server == server)  // remembered
            case .mysql:
                let row = try #require(try await connection.query("SELECT VERSION() AS v").first)
                let version = try row.string("v")
                #expect(server.flavour == (version.contains("MariaDB") ? .mariadb : .mysql))
                #expect(version.hasPrefix(server.version.description), "\(version) vs \(server.version)")
                #expect(description == "\(server.flavour) \(server.version)")
                #expect(server.version >= ServerVersion(8))
            }
        }
    }
}
