import Olympus

/// The counter-based inputs of the peer benchmarks (`shared/benchmarks/peers/README.md`,
/// "Deterministic inputs"), regenerated bit for bit so Olympus and the peers see the same numbers.
enum DeterministicInputs {
  /// The `lowbias32` hash of `index + seed · 2^24`, in wrapping 32-bit arithmetic.
  ///
  /// - Precondition: `0 <= index < 2^24` and `0 <= seed < 256`, as the README requires.
  static func hash32(_ index: Int, seed: Int) -> UInt32 {
    precondition((0..<(1 << 24)).contains(index) && (0..<256).contains(seed), "hash32: index or seed out of range")
    var h = UInt32(index) &+ UInt32(seed) &* (1 << 24)
    h ^= h >> 16
    h &*= 0x7feb_352d
    h ^= h >> 15
    h &*= 0x846c_a68b
    h ^= h >> 16
    return h
  }

  /// `det_uniform`: `count` float32 values `((hash32(i, seed) >> 8) - 2^23) · 2^-24 · scale`, in
  /// `[-scale/2, scale/2)`; every step is exact in float32 because `scale` is a power of two.
  static func uniform(count: Int, seed: Int, scale: Float) -> [Float] {
    (0..<count).map { index in
      Float(Int32(hash32(index, seed: seed) >> 8) - (1 << 23)) * 0x1p-24 * scale
    }
  }

  /// `det_uniform(shape, seed, scale)` as a row-major float32 tensor.
  static func uniformTensor(_ shape: [Int], seed: Int, scale: Float) -> Tensor {
    Tensor(uniform(count: shape.reduce(1, *), seed: seed, scale: scale), shape: shape)
  }

  /// `det_labels(count, seed, classes)`: `hash32(i, seed) mod classes`, as `int64`.
  static func labels(count: Int, seed: Int, classes: Int) -> Tensor {
    Tensor((0..<count).map { Int(hash32($0, seed: seed) % UInt32(classes)) })
  }

  /// Compares the generators with the README's check values; returns what differs (empty when
  /// all agree).
  static func selfCheckFailures() -> [String] {
    var failures: [String] = []
    let hashes = (0..<3).map { hash32($0, seed: 1) }
    if hashes != [2_795_573_807, 797_327_529, 3_846_906_244] {
      failures.append("hash32(0..2, seed 1) = \(hashes), expected [2795573807, 797327529, 3846906244]")
    }
    let values = Array(uniform(count: 8, seed: 1, scale: 2)[..<3])
    if values != [0.301_790_48, -0.628_715_5, 0.791_355_25] {
      failures.append("det_uniform(8, 1, 2.0)[:3] = \(values), expected [0.30179048, -0.6287155, 0.79135525]")
    }
    return failures
  }
}
