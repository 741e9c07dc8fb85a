import COlympusKernels
import OlympusKernels
import Testing

private func fill(key: (UInt32, UInt32), count: Int) -> [UInt32] {
  var words = [UInt32](repeating: 0, count: count)
  words.withUnsafeMutableBufferPointer { RandomBits.fill(key: key, count: count, output: $0.baseAddress!) }
  return words
}

/// The documented stream, one word at a time: word i is word i % 2 of the block for counter i / 2.
private func streamWord(key: (UInt32, UInt32), _ i: UInt64) -> UInt32 {
  let block = i / 2
  let words = RandomBits.threefry2x32(key: key, counter: (UInt32(truncatingIfNeeded: block >> 32), UInt32(truncatingIfNeeded: block)))
  return i % 2 == 0 ? words.0 : words.1
}

@Suite("RandomBits")
struct RandomBitsTests {
  // Random123's known-answer vectors for threefry2x32_20 (kat_vectors), also checked by JAX's tests;
  // reproduced independently by a Python transcription of the Threefry specification.
  @Test(
    "Threefry-2x32-20 matches the Random123 known answers",
    arguments: [
      (key: (UInt32(0), UInt32(0)), counter: (UInt32(0), UInt32(0)), want: (UInt32(0x6b20_0159), UInt32(0x99ba_4efe))),
      (key: (0xffff_ffff, 0xffff_ffff), counter: (0xffff_ffff, 0xffff_ffff), want: (0x1cb9_96fc, 0xbb00_2be7)),
      (key: (0x1319_8a2e, 0x0370_7344), counter: (0x243f_6a88, 0x85a3_08d3), want: (0xc492_3a9c, 0x483d_f7a0)),
    ].map { ThreefryKnownAnswer(key: $0.key, counter: $0.counter, want: $0.want) })
  func knownAnswers(vector: ThreefryKnownAnswer) {
    let got = RandomBits.threefry2x32(key: vector.key, counter: vector.counter)
    #expect(got.0 == vector.want.0 && got.1 == vector.want.1)
  }

  // JAX's random.bits(PRNGKey(0), (3,), uint64) with jax_threefry_partitionable is
  // [0x6b20015999ba4efe, 0x375f238fcddb151d, 0xf71f4ea9a20e4081]: words 2b, 2b + 1 of our stream.
  @Test("pairs of words are JAX's partitionable 64-bit random bits")
  func jaxBits() {
    #expect(fill(key: (0, 0), count: 6) == [0x6b20_0159, 0x99ba_4efe, 0x375f_238f, 0xcddb_151d, 0xf71f_4ea9, 0xa20e_4081])
  }

  @Test("fill produces the documented stream on both SIMD paths, and shorter fills are prefixes")
  func stream() {
    let key: (UInt32, UInt32) = (0xdead_beef, 0x0123_4567)
    let long = 1_000_003
    reductionForEachSIMDPath { simd in
      let words = fill(key: key, count: long)
      var random = SplitMix64(seed: 61)
      let checked = Array(0..<200) + (0..<2000).map { _ in Int.random(in: 0..<long, using: &random) } + [long - 1]
      for i in checked { #expect(words[i] == streamWord(key: key, UInt64(i)), "word \(i) simd \(simd)") }
      for count in [0, 1, 2, 3, 95, 96, 97, 191, 4097, 70_001] {
        #expect(Array(words.prefix(count)) == fill(key: key, count: count), "count \(count) simd \(simd)")
      }
    }
  }

  @Test("the C stream generator starts anywhere, across low-word carries of the block counter")
  func carries() {
    let key: (UInt32, UInt32) = (7, 9)
    for first in [UInt64(1), 0x1_ffff_ffc1, 0x2_ffff_ff00, 0xffff_ffff_ffff_fe01] {
      reductionForEachSIMDPath { simd in
        var words = [UInt32](repeating: 0, count: 301)
        olk_threefry2x32_fill(key.0, key.1, first, &words, words.count)
        for (j, word) in words.enumerated() {
          #expect(word == streamWord(key: key, first &+ UInt64(j)), "first \(first) word \(j) simd \(simd)")
        }
      }
    }
  }
}

/// A Threefry known-answer vector.
struct ThreefryKnownAnswer: Sendable, CustomTestStringConvertible {
  let key: (UInt32, UInt32)
  let counter: (UInt32, UInt32)
  let want: (UInt32, UInt32)
  var testDescription: String { "key \(key) counter \(counter)" }
}
