/// Something in a schema that cannot be right: a duplicate name, a key over a column the
/// table does not have, a reference to a missing table or type.
///
/// Inspected schemas never have issues (the engine would have refused); declared and
/// hand-written ones may, and ``Schema/validationIssues()`` lists them before anything is
/// rendered. Each issue has a stable ``code``, the ``path`` of the object, and a message
/// that says what is wrong and what to do.
///
/// ## Topics
///
/// ### Properties
/// - ``code-swift.property``
/// - ``Code-swift.struct``
/// - ``path``
/// - ``message``
public struct SchemaIssue: Sendable, Hashable, CustomStringConvertible {
    /// The kind of an issue: stable, so that tools can match on it; new codes may be added.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's name.
        public let rawValue: String

        /// Creates a code from its name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Two objects of one collection share a name.
        public static let duplicateName = Code(rawValue: "duplicateName")
        /// A key, index or owner names a column its table does not have.
        public static let unknownColumn = Code(rawValue: "unknownColumn")
        /// A foreign key, sequence owner or unmodelled object names a table the schema does not have.
        public static let unknownTable = Code(rawValue: "unknownTable")
        /// A column's ``ColumnType/enumType(name:)`` names a type the schema does not have.
        public static let unknownType = Code(rawValue: "unknownType")
        /// A key or index has no columns.
        public static let emptyKey = Code(rawValue: "emptyKey")
        /// A foreign key's columns and referenced columns differ in number.
        public static let columnCountMismatch = Code(rawValue: "columnCountMismatch")
        /// A column has both an identity and a default.
        public static let identityWithDefault = Code(rawValue: "identityWithDefault")
        /// A column with an identity has a portable type that is not an integer.
        public static let identityOnNonInteger = Code(rawValue: "identityOnNonInteger")
    }

    /// The kind of issue.
    public var code: Code
    /// Where it is: `tables["posts"].foreignKeys["posts_author_fk"]`.
    public var path: String
    /// What is wrong and what to do.
    public var message: String

    /// Creates an issue.
    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String {
        "\(path): \(message)"
    }
}
