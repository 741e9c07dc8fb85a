/// The bookkeeping of `BufferPool`: which released blocks it keeps, which one serves a request, and
/// which it gives back to the system. It never touches the blocks' memory; the pool allocates and
/// frees them.
///
/// Blocks keep their size class. A request of a class with no cached block takes the smallest
/// cached block of a larger class up to twice its size, rather than new pages. Before a request
/// gets a new block, the oldest cached blocks are given back while the pool would hold (handed out
/// plus cached) more than a fifth above the most it ever handed out at once: a pool that only grew
/// would hold the most each class ever needed at once rather than the most all of them needed at
/// once (a training step's forward and backward passes use different sizes). A workload that
/// repeats its sizes finds most of its blocks again; what it still allocates anew each time is
/// what its sizes cannot share within the bound (W11's eager training step: about 9 MB a step, of
/// 45 MB, at about 0.3 ms of page faults per MB).
package struct PoolCache {
  /// A cached block and when it was released (a counter).
  private struct Block {
    let address: UnsafeMutableRawPointer
    let release: Int
  }

  /// Cached blocks by size, oldest release first.
  private var free: [Int: [Block]] = [:]
  /// The size of each block handed out for a request of a smaller class.
  private var lent: [UnsafeMutableRawPointer: Int] = [:]
  private var releases = 0
  /// Cached bytes beyond this are given back when released.
  private let limitBytes: Int

  /// Bytes of the cached blocks.
  package private(set) var cachedBytes = 0
  /// Bytes of the blocks handed out and not yet given back.
  package private(set) var inUseBytes = 0
  /// The most bytes ever handed out at once.
  package private(set) var peakInUseBytes = 0

  /// An empty cache that keeps at most `limitBytes` cached.
  package init(limitBytes: Int) { self.limitBytes = limitBytes }

  /// A cached block for a request of size class `size`, or `nil` when the caller must allocate a
  /// new block of `size` bytes (then counted as handed out) after freeing `evicted`.
  package mutating func take(_ size: Int) -> (address: UnsafeMutableRawPointer?, evicted: [UnsafeMutableRawPointer]) {
    if let (address, blockSize) = reuse(size) {
      cachedBytes -= blockSize
      handOut(blockSize)
      return (address, [])
    }
    handOut(size)
    return (nil, evict(above: peakInUseBytes + peakInUseBytes / 5))
  }

  /// Takes back a block handed out for a request of size class `size`; `false` when the cache is
  /// full and the caller must free it.
  package mutating func give(_ address: UnsafeMutableRawPointer, size: Int) -> Bool {
    let blockSize = lent.removeValue(forKey: address) ?? size
    inUseBytes -= blockSize
    guard cachedBytes + blockSize <= limitBytes else { return false }
    releases += 1
    free[blockSize, default: []].append(Block(address: address, release: releases))
    cachedBytes += blockSize
    return true
  }

  /// Empties the cache, returning the blocks it held for the caller to free.
  package mutating func removeAll() -> [UnsafeMutableRawPointer] {
    let all = free.values.flatMap { $0.map(\.address) }
    free.removeAll()
    cachedBytes = 0
    return all
  }

  private mutating func handOut(_ size: Int) {
    inUseBytes += size
    peakInUseBytes = Swift.max(peakInUseBytes, inUseBytes)
  }

  /// The most recently released block of class `size`, else of the smallest class up to twice it.
  private mutating func reuse(_ size: Int) -> (UnsafeMutableRawPointer, Int)? {
    if let block = free[size]?.popLast() { return (block.address, size) }
    var best: Int?
    for (candidate, blocks) in free where candidate > size && candidate <= 2 * size && !blocks.isEmpty {
      if best.map({ candidate < $0 }) ?? true { best = candidate }
    }
    guard let best, let block = free[best]?.popLast() else { return nil }
    lent[block.address] = best
    return (block.address, best)
  }

  /// Removes the oldest cached blocks while the pool holds more than `bound` bytes.
  private mutating func evict(above bound: Int) -> [UnsafeMutableRawPointer] {
    var evicted: [UnsafeMutableRawPointer] = []
    while inUseBytes + cachedBytes > bound {
      var oldest: (size: Int, release: Int)?
      for (size, blocks) in free {
        guard let first = blocks.first else { continue }
        if oldest.map({ first.release < $0.release }) ?? true { oldest = (size, first.release) }
      }
      guard let oldest, let block = free[oldest.size]?.removeFirst() else { break }
      cachedBytes -= oldest.size
      evicted.append(block.address)
    }
    return evicted
  }
}
