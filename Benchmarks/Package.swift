// swift-tools-version:6.1
import PackageDescription

// The speed of `strata`, measured from outside: this package only spawns processes
// (`strata`, `sqlite3`, `psql`, `mariadb`, `dbmate`), so it needs nothing of the root
// package. Build it with `swift build -c release --package-path Benchmarks`.
let package = Package(
    name: "StrataBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata-bench", targets: ["strata-bench"]),
    ],
    targets: [
        .executableTarget(
            name: "strata-bench",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
