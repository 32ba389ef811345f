/// The tables of a schema in foreign-key dependency order, with the foreign keys that a
/// cycle forces out of `CREATE TABLE`.
///
/// Creating the tables in ``tables`` order lets each one declare its foreign keys inline,
/// except those in ``deferredForeignKeys``: they close a cycle (two tables referring to
/// each other, or a longer ring), so the plan creates the table without them and adds
/// them with `ALTER TABLE … ADD CONSTRAINT` once the tables they name exist (on SQLite,
/// which cannot add a constraint, by declaring them anyway: SQLite checks a reference only
/// when rows are written). Dropping goes the other way: ``dropOrder``.
///
/// The order is deterministic:
///
/// - a table comes after every table it references, except through a deferred key;
/// - among the tables that could come next, the first by name;
/// - when every remaining table waits on another, a cycle is broken at one table and that
///   table is placed, its keys to tables not yet placed deferred. The cycle is the first
///   by name among those that wait on no other remaining cycle. The table is the one whose
///   placing gains most: the fewest keys it would defer less the keys of the cycle that
///   wait on it (a classic heuristic for breaking few edges), then the fewest keys it would
///   defer, then by name.
///
/// A self-reference (a tree's `parent_id`) is not a cycle to break: a table can always
/// declare a key to itself. A key to a table outside the schema (another schema, or a name
/// the schema has no table for) does not order anything.
///
/// ## Topics
///
/// ### Order
/// - ``tables``
/// - ``dropOrder``
///
/// ### Cycles
/// - ``deferredForeignKeys``
/// - ``DeferredForeignKey``
/// - ``hasCycles``
public struct DependencyOrder: Sendable, Hashable {
    /// A foreign key that must be added after its table and the tables it names exist.
    public struct DeferredForeignKey: Sendable, Hashable {
        /// The table that holds the key.
        public var table: String
        /// The key.
        public var foreignKey: ForeignKey

        /// Creates a deferred key of `table`.
        public init(table: String, foreignKey: ForeignKey) {
            self.table = table
            self.foreignKey = foreignKey
        }
    }

    /// The table names in creation order, each once.
    public var tables: [String]
    /// The keys to add after all tables exist, by table name, then in the table's key order.
    public var deferredForeignKeys: [DeferredForeignKey]

    /// Creates an order.
    public init(tables: [String], deferredForeignKeys: [DeferredForeignKey]) {
        self.tables = tables
        self.deferredForeignKeys = deferredForeignKeys
    }

    /// Whether the foreign keys form a cycle (other than self-references).
    public var hasCycles: Bool {
        !deferredForeignKeys.isEmpty
    }

    /// The table names in an order to drop them: dependents first.
    public var dropOrder: [String] {
        tables.reversed()
    }
}

// MARK: - Computing the order

extension Schema {
    /// The tables in foreign-key dependency order, with the keys to defer that break cycles.
    ///
    /// See ``DependencyOrder`` for the rules. Views, and keys to tables outside the schema,
    /// are left out.
    public func dependencyOrder() -> DependencyOrder {
        DependencyGraph(schema: self).order()
    }
}

/// The foreign-key graph of a schema's tables, and Kahn's algorithm over it.
private struct DependencyGraph {
    /// Table names, sorted and unique: a node is an index into it.
    let names: [String]
    /// For each node, the keys it holds to other nodes, in the table's key order.
    let edges: [[(target: Int, key: ForeignKey)]]
    /// For each node, the nodes that reference it.
    let dependents: [[Int]]

    init(schema: Schema) {
        var names: [String] = []
        for table in schema.tables where names.last != table.name {
            names.append(table.name)
        }
        var ids: [String: Int] = [:]
        for (id, name) in names.enumerated() { ids[name] = id }
        var edges = Array(repeating: [(target: Int, key: ForeignKey)](), count: names.count)
        var dependents = Array(repeating: [Int](), count: names.count)
        for table in schema.tables {
            guard let source = ids[table.name] else { continue }
            for key in table.foreignKeys {
                if let other = key.referencedSchema, other != schema.name { continue }
                guard let target = ids[key.referencedTable], target != source else { continue }
                edges[source].append((target, key))
                dependents[target].append(source)
            }
        }
        self.names = names
        self.edges = edges
        self.dependents = dependents
    }

    func order() -> DependencyOrder {
        var placed = Array(repeating: false, count: names.count)
        var waiting = edges.map { Set($0.map(\.target)) }
        var ready = SortedIDs(waiting.indices.filter { waiting[$0].isEmpty })
        var order: [String] = []
        var deferred: [DependencyOrder.DeferredForeignKey] = []

        func place(_ node: Int) {
            placed[node] = true
            order.append(names[node])
            for dependent in dependents[node] where !placed[dependent] {
                waiting[dependent].remove(node)
                if waiting[dependent].isEmpty { ready.insert(dependent) }
            }
        }

        while order.count < names.count {
            if let next = ready.popFirst() {
                if !placed[next] { place(next) }
                continue
            }
            let breaker = cycleBreaker(placed: placed)
            for edge in edges[breaker] where !placed[edge.target] {
                deferred.append(DependencyOrder.DeferredForeignKey(table: names[breaker], foreignKey: edge.key))
            }
            waiting[breaker].removeAll()
            place(breaker)
        }
        // Each table is broken at most once, and its keys were appended in its key order.
        let byTable = deferred.enumerated().sorted { ($0.element.table, $0.offset) < ($1.element.table, $1.offset) }
        return DependencyOrder(tables: order, deferredForeignKeys: byTable.map(\.element))
    }

    /// The node at which to break a cycle when no remaining node is ready.
    ///
    /// Among the strongly connected components of the unplaced nodes, the first by name of
    /// those with no edge to another unplaced component (one must exist, and it has more
    /// than one node, or its node would be ready). Within it, the node with the lowest
    /// (keys it holds to unplaced nodes) − (keys of the component that reference it), then
    /// the fewest keys it holds, then the first by name.
    private func cycleBreaker(placed: [Bool]) -> Int {
        let component = stronglyConnectedComponents(placed: placed)
        var isSource: [Int: Bool] = [:]
        var firstNode: [Int: Int] = [:]
        for node in names.indices where !placed[node] {
            let own = component[node]
            if firstNode[own] == nil { firstNode[own] = node }
            if isSource[own] == nil { isSource[own] = true }
            for edge in edges[node] where !placed[edge.target] && component[edge.target] != own {
                isSource[own] = false
            }
        }
        var chosen: (component: Int, first: Int)?
        for (own, source) in isSource where source {
            guard let first = firstNode[own] else { continue }
            if chosen.map({ first < $0.first }) ?? true { chosen = (own, first) }
        }
        guard let chosen = chosen?.component else {
            preconditionFailure("a dependency graph with unplaced nodes has no source component (a bug in Schema)")
        }
        var best: (node: Int, score: Int, keys: Int)?
        for node in names.indices where !placed[node] && component[node] == chosen {
            let keys = edges[node].filter { !placed[$0.target] }.count
            let waitingOnIt = dependents[node].filter { component[$0] == chosen }.count
            let score = keys - waitingOnIt
            if best.map({ (score, keys) < ($0.score, $0.keys) }) ?? true { best = (node, score, keys) }
        }
        guard let best else {
            preconditionFailure("a source component without nodes (a bug in Schema)")
        }
        return best.node
    }

    /// A component number for every unplaced node (Tarjan's algorithm, without recursion);
    /// placed nodes get -1.
    private func stronglyConnectedComponents(placed: [Bool]) -> [Int] {
        var index = Array(repeating: -1, count: names.count)
        var lowLink = Array(repeating: 0, count: names.count)
        var onStack = Array(repeating: false, count: names.count)
        var component = Array(repeating: -1, count: names.count)
        var stack: [Int] = []
        var nextIndex = 0
        var nextComponent = 0

        for root in names.indices where !placed[root] && index[root] < 0 {
            var calls: [(node: Int, edge: Int)] = []
            func visit(_ node: Int) {
                index[node] = nextIndex
                lowLink[node] = nextIndex
                nextIndex += 1
                stack.append(node)
                onStack[node] = true
                calls.append((node, 0))
            }
            visit(root)
            while let (node, edge) = calls.last {
                if edge < edges[node].count {
                    calls[calls.count - 1].edge += 1
                    let target = edges[node][edge].target
                    if placed[target] { continue }
                    if index[target] < 0 {
                        visit(target)
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], index[target])
                    }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last {
                    lowLink[parent.node] = min(lowLink[parent.node], lowLink[node])
                }
                if lowLink[node] == index[node] {
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component[member] = nextComponent
                        if member == node { break }
                    }
                    nextComponent += 1
                }
            }
        }
        return component
    }
}

/// Node ids kept in ascending order (ids are positions in the sorted names, so ascending
/// ids are names in order).
private struct SortedIDs {
    private var ids: [Int]

    init(_ ids: [Int]) {
        self.ids = ids.sorted()
    }

    mutating func insert(_ id: Int) {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        if low < ids.count, ids[low] == id { return }
        ids.insert(id, at: low)
    }

    mutating func popFirst() -> Int? {
        ids.isEmpty ? nil : ids.removeFirst()
    }
}
