import Foundation
import PackagePlugin

/// Embeds a target's `migrations/` directory into the target at build time: the files,
/// validated for every engine, with their checksums, as `EmbeddedMigrations.module`.
///
/// ```swift
/// .executableTarget(
///     name: "App",
///     dependencies: [.product(name: "Strata", package: "strata")],
///     exclude: ["migrations"],
///     plugins: [.plugin(name: "StrataMigrations", package: "strata")]
/// )
/// ```
///
/// A validation error fails the build with the file and line. The directory is
/// `migrations` inside the target's directory; `STRATA_MIGRATIONS_DIR` (relative to the
/// target's directory) names another.
@main
struct StrataMigrationsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let relative = ProcessInfo.processInfo.environment["STRATA_MIGRATIONS_DIR"] ?? "migrations"
        let directory = module.directoryURL.appending(path: relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Diagnostics.error("StrataMigrations: target '\(target.name)' has no '\(relative)' directory at \(directory.path); create it (`strata init --dir \(directory.path)`), or remove the plugin from the target")
            return []
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let inputs = names.filter { !$0.hasPrefix(".") }.map { directory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations+\(target.name).swift")
        // The directory as run-time messages show it: relative to the package.
        let packagePath = context.package.directoryURL.standardizedFileURL.path
        var display = directory.standardizedFileURL.path
        if display.hasPrefix(packagePath + "/") { display.removeFirst(packagePath.count + 1) }
        return [
            .buildCommand(
                displayName: "Embedding the migrations of \(target.name) (\(inputs.count) files)",
                executable: try context.tool(named: "strata-embed").url,
                arguments: ["--input", directory.path, "--output", output.path, "--display-path", display],
                inputFiles: inputs + [directory],
                outputFiles: [output]
            ),
        ]
    }
}
