import NIOCore
import PostgresNIO

/// Reads one result cell, sent by the server in binary format, into a ``SQLValue`` by the
/// column's type OID. Text forms follow PostgreSQL's own output (`2024-01-02 03:04:05.5`),
/// with times in UTC; `bool` is ``SQLValue/bool(_:)``; arrays, `int2vector` and `oidvector`
/// are ``SQLValue/array(_:)`` of their elements.
enum PostgresValueReader {
    static func value(of cell: PostgresCell) throws -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        if let value = read(type: cell.dataType.rawValue, &bytes) { return value }
        throw DatabaseError(
            .statement,
            "column \"\(cell.columnName)\" has type \(cell.dataType) (OID \(cell.dataType.rawValue)), which Strata cannot read; cast it to text (\(cell.columnName)::text)")
    }

    /// The value of one binary-format datum, or nil when the type is not understood.
    static func read(type oid: UInt32, _ buffer: inout ByteBuffer) -> SQLValue? {
        switch oid {
        case 16:  // bool
            guard let b = buffer.readInteger(as: UInt8.self) else { return nil }
            return .bool(b != 0)
        case 17:  // bytea
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case 18, 19, 25, 114, 142, 194, 705, 1042, 1043:  // "char", name, text, json, xml, pg_node_tree, unknown, bpchar, varchar
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case 3802, 4072:  // jsonb, jsonpath: version byte, then text
            guard buffer.readInteger(as: UInt8.self) == 1 else { return nil }
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case 21: return buffer.readInteger(as: Int16.self).map { .int(Int64($0)) }
        case 23: return buffer.readInteger(as: Int32.self).map { .int(Int64($0)) }
        case 20: return buffer.readInteger(as: Int64.self).map { .int($0) }
        // oid, regproc, xid, cid, regprocedure, regoper, regoperator, regclass, regtype,
        // regconfig, regdictionary, regnamespace, regrole, regcollation
        case 26, 24, 28, 29, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096, 4191:
            return buffer.readInteger(as: UInt32.self).map { .int(Int64($0)) }
        case 5069:  // xid8
            return buffer.readInteger(as: UInt64.self).map { .int(Int64(truncatingIfNeeded: $0)) }
        case 700: return buffer.readInteger(as: UInt32.self).map { .double(Double(Float(bitPattern: $0))) }
        case 701: return buffer.readInteger(as: UInt64.self).map { .double(Double(bitPattern: $0)) }
        case 1700: return numeric(&buffer).map { .text($0) }
        case 2950: return uuid(&buffer).map { .text($0) }
        case 1082:  // date
            return buffer.readInteger(as: Int32.self).map { .text(date($0)) }
        case 1083:  // time
            return buffer.readInteger(as: Int64.self).map { .text(time(ofDay: $0)) }
        case 1114, 1184:  // timestamp, timestamptz
            return buffer.readInteger(as: Int64.self).map { .text(timestamp($0, zone: oid == 1184)) }
        case 3220:  // pg_lsn
            return buffer.readInteger(as: UInt64.self).map {
                .text(String($0 >> 32, radix: 16, uppercase: true) + "/" + String($0 & 0xFFFF_FFFF, radix: 16, uppercase: true))
            }
        case 22, 30:  // int2vector, oidvector: sent as one-dimensional int2 and oid arrays
            return array(&buffer)
        case 143, 199, 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1013, 1014, 1015, 1016,
            1021, 1022, 1028, 1115, 1182, 1183, 1185, 1231, 2207, 2208, 2209, 2210, 2211, 2951,
            3221, 3735, 3770, 3807, 4073, 4090, 4097, 4192, 271, 1011, 1012:
            // xml, json, bool … regcollation, xid8, xid and cid arrays
            return array(&buffer)
        default:
            // Enums, citext and other extension types send their text as is.
            if let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
               text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" }),
               validUTF8(buffer.readableBytesView) {
                return .text(text)
            }
            // Arrays of those (their type OIDs are made when the type is): the binary array
            // form starts with NUL bytes, which text never holds, so the two cannot be confused.
            var copy = buffer
            guard let value = array(&copy) else { return nil }
            buffer = copy
            return value
        }
    }

    private static func validUTF8(_ bytes: ByteBufferView) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    // MARK: - Numbers

    /// `numeric`: base-10000 digits with a weight, sign and display scale.
    static func numeric(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: UInt16.self),
              count >= 0
        else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        case 0x0000, 0x4000: break
        default: return nil
        }
        var digits: [Int16] = []
        for _ in 0..<count {
            guard let d = buffer.readInteger(as: Int16.self), (0..<10000).contains(d) else { return nil }
            digits.append(d)
        }
        func group(_ exponent: Int) -> Int16 {
            let i = Int(weight) - exponent
            return i >= 0 && i < digits.count ? digits[i] : 0
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(group(Int(weight)))
            var e = Int(weight) - 1
            while e >= 0 {
                text += padded(group(e), 4)
                e -= 1
            }
        }
        if scale > 0 {
            var fraction = ""
            var e = -1
            while fraction.count < Int(scale) {
                fraction += padded(group(e), 4)
                e -= 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        if text == "-0" || (text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }) {
            text.removeFirst()
        }
        return text
    }

    private static func padded(_ n: some BinaryInteger, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func uuid(_ buffer: inout ByteBuffer) -> String? {
        guard let bytes = buffer.readBytes(length: 16) else { return nil }
        var s = ""
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { s += "-" }
            s += padded(String(b, radix: 16), 2).lowercased()
        }
        return s
    }

    private static func padded(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: - Dates and times

    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
    private static let epochDays: Int64 = 10957

    /// The civil date of a day count since 1970-01-01 (proleptic Gregorian).
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Shift to a calendar whose years start in March, in 400-year eras of 146097 days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func dateText(daysSince2000 days: Int64) -> (text: String, bc: Bool) {
        let (y, m, d) = civil(daysSince1970: days + epochDays)
        let bc = y <= 0
        return (padded(bc ? 1 - y : y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2), bc)
    }

    static func date(_ days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        let (text, bc) = dateText(daysSince2000: Int64(days))
        return bc ? text + " BC" : text
    }

    static func time(ofDay micros: Int64) -> String {
        let seconds = micros / 1_000_000
        var s = padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
        let fraction = micros % 1_000_000
        if fraction != 0 {
            var f = padded(fraction, 6)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s
    }

    static func timestamp(_ micros: Int64, zone: Bool) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let (text, bc) = dateText(daysSince2000: days)
        return text + " " + time(ofDay: rest) + (zone ? "+00" : "") + (bc ? " BC" : "")
    }

    // MARK: - Arrays

    /// A binary array: dimensions, a has-NULL flag, the element type, each dimension's size
    /// and lower bound, then each element (length and bytes, -1 for NULL) in row-major
    /// order. Returns nested ``SQLValue/array(_:)`` values for several dimensions, or nil when
    /// the bytes are not such an array (all of them must be used) or an element's type is
    /// not understood.
    static func array(_ buffer: inout ByteBuffer) -> SQLValue? {
        guard let dimensions = buffer.readInteger(as: Int32.self), (0...6).contains(dimensions),
              let flags = buffer.readInteger(as: Int32.self), flags == 0 || flags == 1,
              let elementType = buffer.readInteger(as: UInt32.self)
        else { return nil }
        var sizes: [Int] = []
        var total = 1
        for _ in 0..<dimensions {
            guard let size = buffer.readInteger(as: Int32.self), size >= 0, buffer.readInteger(as: Int32.self) != nil else { return nil }
            sizes.append(Int(size))
            let (product, overflow) = total.multipliedReportingOverflow(by: Int(size))
            // Every element takes at least its 4-byte length.
            guard !overflow, product <= buffer.readableBytes / 4 else { return nil }
            total = product
        }
        if sizes.isEmpty { total = 0 }
        var elements: [SQLValue] = []
        elements.reserveCapacity(total)
        for _ in 0..<total {
            guard let length = buffer.readInteger(as: Int32.self) else { return nil }
            if length < 0 {
                elements.append(.null)
                continue
            }
            guard var slice = buffer.readSlice(length: Int(length)), let value = read(type: elementType, &slice) else { return nil }
            elements.append(value)
        }
        guard buffer.readableBytes == 0 else { return nil }
        guard !sizes.isEmpty else { return .array([]) }
        var next = 0
        func nest(_ level: Int) -> SQLValue {
            var items: [SQLValue] = []
            items.reserveCapacity(sizes[level])
            for _ in 0..<sizes[level] {
                if level + 1 < sizes.count {
                    items.append(nest(level + 1))
                } else {
                    items.append(elements[next])
                    next += 1
                }
            }
            return .array(items)
        }
        return nest(0)
    }
}
