import Crypto
import _CryptoExtras
import Foundation

/// The authentication plugins' computations: pure functions of password and nonce.
enum MySQLAuthentication {
    static let nativePassword = "mysql_native_password"
    static let cachingSHA2Password = "caching_sha2_password"
    static let clearPassword = "mysql_clear_password"

    /// The plugins this client can answer.
    static let supportedPlugins = [nativePassword, cachingSHA2Password, clearPassword]

    /// `mysql_native_password`: SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))).
    /// An empty password answers with no bytes.
    static func nativePasswordScramble(password: String, nonce: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(Insecure.SHA1.hash(data: Array(password.utf8)))
        let stage2 = Array(Insecure.SHA1.hash(data: stage1))
        var hasher = Insecure.SHA1()
        hasher.update(data: Array(nonce.prefix(20)))
        hasher.update(data: stage2)
        let mask = Array(hasher.finalize())
        return zip(stage1, mask).map { $0 ^ $1 }
    }

    /// `caching_sha2_password` fast path:
    /// SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce).
    /// An empty password answers with no bytes.
    static func cachingSHA2Scramble(password: String, nonce: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(SHA256.hash(data: Array(password.utf8)))
        let stage2 = Array(SHA256.hash(data: stage1))
        var hasher = SHA256()
        hasher.update(data: stage2)
        hasher.update(data: Array(nonce.prefix(20)))
        let mask = Array(hasher.finalize())
        return zip(stage1, mask).map { $0 ^ $1 }
    }

    /// The password with a terminating NUL, XORed with the nonce repeated: the plaintext
    /// that `caching_sha2_password` full authentication encrypts with the server's key.
    static func xorWithNonce(password: String, nonce: [UInt8]) -> [UInt8] {
        let plain = Array(password.utf8) + [0]
        guard !nonce.isEmpty else { return plain }
        return plain.enumerated().map { $0.element ^ nonce[$0.offset % nonce.count] }
    }

    /// Encrypts the XORed password with the server's RSA public key (PEM) using
    /// RSA-OAEP (SHA-1), as `caching_sha2_password` expects without TLS.
    ///
    /// - Throws: ``MySQLError`` (`.authentication`) when the key cannot be read or is too
    ///   small for the password.
    static func encryptPassword(password: String, nonce: [UInt8], publicKeyPEM: String) throws -> [UInt8] {
        let key: _RSA.Encryption.PublicKey
        do {
            key = try _RSA.Encryption.PublicKey(pemRepresentation: publicKeyPEM)
        } catch {
            do {
                key = try _RSA.Encryption.PublicKey(unsafePEMRepresentation: publicKeyPEM)
            } catch {
                throw MySQLError(.authentication, "cannot read the server's RSA public key for caching_sha2_password: \(error)")
            }
        }
        do {
            return Array(try key.encrypt(xorWithNonce(password: password, nonce: nonce), padding: .PKCS1_OAEP))
        } catch {
            throw MySQLError(.authentication, "cannot encrypt the password with the server's RSA public key (is the password longer than the key allows?)")
        }
    }

    /// The first answer of `plugin` to `nonce`.
    ///
    /// - Throws: ``MySQLError`` (`.authentication`) for a plugin this client does not
    ///   support, naming it, or for `mysql_clear_password` without TLS.
    static func response(plugin: String, password: String, nonce: [UInt8], tlsActive: Bool) throws -> [UInt8] {
        switch plugin {
        case nativePassword:
            return nativePasswordScramble(password: password, nonce: nonce)
        case cachingSHA2Password:
            return cachingSHA2Scramble(password: password, nonce: nonce)
        case clearPassword:
            guard tlsActive else {
                throw MySQLError(.authentication, "server asks for 'mysql_clear_password', which would send the password unencrypted; connect with ssl=require")
            }
            return Array(password.utf8) + [0]
        default:
            throw MySQLError(
                .authentication,
                "server asks for authentication plugin '\(plugin)', which this client does not support (supported: \(supportedPlugins.joined(separator: ", ")))"
            )
        }
    }
}
