// swift-tools-version:6.1
import PackageDescription

// An app that runs Strata in-process: migrations built into the binary (the
// StrataMigrations plugin), a Swift migration, the migration service before the HTTP
// server starts, and `app migrate …` from the same binary. SQLite by default; PostgreSQL
// with DATABASE_URL=postgres://….
let package = Package(
    name: "hummingbird-app",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.25.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
    ],
    targets: [
        .target(
            name: "AppCore",
            dependencies: [
                .product(name: "Strata", package: "Strata"),
                .product(name: "StrataService", package: "Strata"),
                .product(name: "StrataCLI", package: "Strata"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            path: "Sources/App",
            exclude: ["migrations"],
            plugins: [.plugin(name: "StrataMigrations", package: "Strata")]
        ),
        .executableTarget(
            name: "app",
            dependencies: [
                "AppCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Main"
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "AppCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
