// swift-tools-version:6.1
import PackageDescription

// The in-process benchmark of Strata inside an app: a no-op `up` over embedded migrations
// on the app's own connection, beside the on-disk no-op and one query's round trip. The
// migrations directory is written by `strata-bench --embedded N` before it builds this
// package (it is not committed), so the build itself measures the StrataMigrations plugin.
let package = Package(
    name: "strata-inprocess-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.25.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
    ],
    targets: [
        .executableTarget(
            name: "strata-inprocess",
            dependencies: [
                .product(name: "Strata", package: "Strata"),
                .product(name: "MySQLWire", package: "Strata"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            exclude: ["migrations"],
            plugins: [.plugin(name: "StrataMigrations", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
