import StrataCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

exit(await StrataCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
