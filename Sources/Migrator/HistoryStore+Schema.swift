import Dialects
import Drivers
import Foundation
import Schema

/// The schema as Strata last left it: what drift is measured against.
struct RecordedSchema: Sendable {
    /// The migration after which it was recorded, or nil (a baseline of nothing).
    var version: String?
    var fingerprint: String
    var recordedAt: String
    var schema: Schema
}

extension HistoryStore {
    /// Reads the live schema (Strata's own tables left out) in one read-only snapshot.
    func inspectLive() async throws -> Inspection {
        let dialect = try await connection.serverDialect()
        return try await dialect.inspector.inspect(connection, scope: InspectionScope(namespace: schema))
    }

    /// The recorded schema, or nil when none was recorded (the table is missing, from an
    /// older format, or empty).
    ///
    /// - Throws: ``MigratorError`` when the recorded JSON cannot be read (it names the
    ///   table and what to do).
    func readRecordedSchema() async throws -> RecordedSchema? {
        let rows: [SQLRow]
        do {
            rows = try await connection.query(sql.selectSnapshot)
        } catch let error as DatabaseError where dialect.isMissingTable(error) {
            return nil
        }
        guard let row = rows.first else { return nil }
        let json = try row.string("schema_json")
        let schema: Schema
        do {
            schema = try Schema(json: Data(json.utf8))
        } catch {
            throw MigratorError(
                .notAllowed,
                "the schema recorded in \(HistorySQL.schemaTableName) cannot be read (\(error)); run `strata up --allow-drift` to record the live schema again")
        }
        return RecordedSchema(
            version: try row.optionalString("version"), fingerprint: try row.string("fingerprint"),
            recordedAt: try row.string("recorded_at"), schema: schema)
    }

    /// Records `schema` as the one Strata left, after `version` (whose history row gets
    /// the fingerprint too).
    func recordSchema(_ schema: Schema, after version: String?) async throws {
        let fingerprint = schema.fingerprint
        var statements = [
            BatchStatement(sql.upsertSnapshot, [
                .text(HistorySQL.liveSchemaKey), version.map(SQLValue.text) ?? .null, .text(fingerprint),
                .text(utcTimestamp()), .text(String(decoding: schema.jsonData(), as: UTF8.self)),
            ])
        ]
        if let version {
            statements.append(BatchStatement(sql.updateFingerprint, [.text(fingerprint), .text(version)]))
        }
        try await write(statements)
    }

    /// Inspects the live schema and records it after `version`.
    @discardableResult
    func recordLiveSchema(after version: String?) async throws -> Inspection {
        let inspection = try await inspectLive()
        try await recordSchema(inspection.schema, after: version)
        return inspection
    }
}

/// How the live schema differs from the one Strata recorded.
public struct DriftReport: Sendable, Codable, Hashable {
    /// The migration after which the schema was recorded.
    public var recordedAfter: String?
    /// When it was recorded (UTC).
    public var recordedAt: String
    /// The objects changed since, by name; empty when there is no drift.
    public var differences: [SchemaDifference]
    /// Why drift could not be measured this time, when it could not.
    public var notChecked: String?

    /// Whether the live schema differs from the recorded one.
    public var hasDrift: Bool { !differences.isEmpty }

    /// One line naming the changed objects (at most ten, then how many more).
    public var summary: String {
        let names = differences.prefix(10).map(\.description)
        let more = differences.count > 10 ? "; and \(differences.count - 10) more" : ""
        return names.joined(separator: "; ") + more
    }
}

extension Migrator {
    /// Compares the live schema with the one recorded after the last migration.
    ///
    /// - Returns: nil when no schema was recorded yet (a history from before drift
    ///   detection, or none); otherwise the report, which is not checked (with the reason)
    ///   while a migration is failed or the last run stopped before recording.
    func drift(in store: HistoryStore, history: [HistoryRecord]) async throws -> DriftReport? {
        guard let recorded = try await store.readRecordedSchema() else { return nil }
        var report = DriftReport(recordedAfter: recorded.version, recordedAt: recorded.recordedAt, differences: [])
        if let stopped = history.first(where: { $0.status == .failed || $0.status == .running }) {
            let how = stopped.status == .running ? "was interrupted" : "failed"
            report.notChecked = "migration \(stopped.version) \(how) part-way, and its statements that ran are in the schema"
            return report
        }
        if let last = Self.lastApplied(history), last.version != recorded.version {
            report.notChecked = "the schema was recorded after \(recorded.version ?? "nothing"), but \(last.version) was applied since (a run stopped before recording it)"
            return report
        }
        let live: Schema
        do {
            live = try await store.inspectLive().schema
        } catch {
            report.notChecked = "the live schema could not be read (\(error))"
            return report
        }
        if live.fingerprint != recorded.fingerprint {
            report.differences = recorded.schema.differences(to: live)
            if report.differences.isEmpty {
                report.differences = [SchemaDifference(kind: "schema", name: live.name ?? "schema", change: .changed, detail: "fingerprint")]
            }
        }
        return report
    }

    /// The history row applied last (by time, then version), of those that change the schema.
    static func lastApplied(_ history: [HistoryRecord]) -> HistoryRecord? {
        history.filter { $0.status == .applied || $0.status == .baseline || $0.status == .adopted }
            .max { ($0.appliedAt, $0.version) < ($1.appliedAt, $1.version) }
    }

    /// Records the live schema after the last applied migration, warning instead of
    /// failing: the migrations did commit, and the next run re-records.
    func recordSchemaAfterRun(_ store: HistoryStore) async {
        do {
            let history = try await store.read() ?? []
            try await store.recordLiveSchema(after: Self.lastApplied(history)?.version)
        } catch {
            emit(.warning("the schema after this run could not be recorded for drift detection (\(error)); the next run records it"))
        }
    }
}

extension MigratorError.Code {
    /// The live schema differs from the one Strata recorded after the last migration.
    public static let drift = MigratorError.Code(raw: "drift")
}

extension Migrator {
    /// Stops `up` before it changes anything when the live schema drifted from the one
    /// recorded after the last migration, unless `allow`; then logs what drifted.
    ///
    /// - Returns: The drifted objects that were let pass.
    func checkDrift(_ store: HistoryStore, history: [HistoryRecord], allow: Bool) async throws -> [SchemaDifference] {
        guard let report = try await drift(in: store, history: history) else { return [] }
        if let reason = report.notChecked {
            emit(.warning("drift not checked: \(reason)"))
            return []
        }
        guard report.hasDrift else { return [] }
        let after = report.recordedAfter.map { "after \($0)" } ?? "by the baseline"
        guard allow else {
            throw MigratorError(
                .drift,
                "the schema changed outside Strata since it was recorded \(after) (\(report.recordedAt)): \(report.summary); put the change in a migration, or revert it, or run `strata up --allow-drift` to accept it")
        }
        try await store.log(
            event: .drift, version: report.recordedAfter, name: nil, checksum: nil, actor: options.actor,
            detail: "accepted with --allow-drift: \(report.summary)", at: utcTimestamp())
        emit(.warning("accepting drift (--allow-drift): \(report.summary)"))
        return report.differences
    }
}
