import NIOCore

/// One command of an open session, with no I/O: from the packet that sends it to the last
/// packet of its answer.
///
/// It renders the command (COM_QUERY with its binds filled in, a batch of statements as one
/// COM_QUERY, COM_PING), checks sequence ids, and reads the answer: OK, ERR, or result sets
/// (column count, column definitions, the EOF after them without `CLIENT_DEPRECATE_EOF`,
/// rows, and the EOF/OK that ends them), several of them while the server says more
/// results exist. ``ConnectionStateMachine`` runs one at a time.
struct CommandStateMachine: Equatable {
    enum State: Equatable {
        /// Nothing sent yet.
        case idle
        /// Waiting for OK, ERR or a column count.
        case awaitingResponse
        /// Reading column definitions.
        case columns(expected: Int)
        /// Reading the EOF that ends the column definitions (without `CLIENT_DEPRECATE_EOF`).
        case columnsEOF
        /// Reading rows until EOF/OK.
        case rows
        /// COM_PING: waiting for OK.
        case ping
        /// The answer is complete (or the command failed).
        case finished
    }

    /// What the connection must do.
    enum Action: Equatable {
        /// Nothing; wait for the next packet.
        case wait
        /// Write and flush the command's packet.
        case write(MySQLPacket)
        /// The command finished; `status` is the server's status after it.
        case succeed(MySQLResult, status: MySQLServerStatus)
        /// The command failed with a server error (or could not be rendered); the session
        /// stays usable, with `status`.
        case fail(MySQLError, status: MySQLServerStatus)
        /// The server broke the protocol: fail everything and close.
        case failAndClose(MySQLError)
    }

    private(set) var state: State = .idle
    /// The session's capabilities (`CLIENT_DEPRECATE_EOF` changes how result sets end).
    let capabilities: MySQLCapabilities
    /// The server status as last reported (the session's before the command).
    private(set) var serverStatus: MySQLServerStatus
    /// The sequence id the server's next packet must have.
    private(set) var nextSequence: UInt8 = 0
    /// Result sets of the statements that finished, in order.
    private(set) var finished: [MySQLResultSet] = []
    /// The result set being read.
    private(set) var current = MySQLResultSet()

    /// A machine for one command of a session with these capabilities and status.
    init(capabilities: MySQLCapabilities, status: MySQLServerStatus) {
        self.capabilities = capabilities
        self.serverStatus = status
    }

    // MARK: - Events

    /// Renders `command` into its packet (sequence id 0). A bind that does not fit fails
    /// the command without sending anything.
    mutating func send(_ command: MySQLCommand) -> Action {
        guard case .idle = state else {
            return .fail(MySQLError(.usage, "the connection is not ready for a command"), status: serverStatus)
        }
        var payload = ByteBuffer()
        let phase: State
        let noBackslashEscapes = serverStatus.contains(.noBackslashEscapes)
        switch command {
        case .query(let sql, let binds):
            let text: String
            do {
                text = try MySQLBind.render(sql, binds: binds, noBackslashEscapes: noBackslashEscapes)
            } catch {
                return .fail(error as? MySQLError ?? MySQLError(.usage, "\(error)"), status: serverStatus)
            }
            payload.writeInteger(UInt8(0x03))
            payload.writeString(text)
            phase = .awaitingResponse
        case .batch(let statements):
            payload.writeInteger(UInt8(0x03))
            do {
                for (i, statement) in statements.enumerated() {
                    if i > 0 { payload.writeString(";\n") }
                    payload.writeString(try MySQLBind.render(statement.sql, binds: statement.binds, noBackslashEscapes: noBackslashEscapes))
                }
            } catch {
                return .fail(error as? MySQLError ?? MySQLError(.usage, "\(error)"), status: serverStatus)
            }
            phase = .awaitingResponse
        case .ping:
            payload.writeInteger(UInt8(0x0E))
            phase = .ping
        }
        let packet = MySQLPacket(sequenceID: 0, payload: payload)
        nextSequence = packet.lastSequenceID &+ 1
        state = phase
        return .write(packet)
    }

    /// A packet of the answer arrived.
    mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        var payload = packet.payload
        let header = packet.headerByte
        if header == 0xFF {
            do {
                let err = try ERRPacket.decode(from: &payload)
                var error = err.error()
                if !finished.isEmpty { error.completedResults = finished.count }
                state = .finished
                return .fail(error, status: serverStatus)
            } catch {
                return failAndClose(error)
            }
        }
        guard packet.sequenceID == nextSequence else {
            return failAndClose(MySQLError(.protocolViolation, "result packet has sequence id \(packet.sequenceID), expected \(nextSequence)"))
        }
        nextSequence = packet.lastSequenceID &+ 1
        do {
            switch state {
            case .ping:
                let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                serverStatus = ok.status
                state = .finished
                return .succeed(MySQLResult(resultSets: []), status: serverStatus)
            case .awaitingResponse:
                switch header {
                case 0x00:
                    let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                    current = MySQLResultSet(affectedRows: ok.affectedRows, lastInsertID: ok.lastInsertID, warnings: ok.warnings, status: ok.status)
                    return endOfStatement(status: ok.status)
                case 0xFB:
                    throw MySQLError(.protocolViolation, "server asked for a LOCAL INFILE upload, which this client never allows")
                default:
                    guard let count = payload.readMySQLLengthEncodedInteger(), count > 0, count <= 4096 else {
                        throw MySQLError(.protocolViolation, "malformed column count in a result set")
                    }
                    current = MySQLResultSet()
                    current.columns.reserveCapacity(Int(count))
                    state = .columns(expected: Int(count))
                }
            case .columns(let expected):
                current.columns.append(try MySQLColumn.decode(from: &payload))
                if current.columns.count == expected {
                    state = capabilities.contains(.deprecateEOF) ? .rows : .columnsEOF
                }
            case .columnsEOF:
                guard EOFPacket.isEOF(payload) else {
                    throw MySQLError(.protocolViolation, "expected an EOF packet after the column definitions")
                }
                state = .rows
            case .rows:
                if header == 0xFE && payload.readableBytes < MySQLPacket.maxFragmentLength {
                    let status: MySQLServerStatus
                    if capabilities.contains(.deprecateEOF) {
                        let ok = try OKPacket.decode(from: &payload, capabilities: capabilities)
                        status = ok.status
                        current.warnings = ok.warnings
                        current.affectedRows = ok.affectedRows
                    } else {
                        guard EOFPacket.isEOF(payload) else {
                            throw MySQLError(.protocolViolation, "malformed EOF packet after the rows")
                        }
                        let eof = try EOFPacket.decode(from: &payload)
                        status = eof.status
                        current.warnings = eof.warnings
                    }
                    current.status = status
                    return endOfStatement(status: status)
                }
                current.rows.append(try MySQLRow.decode(from: &payload, columnCount: current.columns.count))
            case .idle, .finished:
                throw MySQLError(.protocolViolation, "server sent a packet while no command was running")
            }
            return .wait
        } catch {
            return failAndClose(error)
        }
    }

    // MARK: - Steps

    /// A statement's answer is complete: the command ends, or the next statement's begins.
    private mutating func endOfStatement(status: MySQLServerStatus) -> Action {
        serverStatus = status
        finished.append(current)
        current = MySQLResultSet()
        if status.contains(.moreResultsExist) {
            state = .awaitingResponse
            return .wait
        }
        state = .finished
        return .succeed(MySQLResult(resultSets: finished), status: serverStatus)
    }

    private mutating func failAndClose(_ error: any Error) -> Action {
        state = .finished
        return .failAndClose(error as? MySQLError ?? MySQLError(.protocolViolation, "\(error)"))
    }
}
