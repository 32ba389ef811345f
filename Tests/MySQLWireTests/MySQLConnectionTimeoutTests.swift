#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Testing
import MySQLWire
import StrataTestSupport

@Suite struct MySQLConnectionTimeoutTests {
    @Test func silentServerHitsTheConnectTimeout() async throws {
        let listener = try LoopbackSocket(listen: true)
        defer { listener.close() }
        let started = ContinuousClock.now
        await #expect {
            _ = try await MySQLConnection.connect(configuration: MySQLConfiguration(
                host: "127.0.0.1", port: listener.port, username: "root", password: "hunter22",
                connectTimeout: .milliseconds(300)
            ))
        } throws: { error in
            let e = error as? MySQLError
            return e?.code == .timeout && e?.message.contains("hunter22") == false
        }
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test func refusedPortFailsFast() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await MySQLConnection.connect(configuration: MySQLConfiguration(host: "127.0.0.1", port: 1, username: "root"))
        } throws: { ($0 as? MySQLError)?.code == .connection }
        #expect(ContinuousClock.now - started < .seconds(8))
    }
}
