import Crypto
import Foundation

// MARK: - Fingerprint

extension Schema {
    /// The SHA-256 of the ``canonicalJSON``, as 64 lowercase hexadecimal digits.
    ///
    /// Two schemas that are equal have the same fingerprint, whatever the order in which
    /// their objects were created, inspected or declared; any change that makes them
    /// unequal changes it. Stored in the history after every migration and `sync`, it
    /// tells at deploy time, without a shadow database, whether a live schema is the one
    /// the files produce.
    public var fingerprint: String {
        let digest = SHA256.hash(data: canonicalJSON)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
