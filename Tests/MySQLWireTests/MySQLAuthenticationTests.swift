import Foundation
import NIOCore
import Testing
@testable import MySQLWire

@Suite struct MySQLAuthenticationTests {
    // Vectors derived independently (Python hashlib) from the documented formulas, for
    // password "secret" and the nonce 01 02 … 14:
    //   native:  SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw)))
    //   sha2:    SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce)

    @Test func nativePasswordScramble() {
        #expect(MySQLAuthentication.nativePasswordScramble(password: "secret", nonce: Fixture.nonce).hex
            == "b32bb3a583e1340c0a1108d58b1be49781ad8c2f")
        #expect(MySQLAuthentication.nativePasswordScramble(password: "", nonce: Fixture.nonce).isEmpty)
    }

    @Test func cachingSHA2Scramble() {
        #expect(MySQLAuthentication.cachingSHA2Scramble(password: "secret", nonce: Fixture.nonce).hex
            == "746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9")
        #expect(MySQLAuthentication.cachingSHA2Scramble(password: "", nonce: Fixture.nonce).isEmpty)
    }

    @Test func passwordXORNonceRepeatsTheNonce() {
        let x = MySQLAuthentication.xorWithNonce(password: "ab", nonce: [0x01, 0x02])
        let expected: [UInt8] = [0x60, 0x60, 0x01]  // 0x61^0x01, 0x62^0x02, 0x00^0x01
        #expect(x == expected)
    }

    @Test func unknownPluginIsNamed() {
        #expect {
            try MySQLAuthentication.response(plugin: "auth_gssapi_client", password: "x", nonce: [], tlsActive: false)
        } throws: { error in
            let e = error as? MySQLError
            return e?.code == .authentication && e?.message.contains("auth_gssapi_client") == true
        }
    }

    @Test func clearPasswordNeedsTLS() throws {
        #expect(throws: MySQLError.self) {
            try MySQLAuthentication.response(plugin: "mysql_clear_password", password: "x", nonce: [], tlsActive: false)
        }
        #expect(try MySQLAuthentication.response(plugin: "mysql_clear_password", password: "x", nonce: [], tlsActive: true) == [0x78, 0])
    }

    static let publicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzSpCsU2iyZWV0shM9sMw
        1XycgR1A7X3m8Xzseojev8XYa3A1HMnzbp4cRz4z38/zg+4ZbPvKvaawLPmwlH6p
        Ha2e7eknsBTLcne+3H+c+l+/oRgan9tdl0flVvJx3fnRnp6msDvmmt7Mz0Fy81+W
        fyUCzxh03/hexvC5RlEIlKFuNTpcN1uHb7twDoBd2zJ9FyI6lBqz87SqzdOpEt+f
        LyMMt9XvN73ajI38kd1GGoduiINgkiPp/bWM53L866DLWsWzlE3WJ69cHwIMzlJz
        Nt0bomMZrJYGMIgSreYrQDurI8UayTqTWHhwBe4I5C5LJEKDKvESGg8KyLbrOJYK
        FwIDAQAB
        -----END PUBLIC KEY-----
        """

    /// A throwaway key generated for this test only.
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDNKkKxTaLJlZXS
        yEz2wzDVfJyBHUDtfebxfOx6iN6/xdhrcDUcyfNunhxHPjPfz/OD7hls+8q9prAs
        +bCUfqkdrZ7t6SewFMtyd77cf5z6X7+hGBqf212XR+VW8nHd+dGenqawO+aa3szP
        QXLzX5Z/JQLPGHTf+F7G8LlGUQiUoW41Olw3W4dvu3AOgF3bMn0XIjqUGrPztKrN
        06kS358vIwy31e83vdqMjfyR3UYah26Ig2CSI+n9tYzncvzroMtaxbOUTdYnr1wf
        AgzOUnM23RuiYxmslgYwiBKt5itAO6sjxRrJOpNYeHAF7gjkLkskQoMq8RIaDwrI
        tus4lgoXAgMBAAECggEAEYBN4R8MyGJkve7NNe2PoF55YUA0Fi47wZTU/Vzol3ZS
        kFOpjDOj+ucs5VzmguyTysjITXYrJMNv2t5P1FL7rSbu3D+b3Zbghfq2Asw2AVui
        lqTePI2zbaC57RFQak2RtpS1BmqNsN9ZnEJqgl1Aksb+9tiQu7xNpW3KeDeYYkk9
        6MMy6tRqh7U3tWje8AFJz5O9f++DgnIAd7rGpZ2u5CCBqILuPCD8FmUGa+zRL74m
        YLa7P4VTxPQmQ9QoQ/4JQ0513knn+boXxcktrmoGMWlbdmLuBnInvg+7ezKtNSmq
        hOOvUd2g4mgHXvGKv28bAqqrl3DAQVPyI+AWA56IuQKBgQDpcg0xZo3b+jhqDyMl
        enjqWfrTbR4BxcZH/NDuto/HCTYFAcY8Yrs9eFTfa+ljGEajLuo0Zb198+gxgERW
        fXsT9UZc4FUouph03FqC2PnJ6E6x5NAlclqY0RMwdrEl6zMXpRtkmxJuewx9FlyX
        N46U3d5AJrXdsjN00qa1KphZfwKBgQDg/LtjjPKEDKMJLJpcCFYHpuWM8g0L14tL
        0Xr130jiNUs2DUSfb7sw7IQs4Uyx9n33hchXC8rx68/pUDibBW4f7IE7JdIQDlHi
        KP2Dy40/nzdv3ZCN0cW7tof6GW9jE1+kKRdfsyl15GivXvvmz68xNsSwFoJs1zbx
        NboJJW8raQKBgDu+GGpAGKXnT3C1FwWMZk1zYaGiFz/U4X2i0cWFqx4A2XZGkfj6
        O3jrxqy27S+TEuDILN/j+a62MQIaFWMdEdZ1uuAh+SlHN6UQj4lVBfgKH7mfGTW8
        IjthpkuM1KEjpBu1AWGp3fmwO+33PxLkAPVQIoTAY2KtLEYFcuyCTiL5AoGBALeY
        hbIvCpgHV+PcqfoAM3P7Fcd2nn7TXbB5OUX695bgtoddPGp+2tqJpzKYh+WRqCmc
        2mduECZqsDdMZ2TZgYw7ixmhO1Iu3VMY8Afky1bnrm1y+MtCK4GK6luE9gh7fsiP
        X6uQoHy771FsyVMIl4Ypk0e+lqAK36LmnPFpwtZBAoGBAMBqtRP8odVxwlmpv2Bb
        daN1upN7vJCt5ywVt3Y2aEjoWnLP5Jl6UZMfgAzbpqKhyIZ0khUNL4Y/j9grMR6R
        H7nyWMrls3vzMGLHY7uMMj3ArDN2KfNfLWFIH3WkCT1yiojChDQ/8vPxjkuaH8RG
        xbItuGKTwOnXGppf9OYZTn6Z
        -----END PRIVATE KEY-----
        """

    /// Encrypts with RSA-OAEP and checks with the openssl command (when installed) that
    /// the private key decrypts it to password+NUL XOR nonce.
    @Test func rsaEncryptionDecryptsToPasswordXORNonce() throws {
        let encrypted = try MySQLAuthentication.encryptPassword(password: "s3cr3t", nonce: Fixture.nonce, publicKeyPEM: Self.publicKeyPEM)
        #expect(encrypted.count == 256)
        let openssl = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let openssl else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mysqlwire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("key.pem")
        let input = dir.appendingPathComponent("in.bin")
        let output = dir.appendingPathComponent("out.bin")
        try Self.privateKeyPEM.write(to: key, atomically: true, encoding: .utf8)
        try Data(encrypted).write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: openssl)
        p.arguments = ["pkeyutl", "-decrypt", "-inkey", key.path, "-in", input.path, "-out", output.path,
                       "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let plain = [UInt8](try Data(contentsOf: output))
        #expect(plain == MySQLAuthentication.xorWithNonce(password: "s3cr3t", nonce: Fixture.nonce))
    }

    @Test func badPublicKeyIsAnAuthenticationError() {
        #expect(throws: MySQLError.self) {
            try MySQLAuthentication.encryptPassword(password: "x", nonce: [], publicKeyPEM: "not a key")
        }
    }
}
