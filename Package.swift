// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataCLI", targets: ["StrataCLI"]),
        .library(name: "MySQLWire", targets: ["MySQLWire"]),
        .library(name: "StrataService", targets: ["StrataService"]),
        .executable(name: "strata", targets: ["strata"]),
        .executable(name: "strata-embed", targets: ["strata-embed"]),
        .plugin(name: "StrataMigrations", targets: ["StrataMigrations"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0" ..< "5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.25.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.4.0"),
    ],
    targets: [
        // Splits SQL scripts into statements per dialect. No dependencies.
        .target(name: "SQLText", swiftSettings: strict),
        // Reads migration directories: formats, versions, checksums, validation.
        .target(
            name: "Migrations",
            dependencies: [
                "SQLText",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Our MySQL/MariaDB wire-protocol client on SwiftNIO.
        .target(
            name: "MySQLWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // One Connection protocol and its SQLite, PostgreSQL and MySQL implementations.
        .target(
            name: "Drivers",
            dependencies: [
                "SQLText",
                "MySQLWire",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Engine knowledge: quoting, transactions, locks, the history tables' SQL.
        .target(name: "Dialects", dependencies: ["SQLText", "Drivers", "Schema", "SchemaDiff"], swiftSettings: strict),
        // The diff engine: ordered, classified changes between two schemas. Engine-neutral;
        // the dialects answer its questions and render its changes.
        .target(name: "SchemaDiff", dependencies: ["Schema"], swiftSettings: strict),
        // The engine-neutral schema model: tables, columns, types, keys, views; Codable, fingerprinted.
        .target(
            name: "Schema",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The Swift DSL for declaring a desired schema (result builders over the model).
        .target(name: "SchemaDSL", dependencies: ["Schema", "SchemaDiff"], swiftSettings: strict),
        // History table, locking, apply/rollback, status, repair, audit log.
        .target(
            name: "Migrator",
            dependencies: [
                "SQLText", "Migrations", "Drivers", "Dialects", "Schema", "SchemaDiff",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The library product an app imports.
        .target(
            name: "Strata",
            dependencies: ["SQLText", "Migrations", "Drivers", "Dialects", "Migrator", "Schema", "SchemaDiff", "SchemaDSL"],
            swiftSettings: strict
        ),
        // The `strata` command, embeddable in an app's own executable.
        .target(
            name: "StrataCLI",
            dependencies: [
                "Strata",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "strata", dependencies: ["StrataCLI"], swiftSettings: strict),
        // Runs an app's migrations before it serves: a swift-service-lifecycle Service.
        .target(
            name: "StrataService",
            dependencies: [
                "Strata",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Turns a target's migrations/ directory into Swift source at build time, validated
        // and with its checksums computed (the tool of the StrataMigrations plugin).
        .executableTarget(name: "strata-embed", dependencies: ["Migrations", "SQLText"], swiftSettings: strict),
        .plugin(name: "StrataMigrations", capability: .buildTool(), dependencies: ["strata-embed"]),
        // Fresh databases per test on every configured engine (not a product).
        .target(name: "StrataTestSupport", dependencies: ["Drivers", "SQLText"], swiftSettings: strict),

        // A seeded random generator for property tests (not a product).
        .target(name: "StrataTestRandom", swiftSettings: strict),
        .testTarget(name: "SQLTextTests", dependencies: ["SQLText", "StrataTestRandom"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "MigrationsTests", dependencies: ["Migrations"], swiftSettings: strict),
        .testTarget(
            name: "MySQLWireTests",
            dependencies: [
                "MySQLWire",
                "StrataTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SchemaTests", dependencies: ["Schema", "StrataTestRandom"], exclude: ["Golden"], swiftSettings: strict),
        // Random schemas and mutations for property tests (not a product).
        .target(name: "StrataTestSchemas", dependencies: ["Schema", "StrataTestRandom"], swiftSettings: strict),
        .testTarget(name: "SchemaDiffTests", dependencies: ["SchemaDiff", "Schema", "StrataTestRandom", "StrataTestSchemas"], swiftSettings: strict),
        .testTarget(name: "SchemaDSLTests", dependencies: ["SchemaDSL", "Schema", "SchemaDiff"], swiftSettings: strict),
        .testTarget(name: "DriversTests", dependencies: ["Drivers", "StrataTestSupport"], swiftSettings: strict),
        .testTarget(name: "DialectsTests", dependencies: ["Dialects", "Drivers", "SQLText", "Schema", "SchemaDiff", "StrataTestSupport", "StrataTestRandom", "StrataTestSchemas"], exclude: ["Corpus"], swiftSettings: strict),
        .testTarget(name: "MigratorTests", dependencies: ["Migrator", "Drivers", "Migrations", "Dialects", "Schema", "SQLText", "StrataTestSupport"], swiftSettings: strict),
        // The examples' Swift files against their migrations (Examples/…/Schema.swift, linked in).
        .testTarget(name: "ExamplesTests", dependencies: ["Strata", "StrataTestSupport"], swiftSettings: strict),
        // Strata inside an app: embedded migrations, the app's connections, Swift migrations,
        // the logger and the lifecycle service, on every engine.
        .testTarget(
            name: "AppIntegrationTests",
            dependencies: [
                "Strata", "StrataService", "StrataCLI", "StrataTestSupport", "strata-embed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "StrataCLITests", dependencies: ["StrataCLI", "Strata", "StrataTestSupport", "strata"], exclude: ["Golden"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
