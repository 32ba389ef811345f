// The library an app imports: the migrator, the drivers, the migration files and the SQL splitter.
@_exported import Dialects
@_exported import Drivers
@_exported import Migrations
@_exported import Migrator
@_exported import SQLText
@_exported import Schema
@_exported import SchemaDiff
@_exported import SchemaDSL
