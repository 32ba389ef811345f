/// Views in the order they can be created.
public enum ViewOrder {
    /// Views, each after the views its definition names; otherwise by name. A view named in
    /// another's definition (as a whole word, quoted or not) counts as a dependency; a
    /// cycle, which no engine allows, falls back to name order.
    public static func sorted(_ views: [View]) -> [View] {
        guard views.count > 1 else { return views }
        let names = views.map(\.name)
        var dependencies: [[Int]] = []
        for view in views {
            let words = IdentifierWords.of(view.definition)
            dependencies.append(names.indices.filter { names[$0] != view.name && words.contains(names[$0]) })
        }
        var placed = [Bool](repeating: false, count: views.count)
        var result: [View] = []
        while result.count < views.count {
            let ready = views.indices.first { index in
                !placed[index] && dependencies[index].allSatisfy { placed[$0] }
            }
            guard let next = ready ?? views.indices.first(where: { !placed[$0] }) else { break }
            placed[next] = true
            result.append(views[next])
        }
        return result
    }
}

/// The names a SQL text may refer to, without parsing it.
public enum IdentifierWords {
    /// The identifier-like words of a definition: runs of letters, digits, `_` and `$`, and
    /// the contents of `"…"` and `` `…` `` quotes.
    public static func of(_ text: String) -> Set<String> {
        var words: Set<String> = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open {
                    words.insert(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" || character == "`" {
                if !current.isEmpty { words.insert(current) }
                current = ""
                quote = character
            } else if character.isLetter || character.isNumber || character == "_" || character == "$" {
                current.append(character)
            } else {
                if !current.isEmpty { words.insert(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.insert(current) }
        return words
    }
}
