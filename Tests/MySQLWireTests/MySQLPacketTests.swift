import NIOCore
import NIOEmbedded
import Testing
@testable import MySQLWire

@Suite struct MySQLPacketTests {
    /// COM_QUERY "SELECT 1" as the protocol documentation shows it: length 9, sequence 0.
    static let comQuery = ByteBuffer(hex: "09 00 00 00 03 53 45 4c 45 43 54 20 31")

    @Test func decodesOnePacket() throws {
        var b = Self.comQuery
        let packet = try #require(try MySQLPacket.decode(from: &b))
        #expect(packet.sequenceID == 0)
        #expect(packet.lastSequenceID == 0)
        #expect(packet.payload.hex == "0353454c4543542031")
        #expect(b.readableBytes == 0)
    }

    @Test func incompleteFrameReturnsNilAndKeepsReaderIndex() throws {
        let all = Self.comQuery
        for cut in 0..<all.readableBytes {
            var partial = all.getSlice(at: 0, length: cut) ?? ByteBuffer()
            #expect(try MySQLPacket.decode(from: &partial) == nil)
            #expect(partial.readerIndex == 0)
        }
    }

    @Test func dripFedDecoderYieldsEachPacketOnce() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(MySQLPacketDecoder()))
        var stream = Self.comQuery
        stream.writeImmutableBuffer(ByteBuffer(hex: "01 00 00 01 0e"))  // COM_PING, seq 1
        stream.writeImmutableBuffer(ByteBuffer(hex: "00 00 00 02"))     // empty payload, seq 2
        var packets: [MySQLPacket] = []
        while let byte = stream.readSlice(length: 1) {
            try channel.writeInbound(byte)
            while let p = try channel.readInbound(as: MySQLPacket.self) { packets.append(p) }
        }
        #expect(packets.map(\.sequenceID) == [0, 1, 2])
        #expect(packets.map(\.payload.readableBytes) == [9, 1, 0])
        #expect(try channel.finish().isClean)
    }

    @Test func splitsAndJoinsPayloadsOf16MiBAndMore() throws {
        for extra in [0, 1, 10, MySQLPacket.maxFragmentLength] {
            let length = MySQLPacket.maxFragmentLength + extra
            var payload = ByteBuffer()
            payload.writeRepeatingByte(0x61, count: length)
            // Markers around each fragment boundary catch a join in the wrong order.
            for (i, at) in [0, MySQLPacket.maxFragmentLength - 1, MySQLPacket.maxFragmentLength, length - 1].enumerated() where at < length {
                payload.setInteger(UInt8(i + 1), at: at)
            }
            let packet = MySQLPacket(sequenceID: 5, payload: payload)
            let fragments = length / MySQLPacket.maxFragmentLength + 1
            #expect(packet.lastSequenceID == UInt8(5 + fragments - 1))
            var wire = ByteBuffer()
            packet.encode(into: &wire)
            #expect(wire.readableBytes == length + 4 * fragments)
            // First header: ff ff ff, sequence 5; second: sequence 6.
            #expect(wire.getSlice(at: 0, length: 4)?.hex == "ffffff05")
            #expect(wire.getInteger(at: 4 + MySQLPacket.maxFragmentLength + 3, as: UInt8.self) == 6)
            // A packet of exactly 0xFFFFFF bytes ends with an empty fragment.
            if extra == 0 {
                #expect(wire.getSlice(at: 4 + MySQLPacket.maxFragmentLength, length: 4)?.hex == "00000006")
            }
            // Not decodable until the last byte is there.
            var partial = wire.getSlice(at: 0, length: wire.readableBytes - 1) ?? ByteBuffer()
            #expect(try MySQLPacket.decode(from: &partial) == nil)
            #expect(partial.readerIndex == 0)
            let decoded = try #require(try MySQLPacket.decode(from: &wire))
            #expect(decoded.sequenceID == 5)
            #expect(decoded.lastSequenceID == packet.lastSequenceID)
            #expect(decoded.payload == payload)
            #expect(wire.readableBytes == 0)
        }
    }

    @Test func splitPacketWithWrongSequenceThrows() throws {
        var wire = ByteBuffer()
        wire.writeBytes([0xFF, 0xFF, 0xFF, 0x00])
        wire.writeRepeatingByte(0x61, count: MySQLPacket.maxFragmentLength)
        wire.writeBytes([0x01, 0x00, 0x00, 0x07, 0x62])  // sequence 7, expected 1
        #expect(throws: MySQLError.self) { try MySQLPacket.decode(from: &wire) }
    }
}
