import COlympusKernels

/// Counter-based random bits: the Threefry-2x32 generator with 20 rounds.
///
/// Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC'11), the generator
/// JAX uses. A key names a stream; element `i` of the stream is a pure function of the key and `i`, so
/// any part of a stream can be produced independently, on any number of threads, with the same bits.
public enum RandomBits {
  /// Words below which `fill` runs on the calling thread: each thread then gets at least 2^14 words,
  /// about 9 µs of work on one core (measured), well above the ~5 µs a fork and join costs.
  static let parallelThreshold = 1 << 15

  /// Encrypts one counter pair with Threefry-2x32-20 (Random123's `threefry2x32`).
  ///
  /// - Parameters:
  ///   - key: The two key words.
  ///   - counter: The two counter words.
  /// - Returns: The two output words.
  public static func threefry2x32(key: (UInt32, UInt32), counter: (UInt32, UInt32)) -> (UInt32, UInt32) {
    var words: (UInt32, UInt32) = (0, 0)
    withUnsafeMutableBytes(of: &words) { buffer in
      olk_threefry2x32(key.0, key.1, counter.0, counter.1, buffer.baseAddress!.assumingMemoryBound(to: UInt32.self))
    }
    return words
  }

  /// Fills `output[0..<count]` with the start of the stream of `key`.
  ///
  /// Word `i` is word `i % 2` of `threefry2x32(key: key, counter: (hi, lo))`, where `(hi, lo)` are the
  /// high and low 32 bits of the block number `i / 2`. So a shorter fill is a prefix of a longer one,
  /// and the words do not depend on the thread count. Words `2b` and `2b + 1` are the high and low
  /// halves of JAX's 64-bit `random_bits` element `b` under `jax_threefry_partitionable`.
  ///
  /// - Parameters:
  ///   - key: The two key words.
  ///   - count: The number of words; must not be negative.
  ///   - output: Room for `count` words, written.
  public static func fill(key: (UInt32, UInt32), count: Int, output: UnsafeMutablePointer<UInt32>) {
    require(count >= 0, "RandomBits.fill: negative count")
    Parallel.forEachChunk(count: (count + 1) / 2, minimumChunk: parallelThreshold / 2) { blocks in
      let first = 2 * blocks.lowerBound
      let end = Swift.min(count, 2 * blocks.upperBound)
      olk_threefry2x32_fill(key.0, key.1, UInt64(first), output + first, end - first)
    }
  }
}
