/// SplitMix64 (Steele, Lea and Flood 2014): a tiny seeded generator, so every run of the tests
/// sees the same data.
public struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [-1, 1).
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }

  /// Uniform in 0..<bound.
  public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
