import OlympusKernels
import Testing

/// `PoolCache`, the buffer pool's policy, on made-up addresses (it never touches their memory):
/// which cached block serves a request, and which blocks go back to the system.
@Suite("Buffer pool cache")
struct PoolCacheTests {
  private static let megabyte = 1 << 20

  /// A distinct made-up address per number.
  private static func block(_ number: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: number << 12)! }

  /// The address `take` hands out for `size`, `nil` for a new block.
  private static func taken(_ cache: inout PoolCache, _ size: Int) -> UnsafeMutableRawPointer? { cache.take(size).address }

  /// Whether `give` keeps the block.
  private static func kept(_ cache: inout PoolCache, _ number: Int, _ size: Int) -> Bool { cache.give(block(number), size: size) }

  @Test("a released block serves the next request of its class, the most recent first")
  func sameClass() {
    var cache = PoolCache(limitBytes: 1 << 30)
    let size = 4 * Self.megabyte
    let new = [Self.taken(&cache, size), Self.taken(&cache, size)]
    let kept = [Self.kept(&cache, 1, size), Self.kept(&cache, 2, size)]
    let reused = [Self.taken(&cache, size), Self.taken(&cache, size)]
    #expect(new == [nil, nil] && kept == [true, true])
    #expect(reused == [Self.block(2), Self.block(1)])
    #expect(cache.cachedBytes == 0 && cache.inUseBytes == 2 * size)
  }

  @Test("a request with no block of its class takes the smallest cached one up to twice its size, which returns to its own class")
  func largerClass() {
    var cache = PoolCache(limitBytes: 1 << 30)
    let megabyte = Self.megabyte
    let blocks = [(1, 8 * megabyte), (2, 5 * megabyte), (3, 4 * megabyte)]
    let new = blocks.map { Self.taken(&cache, $0.1) }
    let kept = blocks.map { Self.kept(&cache, $0.0, $0.1) }
    #expect(new == [nil, nil, nil] && kept == [true, true, true])
    let lent = Self.taken(&cache, 3 * megabyte)
    #expect(lent == Self.block(3))
    #expect(cache.inUseBytes == 4 * megabyte)
    let keptAgain = Self.kept(&cache, 3, 3 * megabyte)
    // Block 3 is back in its 4 MB class; the next 3 MB request takes the 5 MB block; 8 MB is more
    // than twice 3 MB, so the one after gets a new block.
    let reused = [Self.taken(&cache, 4 * megabyte), Self.taken(&cache, 3 * megabyte), Self.taken(&cache, 3 * megabyte)]
    #expect(keptAgain)
    #expect(reused == [Self.block(3), Self.block(2), nil])
  }

  @Test("before a new block, the oldest cached blocks go back while the pool would hold more than a fifth above its peak")
  func eviction() {
    var cache = PoolCache(limitBytes: 1 << 30)
    let megabyte = Self.megabyte
    let new = [4 * megabyte, 4 * megabyte, 2 * megabyte].map { Self.taken(&cache, $0) }
    // Peak in use: 10 MB, so the pool may hold 12 MB.
    let kept = [(1, 4 * megabyte), (3, 2 * megabyte), (2, 4 * megabyte)].map { Self.kept(&cache, $0, $1) }
    #expect(new == [nil, nil, nil] && kept == [true, true, true])
    // 0.75 MB requests (no cached class within twice their size) get new blocks: 10.75 and 11.5 MB
    // are within the bound; 12.25 MB is not, so the oldest cached block (1) goes back.
    let small = 3 * megabyte / 4
    var results: [(address: UnsafeMutableRawPointer?, evicted: [UnsafeMutableRawPointer])] = []
    for _ in 0..<3 { results.append(cache.take(small)) }
    #expect(results.allSatisfy { $0.address == nil })
    #expect(results.map(\.evicted) == [[], [], [Self.block(1)]])
    #expect(cache.cachedBytes == 6 * megabyte)
    #expect(cache.inUseBytes == 3 * small)
    #expect(cache.peakInUseBytes == 10 * megabyte)
  }

  @Test("a workload that repeats its sizes in the same order finds its blocks again and gives nothing back")
  func steadyState() {
    var cache = PoolCache(limitBytes: 1 << 30)
    let sizes = [1, 4, 16, 1, 4, 16, 1].map { $0 * Self.megabyte }
    var newBlocks = 0
    var evicted = 0
    var released: [Bool] = []
    for round in 0..<5 {
      var held: [(UnsafeMutableRawPointer, Int)] = []
      for (index, size) in sizes.enumerated() {
        let (address, freed) = cache.take(size)
        if round > 0 {
          evicted += freed.count
          newBlocks += address == nil ? 1 : 0
        }
        held.append((address ?? Self.block(100 * round + index + 1), size))
        // Every other block is released at once, the rest at the end of the round.
        if index % 2 == 1 {
          let (last, lastSize) = held.removeLast()
          released.append(cache.give(last, size: lastSize))
        }
      }
      for (address, size) in held { released.append(cache.give(address, size: size)) }
    }
    #expect(released.allSatisfy { $0 })
    #expect(newBlocks == 0)
    #expect(evicted == 0)
  }

  @Test("beyond the limit a released block is not cached")
  func limit() {
    var cache = PoolCache(limitBytes: 5 * Self.megabyte)
    let size = 4 * Self.megabyte
    let new = [Self.taken(&cache, size), Self.taken(&cache, size)]
    let kept = [Self.kept(&cache, 1, size), Self.kept(&cache, 2, size)]
    #expect(new == [nil, nil])
    #expect(kept == [true, false])
    #expect(cache.cachedBytes == size && cache.inUseBytes == 0)
    let removed = cache.removeAll()
    #expect(removed == [Self.block(1)])
    #expect(cache.cachedBytes == 0)
  }
}
