import Schema

/// The engine-neutral classes of each change (see ``ChangeClass``), followed by the
/// engine's own findings.
struct Classifier {
    let from: Schema
    let to: Schema
    let advisor: any DiffAdvisor
    /// Tables the plan creates: adding a key or a check to one needs nothing of its rows.
    let newTables: Set<String>

    /// The findings of `kind`; for a rebuild, those of the changes it stands for.
    func findings(for kind: SchemaChange.Kind, parts: [SchemaChange.Kind]?) -> [ChangeFinding] {
        var out: [ChangeFinding]
        if let parts {
            out = [ChangeFinding(rule: kind.rule, changeClass: .safe)]
            for part in parts {
                for finding in neutral(part) where finding.changeClass != .safe && !out.contains(finding) {
                    out.append(finding)
                }
            }
        } else {
            out = neutral(kind)
        }
        for finding in advisor.engineFindings(for: kind, from: from, to: to) where !out.contains(finding) {
            out.append(finding)
        }
        // A change that is not safe drops its "safe" label.
        if out.count > 1, out[0].changeClass == .safe, out.dropFirst().contains(where: { $0.changeClass != .safe && $0.changeClass != .locking }) {
            out.removeFirst()
        }
        return out
    }

    private func neutral(_ kind: SchemaChange.Kind) -> [ChangeFinding] {
        let name = kind.objectName
        switch kind {
        case .dropTable:
            return [destructive(kind, "drops table \(name) and every row in it", "keep the table, or pass --allow-destructive if its data may go")]
        case .dropColumn:
            return [destructive(kind, "drops column \(name) and its values", "keep the column, or declare a rename if it moved (--rename)")]
        case .dropIndex, .dropUnique:
            return [destructive(kind, "drops \(name); queries that used it may slow down", "keep it, or pass --allow-destructive")]
        case .dropForeignKey, .dropCheck:
            return [destructive(kind, "drops constraint \(name); rows it rejected become possible", "keep it, or pass --allow-destructive")]
        case .dropView:
            if to.view(named: name) != nil { return [safe(kind)] }
            return [destructive(kind, "drops view \(name)", "keep it, or pass --allow-destructive")]
        case .dropEnumType, .dropSequence:
            return [destructive(kind, "drops \(kind.objectKind) \(name)", "keep it, or pass --allow-destructive")]
        case .dropUnmodelled(let object):
            if to.unmodelled.contains(where: { $0.sortKey == object.sortKey }) { return [safe(kind)] }
            return [destructive(kind, "drops \(object.kind.rawValue) \(name)", "keep it, or pass --allow-destructive")]
        case .alterSequence(let old, let new):
            return old.options.minValue != new.options.minValue || old.options.maxValue != new.options.maxValue
                ? [ChangeFinding(rule: "alter-sequence", changeClass: .dataDependent, message: "changes the range of sequence \(name)", remedy: "check the current value is inside the new range")]
                : [safe(kind)]
        case .renameTable(let old, let new):
            return [ChangeFinding(rule: kind.rule, changeClass: .safe, message: "renames \(old) to \(new); app versions still using \(old) break",
                                  remedy: "deploy code that reads both names first, or add a view under the old name")]
        case .renameColumn(let table, let old, let new):
            return [ChangeFinding(rule: kind.rule, changeClass: .safe, message: "renames \(table).\(old) to \(new); app versions still using \(old) break",
                                  remedy: "deploy code that reads both names first")]
        case .addColumn(let table, let column):
            if newTables.contains(table) || column.isNullable || column.defaultValue != nil || column.identity != nil {
                return [safe(kind)]
            }
            return [ChangeFinding(rule: "add-not-null-column", changeClass: .dataDependent,
                                  message: "adds NOT NULL column \(name) without a default; it fails if \(table) has rows",
                                  remedy: "give it a default, or add it nullable, backfill, then set NOT NULL")]
        case .alterColumn(let table, let old, let new):
            return alterColumn(table: table, old, new, kind: kind)
        case .setPrimaryKey(let table, let old, let new):
            if newTables.contains(table) { return [safe(kind)] }
            var out: [ChangeFinding] = []
            if old != nil {
                out.append(destructive(kind, "drops the primary key of \(table)", "keep the key, or pass --allow-destructive"))
            }
            if new != nil {
                out.append(ChangeFinding(rule: "add-primary-key", changeClass: .dataDependent,
                                         message: "adds a primary key to \(table); it fails on duplicate or NULL values",
                                         remedy: "check the rows are unique and not null first"))
            }
            return out
        case .addUnique(let table, _):
            return newTables.contains(table) ? [safe(kind)] : [dataDependent(kind, "adds a unique constraint \(name); it fails if \(table) holds duplicates", "remove duplicates first")]
        case .addIndex(let table, let index):
            return index.isUnique && !newTables.contains(table)
                ? [ChangeFinding(rule: "add-unique-index", changeClass: .dataDependent, message: "adds unique index \(name); it fails if \(table) holds duplicates", remedy: "remove duplicates first")]
                : [safe(kind)]
        case .addCheck(let table, _):
            return newTables.contains(table) ? [safe(kind)] : [dataDependent(kind, "adds check \(name); it fails if a row of \(table) breaks it", "fix the rows first")]
        case .addForeignKey(let table, _):
            return newTables.contains(table) ? [safe(kind)] : [dataDependent(kind, "adds foreign key \(name); it fails if a row of \(table) points nowhere", "fix or delete orphan rows first")]
        case .createEnumType, .addEnumValues, .createSequence, .createTable, .createView, .createUnmodelled,
             .alterTableOptions, .setTableComment, .rebuildTable:
            return [safe(kind)]
        }
    }

    private func alterColumn(table: String, _ old: Column, _ new: Column, kind: SchemaChange.Kind) -> [ChangeFinding] {
        var out: [ChangeFinding] = []
        let name = "\(table).\(new.name)"
        switch advisor.typeChange(from: old.type, to: new.type) {
        case .same: break
        case .widening:
            out.append(ChangeFinding(rule: "widen-type", changeClass: .safe, message: "widens \(name) from \(old.type.displayName) to \(new.type.displayName)"))
        case .narrowing:
            out.append(ChangeFinding(rule: "narrow-type", changeClass: .destructive,
                                     message: "narrows \(name) from \(old.type.displayName) to \(new.type.displayName); longer or larger values fail or are cut",
                                     remedy: "keep the wider type, or check every value fits and pass --allow-destructive"))
        case .incompatible:
            out.append(ChangeFinding(rule: "change-type", changeClass: .destructive,
                                     message: "changes \(name) from \(old.type.displayName) to \(new.type.displayName); values are converted or rejected",
                                     remedy: "add a new column, backfill it, then drop the old one"))
        }
        if old.isNullable, !new.isNullable, !newTables.contains(table) {
            out.append(ChangeFinding(rule: "add-not-null", changeClass: .dataDependent,
                                     message: "makes \(name) NOT NULL; it fails if a row holds NULL",
                                     remedy: "backfill the NULLs first"))
        }
        if out.isEmpty { out.append(safe(kind)) }
        return out
    }

    private func safe(_ kind: SchemaChange.Kind) -> ChangeFinding {
        ChangeFinding(rule: kind.rule, changeClass: .safe)
    }

    private func destructive(_ kind: SchemaChange.Kind, _ message: String, _ remedy: String) -> ChangeFinding {
        ChangeFinding(rule: kind.rule, changeClass: .destructive, message: message, remedy: remedy)
    }

    private func dataDependent(_ kind: SchemaChange.Kind, _ message: String, _ remedy: String) -> ChangeFinding {
        ChangeFinding(rule: kind.rule, changeClass: .dataDependent, message: message, remedy: remedy)
    }
}
