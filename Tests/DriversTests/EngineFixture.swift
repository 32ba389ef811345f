import Drivers
import StrataTestSupport
import Testing

/// A fresh database on `engine` and a connection to it, both closed and dropped after
/// `body`, also when it throws. Cancels the test case (skipped, with the reason) when the
/// engine's server is not configured.
func withConnection<T>(
    _ engine: TestEngine, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (TestDatabase, any Connection) async throws -> T
) async throws -> T {
    let db = try await engine.makeDatabase(sourceLocation: sourceLocation)
    let connection: any Connection
    do {
        connection = try await db.connect()
        // The URL puts the test's schema first on the search_path; the migrator would
        // create it, these tests do.
        if engine == .postgres { try await connection.execute("CREATE SCHEMA \"\(db.name)\"") }
    } catch {
        await db.drop()
        throw error
    }
    do {
        let result = try await body(db, connection)
        try? await connection.close()
        await db.drop()
        return result
    } catch {
        try? await connection.close()
        await db.drop()
        throw error
    }
}

/// Runs `body`, which must throw a ``DatabaseError``, and returns it.
func expectDatabaseError(
    _ code: DatabaseError.Code, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> DatabaseError? {
    do {
        try await body()
        Issue.record("expected a \(code) error, got none", sourceLocation: sourceLocation)
        return nil
    } catch let error as DatabaseError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected DatabaseError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Synchronous form of ``expectDatabaseError(_:sourceLocation:_:)``.
func expectDecodingError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> DatabaseError? {
    do {
        try body()
        Issue.record("expected a decoding error, got none", sourceLocation: sourceLocation)
        return nil
    } catch let error as DatabaseError {
        #expect(error.code == .decoding, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected DatabaseError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
