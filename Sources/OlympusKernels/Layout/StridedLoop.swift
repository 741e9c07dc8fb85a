/// One 1-D run of an elementwise loop: up to three inputs read with element strides, and a
/// contiguous output.
struct StridedRun {
  /// The inputs' first elements; unused slots repeat input 0.
  var inputs: (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer)
  /// The inputs' element strides along the run.
  var strides: (Int, Int, Int)
  /// The first output element; the output advances by one element per step.
  var output: UnsafeMutableRawPointer
  /// The number of elements in the run.
  var count: Int
}

/// The N-dimensional iteration shared by every elementwise entry point.
///
/// It visits a row-major `shape` whose output is contiguous and whose inputs are strided views,
/// merging adjacent dimensions that are contiguous for every operand and dropping size-1
/// dimensions, then hands the innermost dimension to a 1-D kernel. The work is split by output
/// element ranges across threads with `Parallel.forEachChunk`.
enum StridedLoop {
  /// Runs `kernel` over 1-D runs covering `shape`.
  ///
  /// - Parameters:
  ///   - operation: Names the caller in precondition messages.
  ///   - shape: The common shape; every input has `shape.count` strides.
  ///   - inputs: Up to three inputs; callers with fewer repeat the first.
  ///   - inputSizes: Bytes per element of each input.
  ///   - output: Contiguous row-major output over `shape`.
  ///   - outputSize: Bytes per output element.
  ///   - minimumChunk: The fewest elements worth a thread for this kernel.
  ///   - kernel: Computes one run; it may run concurrently on disjoint output ranges.
  static func run(
    _ operation: StaticString, shape: [Int], inputs: (StridedView, StridedView, StridedView),
    inputSizes: (Int, Int, Int), output: UnsafeMutableRawPointer, outputSize: Int,
    minimumChunk: Int, kernel: (StridedRun) -> Void
  ) {
    let rank = shape.count
    require(
      inputs.0.strides.count == rank && inputs.1.strides.count == rank && inputs.2.strides.count == rank,
      "\(operation): every input needs one stride per dimension of the shape")
    var total = 1
    for extent in shape {
      require(extent >= 0, "\(operation): negative dimension in shape \(shape)")
      total *= extent
    }
    if total == 0 { return }

    if let flat0 = flatStride(inputs.0.strides, shape), let flat1 = flatStride(inputs.1.strides, shape),
      let flat2 = flatStride(inputs.2.strides, shape)
    {
      // Every input is contiguous or a broadcast scalar: the whole loop is one run.
      let step = (flat0 * inputSizes.0, flat1 * inputSizes.1, flat2 * inputSizes.2)
      Parallel.forEachChunk(count: total, minimumChunk: minimumChunk) { range in
        let start = range.lowerBound
        kernel(
          StridedRun(
            inputs: (
              inputs.0.pointer + start * step.0, inputs.1.pointer + start * step.1, inputs.2.pointer + start * step.2
            ),
            strides: (flat0, flat1, flat2), output: output + start * outputSize, count: range.count))
      }
      return
    }

    withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * rank) { buffer in
      let layout = CollapsedLayout(
        buffer, shape: shape, strides: (inputs.0.strides, inputs.1.strides, inputs.2.strides))
      Parallel.forEachChunk(count: total, minimumChunk: minimumChunk) { range in
        layout.visit(
          range, bases: (inputs.0.pointer, inputs.1.pointer, inputs.2.pointer), inputSizes: inputSizes,
          output: output, outputSize: outputSize, kernel: kernel)
      }
    }
  }

  /// 1 when `strides` lay out `shape` contiguously in row-major order, 0 when they broadcast one
  /// element, nil otherwise; dimensions of size 1 are ignored.
  static func flatStride(_ strides: [Int], _ shape: [Int]) -> Int? {
    var contiguous = true
    var broadcast = true
    var expected = 1
    for axis in shape.indices.reversed() where shape[axis] != 1 {
      let stride = strides[axis]
      if stride != expected { contiguous = false }
      if stride != 0 { broadcast = false }
      expected *= shape[axis]
    }
    return contiguous ? 1 : (broadcast ? 0 : nil)
  }
}

/// A shape with size-1 dimensions dropped and mergeable neighbours merged, stored in caller-owned
/// memory as four rows of `shape.count` integers: extents, then each input's element strides.
/// The shape must have a dimension of extent above 1 (so at least one dimension is left); the
/// flat path of `StridedLoop.run` takes every other shape.
struct CollapsedLayout {
  let buffer: UnsafeMutableBufferPointer<Int>
  let capacity: Int
  /// The number of dimensions left.
  private(set) var rank = 0

  init(_ buffer: UnsafeMutableBufferPointer<Int>, shape: [Int], strides: ([Int], [Int], [Int])) {
    self.buffer = buffer
    self.capacity = shape.count
    for axis in shape.indices where shape[axis] != 1 {
      let extent = shape[axis]
      let s = (strides.0[axis], strides.1[axis], strides.2[axis])
      if rank > 0 {
        let outer = rank - 1
        if stride(0, outer) == s.0 * extent && stride(1, outer) == s.1 * extent && stride(2, outer) == s.2 * extent {
          buffer[outer] *= extent
          setStrides(outer, s)
          continue
        }
      }
      buffer[rank] = extent
      setStrides(rank, s)
      rank += 1
    }
  }

  func extent(_ axis: Int) -> Int { buffer[axis] }
  func stride(_ input: Int, _ axis: Int) -> Int { buffer[(input + 1) * capacity + axis] }

  private func setStrides(_ axis: Int, _ s: (Int, Int, Int)) {
    buffer[capacity + axis] = s.0
    buffer[2 * capacity + axis] = s.1
    buffer[3 * capacity + axis] = s.2
  }

  /// Calls `kernel` on the runs that cover output elements `range`, walking the outer
  /// dimensions with an odometer.
  func visit(
    _ range: Range<Int>, bases: (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer), inputSizes: (Int, Int, Int),
    output: UnsafeMutableRawPointer, outputSize: Int, kernel: (StridedRun) -> Void
  ) {
    let inner = rank - 1
    let innerExtent = extent(inner)
    let innerStrides = (stride(0, inner), stride(1, inner), stride(2, inner))
    withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(inner, 1)) { coordinate in
      // Element offsets of the current row's start, for each input.
      var row = (0, 0, 0)
      var outer = range.lowerBound / innerExtent
      for axis in (0..<inner).reversed() {
        let c = outer % extent(axis)
        outer /= extent(axis)
        coordinate[axis] = c
        row.0 += c * stride(0, axis)
        row.1 += c * stride(1, axis)
        row.2 += c * stride(2, axis)
      }
      var column = range.lowerBound % innerExtent
      var position = range.lowerBound
      while position < range.upperBound {
        let count = Swift.min(innerExtent - column, range.upperBound - position)
        let start = (row.0 + column * innerStrides.0, row.1 + column * innerStrides.1, row.2 + column * innerStrides.2)
        kernel(
          StridedRun(
            inputs: (
              bases.0 + start.0 * inputSizes.0, bases.1 + start.1 * inputSizes.1, bases.2 + start.2 * inputSizes.2
            ),
            strides: innerStrides, output: output + position * outputSize, count: count))
        position += count
        column = 0
        for axis in (0..<inner).reversed() {
          coordinate[axis] += 1
          row.0 += stride(0, axis)
          row.1 += stride(1, axis)
          row.2 += stride(2, axis)
          if coordinate[axis] < extent(axis) { break }
          coordinate[axis] = 0
          row.0 -= extent(axis) * stride(0, axis)
          row.1 -= extent(axis) * stride(1, axis)
          row.2 -= extent(axis) * stride(2, axis)
        }
      }
    }
  }
}
