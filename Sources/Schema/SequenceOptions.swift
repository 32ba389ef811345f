/// The numbering of a sequence: where it starts, its step, its bounds, its cache, whether
/// it wraps around.
///
/// Every property is nil (or false) when it has the engine's default, and normalisers
/// write nil rather than the default's value, so that `START WITH 1` and no `START WITH`
/// compare equal. The current value of a sequence is data, not schema, and is not kept.
///
/// ## JSON form
///
/// An object with the properties that are set: `{"start":100,"increment":10,"cycle":true}`;
/// `{}` is never written (an owner omits options that are all defaults).
///
/// ## Topics
///
/// ### Properties
/// - ``start``
/// - ``increment``
/// - ``minValue``
/// - ``maxValue``
/// - ``cache``
/// - ``cycle``
public struct SequenceOptions: Sendable, Hashable {
    /// The first value (`START WITH`).
    public var start: Int?
    /// The step (`INCREMENT BY`).
    public var increment: Int?
    /// The lower bound (`MINVALUE`).
    public var minValue: Int?
    /// The upper bound (`MAXVALUE`).
    public var maxValue: Int?
    /// How many values a session reserves at once (`CACHE`).
    public var cache: Int?
    /// Whether the sequence wraps around at its bound (`CYCLE`).
    public var cycle: Bool

    /// Creates sequence options; every omitted one is the engine's default.
    public init(
        start: Int? = nil,
        increment: Int? = nil,
        minValue: Int? = nil,
        maxValue: Int? = nil,
        cache: Int? = nil,
        cycle: Bool = false
    ) {
        self.start = start
        self.increment = increment
        self.minValue = minValue
        self.maxValue = maxValue
        self.cache = cache
        self.cycle = cycle
    }
}

// MARK: - Coding

extension SequenceOptions: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case start, increment, minValue, maxValue, cache, cycle
    }

    /// Creates options from the JSON form.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "sequence options")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            start: try container.decodeIfPresent(Int.self, forKey: .start),
            increment: try container.decodeIfPresent(Int.self, forKey: .increment),
            minValue: try container.decodeIfPresent(Int.self, forKey: .minValue),
            maxValue: try container.decodeIfPresent(Int.self, forKey: .maxValue),
            cache: try container.decodeIfPresent(Int.self, forKey: .cache),
            cycle: try container.decode(.cycle, default: false)
        )
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(start, forKey: .start)
        try container.encodeIfPresent(increment, forKey: .increment)
        try container.encodeIfPresent(minValue, forKey: .minValue)
        try container.encodeIfPresent(maxValue, forKey: .maxValue)
        try container.encodeIfPresent(cache, forKey: .cache)
        try container.encode(cycle, forKey: .cycle, unless: false)
    }
}
