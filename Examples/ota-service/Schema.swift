import Strata

/// The over-the-air update service's schema, declared in Swift: the state its migrations
/// in `migrations/` build, on every engine (a test proves that `strata diff` from the
/// migrations to this declaration is empty on SQLite, PostgreSQL and MariaDB).
///
/// In development, an app syncs its database to it at start-up:
///
/// ```swift
/// let migrator = try Migrator(url: "sqlite:dev.db", directory: "migrations")
/// try await migrator.syncInDevelopment(OTASchema.declared(for: .sqlite))
/// ```
///
/// and before a commit writes the reviewed migration from it:
///
/// ```swift
/// try await migrator.generate(GenerateRequest(name: "add webhooks", schema: .declared(OTASchema.declared(for: .sqlite))))
/// ```
///
/// Where the engines differ, the declaration says so in Swift: `TIMESTAMP` is a time
/// without zone on PostgreSQL and a UTC timestamp elsewhere, and MySQL has no partial
/// indexes (migration 009 indexes the flag as a last column there), and MariaDB names a
/// column's CHECK after the column.
public enum OTASchema {
    /// The schema for one engine.
    public static func declared(for engine: SQLDialect) -> DeclaredSchema {
        let timestamp: ColumnType = engine == .postgres ? .datetime : .timestamp
        let id = { (name: String) in DeclaredColumn(name, .string(36)) }
        // A CHECK written on a column (migrations 010, 014) is named after the column by
        // MariaDB, and left to the engine elsewhere.
        let columnCheck = { (column: String) in engine == .mysql ? column : nil }
        return DeclaredSchema {
            DeclaredTable("accounts") {
                id("id").primaryKey()
                DeclaredColumn("email", .string(191)).notNull()
                DeclaredColumn("name", .string(255)).notNull()
                DeclaredColumn("created_at", timestamp).notNull().default(.now)
                DeclaredColumn("github_id", .string(64))
                DeclaredColumn("last_login_at", timestamp)
                DeclaredUnique("email", name: "uq_accounts_email")
            }
            DeclaredTable("tenants") {
                id("id").primaryKey()
                DeclaredColumn("display_name", .string(128)).notNull()
                id("created_by").references("accounts", onDelete: .setNull, name: "fk_tenants_created_by")
                DeclaredColumn("created_at", timestamp).notNull().default(.now)
            }
            DeclaredTable("apps") {
                id("id").primaryKey()
                id("tenant_id").references("tenants", onDelete: .cascade, name: "fk_apps_tenant")
                DeclaredColumn("name", .string(128)).notNull()
                DeclaredColumn("os", .string(16)).notNull()
                DeclaredColumn("platform", .string(32)).notNull()
                DeclaredColumn("created_at", timestamp).notNull().default(.now)
                DeclaredUnique("tenant_id", "name", name: "uq_apps_tenant_name")
                DeclaredCheck("os IN ('iOS', 'Android', 'Windows')", name: "ck_apps_os")
                DeclaredCheck("platform IN ('React-Native', 'Cordova', 'Electron')", name: "ck_apps_platform")
            }
            DeclaredTable("collaborators") {
                id("app_id").notNull().references("apps", onDelete: .cascade, name: "fk_collaborators_app")
                id("account_id").notNull().references("accounts", onDelete: .cascade, name: "fk_collaborators_account")
                DeclaredColumn("permission", .string(16)).notNull().default("Collaborator")
                DeclaredColumn("added_at", timestamp).notNull().default(.now)
                DeclaredPrimaryKey("app_id", "account_id")
                DeclaredCheck("permission IN ('Owner', 'Collaborator')", name: "ck_collaborators_permission")
                DeclaredIndex("idx_collaborators_account", on: "account_id")
            }
            DeclaredTable("deployments") {
                id("id").primaryKey()
                id("app_id").notNull().references("apps", onDelete: .cascade, name: "fk_deployments_app")
                DeclaredColumn("name", .string(128)).notNull()
                DeclaredColumn("deployment_key", .string(64)).notNull()
                DeclaredColumn("created_at", timestamp).notNull().default(.now)
                DeclaredColumn("default_rollout", .integer).notNull().default(100)
                    .check("default_rollout >= 1 AND default_rollout <= 100", name: columnCheck("default_rollout"))
                DeclaredColumn("auto_disable_failure_pct", .integer)
                DeclaredColumn("auto_release_branch", .string(128))
                DeclaredUnique("app_id", "name", name: "uq_deployments_app_name")
                DeclaredUnique("deployment_key", name: "uq_deployments_key")
            }
            DeclaredTable("packages") {
                id("id").primaryKey()
                id("deployment_id").notNull().references("deployments", onDelete: .cascade, name: "fk_packages_deployment")
                DeclaredColumn("label", .string(16)).notNull()
                DeclaredColumn("app_version", .string(64)).notNull()
                DeclaredColumn("package_hash", .string(64)).notNull()
                DeclaredColumn("blob_url", .text).notNull()
                DeclaredColumn("size", .bigint).notNull().check("size >= 0", name: "ck_packages_size")
                DeclaredColumn("description", .text)
                DeclaredColumn("rollout", .integer)
                    .check("rollout IS NULL OR (rollout >= 1 AND rollout <= 100)", name: "ck_packages_rollout")
                DeclaredColumn("is_mandatory", .bool).notNull().default(false)
                DeclaredColumn("is_disabled", .bool).notNull().default(false)
                DeclaredColumn("original_label", .string(16))
                DeclaredColumn("original_deployment", .string(128))
                id("released_by").references("accounts", onDelete: .setNull, name: "fk_packages_released_by")
                DeclaredColumn("upload_time", timestamp).notNull().default(.now)
                DeclaredColumn("manifest_blob_url", .text)
                DeclaredColumn("diff_package_map", .text)
                DeclaredColumn("release_method", .string(16)).notNull().default("Upload")
                    .check("release_method IN ('Upload', 'Promote', 'Rollback')", name: columnCheck("release_method"))
                DeclaredUnique("deployment_id", "label", name: "uq_packages_deployment_label")
                DeclaredIndex("idx_packages_deployment_time", on: "deployment_id", "upload_time")
                if engine == .mysql {
                    DeclaredIndex("idx_packages_enabled", on: "deployment_id", "app_version", "is_disabled")
                } else {
                    DeclaredIndex("idx_packages_enabled", on: "deployment_id", "app_version").where("is_disabled = FALSE")
                }
            }
            DeclaredTable("access_keys") {
                id("id").primaryKey()
                id("account_id").notNull().references("accounts", onDelete: .cascade, name: "fk_access_keys_account")
                DeclaredColumn("key_hash", .string(64)).notNull()
                DeclaredColumn("friendly_name", .string(128)).notNull()
                DeclaredColumn("created_by", .string(128))
                DeclaredColumn("created_at", timestamp).notNull().default(.now)
                DeclaredColumn("expires_at", timestamp)
                DeclaredUnique("account_id", "friendly_name", name: "uq_access_keys_friendly_name")
                DeclaredIndex("ux_access_keys_key_hash", on: "key_hash").unique()
            }
            DeclaredTable("promotions") {
                id("id").primaryKey()
                id("source_deployment_id").notNull().references("deployments", onDelete: .cascade, name: "fk_promotions_source_deployment")
                id("source_package_id").notNull().references("packages", onDelete: .cascade, name: "fk_promotions_source_package")
                id("target_deployment_id").notNull().references("deployments", onDelete: .cascade, name: "fk_promotions_target_deployment")
                id("target_package_id").notNull().references("packages", onDelete: .cascade, name: "fk_promotions_target_package")
                id("promoted_by").references("accounts", onDelete: .setNull, name: "fk_promotions_promoted_by")
                DeclaredColumn("promoted_at", timestamp).notNull().default(.now)
                DeclaredUnique("target_package_id", name: "uq_promotions_target_package")
                DeclaredIndex("idx_promotions_source", on: "source_deployment_id", "promoted_at")
            }
            DeclaredTable("release_history") {
                DeclaredColumn("id", .bigint).primaryKey()
                id("deployment_id").notNull().references("deployments", onDelete: .cascade, name: "fk_release_history_deployment")
                id("package_id").references("packages", onDelete: .setNull, name: "fk_release_history_package")
                DeclaredColumn("action", .string(16)).notNull()
                    .check("action IN ('Release', 'Promote', 'Rollback', 'Patch', 'Clear')", name: "ck_release_history_action")
                DeclaredColumn("details", .text)
                id("performed_by").references("accounts", onDelete: .setNull, name: "fk_release_history_performed_by")
                DeclaredColumn("performed_at", timestamp).notNull().default(.now)
                DeclaredIndex("idx_release_history_deployment", on: "deployment_id", "performed_at")
            }
            DeclaredTable("package_metrics") {
                id("package_id").primaryKey().references("packages", onDelete: .cascade, name: "fk_package_metrics_package")
                DeclaredColumn("active_count", .bigint).notNull().default(0)
                DeclaredColumn("downloaded_count", .bigint).notNull().default(0)
                DeclaredColumn("installed_count", .bigint).notNull().default(0)
                DeclaredColumn("failed_count", .bigint).notNull().default(0)
                DeclaredColumn("updated_at", timestamp).notNull().default(.now)
                DeclaredColumn("rolled_back_count", .bigint).notNull().default(0)
                DeclaredCheck("active_count >= 0 AND downloaded_count >= 0 AND installed_count >= 0 AND failed_count >= 0",
                              name: "ck_package_metrics_counts")
            }
            DeclaredTable("source_repositories") {
                id("id").primaryKey()
                id("app_id").notNull().references("apps", onDelete: .cascade, name: "fk_source_repositories_app")
                DeclaredColumn("provider", .string(32)).notNull()
                    .check("provider IN ('github', 'gitlab', 'bitbucket', 'azure-devops')", name: "ck_source_repositories_provider")
                DeclaredColumn("owner", .string(128)).notNull()
                DeclaredColumn("name", .string(128)).notNull()
                DeclaredColumn("default_branch", .string(128)).notNull().default("main")
                DeclaredColumn("webhook_secret_hash", .string(128))
                id("linked_by").references("accounts", onDelete: .setNull, name: "fk_source_repositories_linked_by")
                DeclaredColumn("linked_at", timestamp).notNull().default(.now)
                DeclaredUnique("app_id", "provider", "owner", "name", name: "uq_source_repositories_app_repo")
                DeclaredIndex("idx_source_repositories_repo", on: "provider", "owner", "name")
            }
            DeclaredTable("source_commits") {
                id("id").primaryKey()
                id("repository_id").notNull().references("source_repositories", onDelete: .cascade, name: "fk_source_commits_repository")
                DeclaredColumn("sha", .string(40)).notNull()
                DeclaredColumn("branch", .string(128)).notNull()
                DeclaredColumn("message", .text)
                DeclaredColumn("author_email", .string(191))
                DeclaredColumn("committed_at", timestamp)
                DeclaredUnique("repository_id", "sha", name: "uq_source_commits_sha")
                DeclaredIndex("idx_source_commits_branch", on: "repository_id", "branch", "committed_at")
            }
            DeclaredTable("webhook_deliveries") {
                id("id").primaryKey()
                id("repository_id").notNull().references("source_repositories", onDelete: .cascade, name: "fk_webhook_deliveries_repository")
                DeclaredColumn("delivery_id", .string(64)).notNull()
                DeclaredColumn("event", .string(32)).notNull()
                DeclaredColumn("payload", .text)
                DeclaredColumn("status", .string(16)).notNull().default("received")
                    .check("status IN ('received', 'processed', 'ignored', 'failed')", name: "ck_webhook_deliveries_status")
                DeclaredColumn("received_at", timestamp).notNull().default(.now)
                DeclaredUnique("repository_id", "delivery_id", name: "uq_webhook_deliveries_delivery")
            }
            DeclaredTable("package_sources") {
                id("package_id").primaryKey().references("packages", onDelete: .cascade, name: "fk_package_sources_package")
                id("commit_id").notNull().references("source_commits", onDelete: .cascade, name: "fk_package_sources_commit")
                id("webhook_delivery_id").references("webhook_deliveries", onDelete: .setNull, name: "fk_package_sources_delivery")
                DeclaredColumn("build_id", .string(128))
                DeclaredIndex("idx_package_sources_commit", on: "commit_id")
            }
        }
    }
}
