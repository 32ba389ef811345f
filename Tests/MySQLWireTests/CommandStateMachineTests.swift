import NIOCore
import Testing
@testable import MySQLWire

/// One command on its own: rendering, sequence ids, result sets, and the server status it
/// hands back to the session.
@Suite struct CommandStateMachineTests {
    typealias Machine = CommandStateMachine

    static let capabilities = MySQLCapabilities(rawValue: 0xDFFF_FFFF)

    static func machine(capabilities: MySQLCapabilities = Self.capabilities, status: MySQLServerStatus = .autocommit) -> Machine {
        Machine(capabilities: capabilities, status: status)
    }

    static func packet(_ seq: UInt8, _ payload: ByteBuffer) -> MySQLPacket {
        MySQLPacket(sequenceID: seq, payload: payload)
    }

    @Test func queryIsRenderedWithTheSessionsEscaping() {
        var m = Self.machine(status: [.autocommit, .noBackslashEscapes])
        var payload = ByteBuffer(hex: "03")
        payload.writeString(#"SELECT 'a\''b'"#)
        #expect(m.send(.query("SELECT ?", [.text(#"a\'b"#)])) == .write(Self.packet(0, payload)))
        #expect(m.state == .awaitingResponse)
        #expect(m.nextSequence == 1)
    }

    @Test func bindMismatchFailsWithTheStatusUnchanged() {
        var m = Self.machine(status: [.autocommit, .inTransaction])
        guard case .fail(let e, let status) = m.send(.query("SELECT ?, ?", [.int(1)])) else {
            Issue.record("expected failure")
            return
        }
        #expect(e.code == .usage)
        #expect(status == [.autocommit, .inTransaction])
        #expect(m.state == .idle)
    }

    @Test func pingReturnsTheStatusOfItsOK() {
        var m = Self.machine()
        #expect(m.send(.ping) == .write(Self.packet(0, ByteBuffer(hex: "0e"))))
        #expect(m.state == .ping)
        #expect(m.packetReceived(Self.packet(1, Fixture.ok(status: [.autocommit, .inTransaction]))) == .succeed(MySQLResult(resultSets: []), status: [.autocommit, .inTransaction]))
        #expect(m.state == .finished)
    }

    @Test func resultSetPhases() {
        var m = Self.machine()
        _ = m.send(.query("SELECT a, b", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.lengthEncoded(2))) == .wait)
        #expect(m.state == .columns(expected: 2))
        #expect(m.packetReceived(Self.packet(2, Fixture.column("a", .longlong))) == .wait)
        #expect(m.packetReceived(Self.packet(3, Fixture.column("b", .varString))) == .wait)
        #expect(m.state == .rows)
        #expect(m.packetReceived(Self.packet(4, Fixture.row(["1", "x"]))) == .wait)
        #expect(m.current.rows.count == 1)
        guard case .succeed(let result, let status) = m.packetReceived(Self.packet(5, Fixture.ok(warnings: 2, header: 0xFE))) else {
            Issue.record("expected success")
            return
        }
        #expect(result.columns.map(\.name) == ["a", "b"])
        #expect(result.resultSets.first?.warnings == 2)
        #expect(status == .autocommit)
    }

    @Test func legacyEOFAfterTheColumns() {
        var m = Self.machine(capabilities: Self.capabilities.subtracting(.deprecateEOF))
        _ = m.send(.query("SELECT a", []))
        _ = m.packetReceived(Self.packet(1, Fixture.lengthEncoded(1)))
        _ = m.packetReceived(Self.packet(2, Fixture.column("a", .varString)))
        #expect(m.state == .columnsEOF)
        #expect(m.packetReceived(Self.packet(3, Fixture.row(["x"]))) == .failAndClose(MySQLError(
            .protocolViolation, "expected an EOF packet after the column definitions"
        )))
    }

    @Test func errorAfterAFinishedStatementCarriesItsStatus() {
        var m = Self.machine()
        _ = m.send(.query("INSERT …; INSERT …", []))
        let between: MySQLServerStatus = [.autocommit, .moreResultsExist, .inTransaction]
        #expect(m.packetReceived(Self.packet(1, Fixture.ok(affected: 1, status: between))) == .wait)
        #expect(m.state == .awaitingResponse)
        #expect(m.serverStatus == between)
        var expected = MySQLError(.server, "Duplicate entry '1' for key 'PRIMARY'", serverCode: 1062, sqlState: "23000")
        expected.completedResults = 1
        // An ERR packet's sequence id is not checked.
        #expect(m.packetReceived(Self.packet(9, Fixture.err(1062, "23000", "Duplicate entry '1' for key 'PRIMARY'"))) == .fail(expected, status: between))
        #expect(m.state == .finished)
    }

    @Test func localInfileIsRefused() {
        var m = Self.machine()
        _ = m.send(.query("LOAD DATA LOCAL INFILE 'x' INTO TABLE t", []))
        #expect(m.packetReceived(Self.packet(1, ByteBuffer(hex: "fb 78"))) == .failAndClose(MySQLError(
            .protocolViolation, "server asked for a LOCAL INFILE upload, which this client never allows"
        )))
    }

    @Test func malformedColumnCount() {
        var m = Self.machine()
        _ = m.send(.query("SELECT 1", []))
        #expect(m.packetReceived(Self.packet(1, Fixture.lengthEncoded(5000))) == .failAndClose(MySQLError(
            .protocolViolation, "malformed column count in a result set"
        )))
    }

    @Test func wrongSequenceIDNamesBoth() {
        var m = Self.machine()
        _ = m.send(.query("SELECT 1", []))
        #expect(m.packetReceived(Self.packet(3, Fixture.ok())) == .failAndClose(MySQLError(
            .protocolViolation, "result packet has sequence id 3, expected 1"
        )))
    }
}
