/// Applies a staged body along axis 0 of the scanned inputs, threading a carry (JAX's `scan`).
/// Inputs: the initial carry, the scanned inputs (`length` slices each), then the values the body
/// captured (see `closureConverted`); outputs: the final carry, then the body's per-step results
/// stacked along a new axis 0. The body maps (carry, slices, captured) to (carry, results).
///
/// Reverse mode keeps the carries: the backward pass runs the forward scan once more, stacking the
/// carry that enters every step, then a reverse scan whose steps recompute one body application
/// from its saved carry and slices and pull the cotangents back through it. Only the inputs are
/// kept for it, none of the body's intermediates.
public struct Scan: Primitive {
  /// (carry, slices, captured) to (carry, results).
  let body: Graph
  /// How many inputs form the carry.
  let carryCount: Int
  /// How many inputs are scanned.
  let scannedCount: Int
  /// The number of steps.
  let length: Int
  /// Whether the steps run from the last slice to the first (results stay where their slices are).
  let reverse: Bool

  /// `scan[length=… body={…}]`.
  public var description: String { "scan[length=\(length)\(reverse ? " reverse" : "") body=\(nestedDescription(body))]" }

  /// The carry and the stacked results.
  public var outputCount: Int { body.outputs.count }

  /// Identity of the body, and the static parameters.
  public static func == (a: Scan, b: Scan) -> Bool {
    a.body === b.body && a.carryCount == b.carryCount && a.scannedCount == b.scannedCount && a.length == b.length
      && a.reverse == b.reverse
  }

  /// Identity of the body, and the static parameters.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(body))
    hasher.combine(carryCount)
    hasher.combine(scannedCount)
    hasher.combine(length)
    hasher.combine(reverse)
  }

  /// The types the body's inputs take when its slices are stacked `length` times.
  private var stackedInputTypes: [TensorType] {
    body.inputTypes.enumerated().map { index, type in
      isScanned(index) ? TensorType(shape: [length] + type.shape, dtype: type.dtype) : type
    }
  }

  private func isScanned(_ index: Int) -> Bool { (carryCount..<(carryCount + scannedCount)).contains(index) }

  /// The carry's types and the results' types stacked `length` times.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectOperands("scan", inputs, stackedInputTypes)
    return body.outputTypes.enumerated().map { index, type in
      index < carryCount ? type : TensorType(shape: [length] + type.shape, dtype: type.dtype)
    }
  }

  /// Runs the body `length` times.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    var carry = Array(inputs[..<carryCount])
    let scanned = Array(inputs[carryCount..<(carryCount + scannedCount)])
    let captured = Array(inputs[(carryCount + scannedCount)...])
    var steps: [[Tensor]] = []
    withGradientMode(false) {
      for t in reverse ? Array((0..<length).reversed()) : Array(0..<length) {
        let outputs = body(carry + scanned.map { $0[t] } + captured)
        carry = Array(outputs[..<carryCount])
        steps.append(Array(outputs[carryCount...]))
      }
    }
    if reverse { steps.reverse() }
    let results = body.outputTypes[carryCount...].enumerated().map { index, type in
      steps.isEmpty ? Tensor.zeros([0] + type.shape, dtype: type.dtype) : stacked(steps.map { $0[index] })
    }
    return carry + results
  }

  /// A scan of the body's forward mode, over the carry and its tangents.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let dense = zip(tangents, primals).map { tangentOrZero($0, like: $1) }
    let (carry, scanned, captured) = parts(primals)
    let (carryTangents, scannedTangents, capturedTangents) = parts(dense)
    let floatCarry = floatingPointEntries(carryTangents, of: carry).count
    let results = scan(
      initial: carry + floatingPointEntries(carryTangents, of: carry),
      over: scanned + floatingPointEntries(scannedTangents, of: scanned), length: length, reverse: reverse
    ) { state, slices in
      let step = forwardThrough(
        body, at: Array(state[..<carryCount]) + slices[..<scannedCount] + captured,
        along: Array(state[carryCount...]) + slices[scannedCount...] + floatingPointEntries(capturedTangents, of: captured),
        "scan")
      let newCarry = Array(step.outputs[..<carryCount]) + step.tangents[..<floatCarry]
      return (newCarry, Array(step.outputs[carryCount...]) + step.tangents[floatCarry...])
    }
    let resultCount = outputCount - carryCount
    let outputTangents = Array(results.carry[carryCount...]) + results.ys[resultCount...]
    return spread(outputTangents, over: outputs.map(\.type))
  }

  /// The carries entering each step (one forward scan), then a reverse scan that pulls the
  /// cotangents back through one step at a time, accumulating the captured values' cotangents in
  /// its carry.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let (carry, scanned, captured) = parts(primals)
    let savedCarries = scan(initial: carry, over: scanned, length: length, reverse: reverse) { state, slices in
      (Array(body(state + slices + captured)[..<carryCount]), state)
    }.ys
    let outputCotangents = zip(cotangents, outputs).map { tangentOrZero($0, like: $1) }
    let carryCotangents = floatingPointEntries(Array(outputCotangents[..<carryCount]), of: Array(outputs[..<carryCount]))
    let resultCotangents = floatingPointEntries(Array(outputCotangents[carryCount...]), of: Array(outputs[carryCount...]))
    let floatCarry = carryCotangents.count
    let floatScanned = floatingPoint(scanned).count
    let capturedZeros = floatingPoint(captured).map { Tensor.zeros(like: $0) }
    let results = scan(
      initial: carryCotangents + capturedZeros, over: savedCarries + scanned + resultCotangents, length: length,
      reverse: !reverse
    ) { state, slices in
      let inputs = Array(slices[..<(carryCount + scannedCount)]) + captured
      let stepCotangents = Array(state[..<floatCarry]) + slices[(carryCount + scannedCount)...]
      let pulled = backwardThrough(body, at: inputs, cotangents: stepCotangents, "scan")
      let capturedSums = zip(state[floatCarry...], pulled[(floatCarry + floatScanned)...]).map { $0 + $1 }
      return (Array(pulled[..<floatCarry]) + capturedSums, Array(pulled[floatCarry..<(floatCarry + floatScanned)]))
    }
    let inputCotangents = Array(results.carry[..<floatCarry]) + results.ys + results.carry[floatCarry...]
    return spread(inputCotangents, over: primals.map(\.type))
  }

  /// The outputs are not read.
  public var vjpReadsOutputs: Bool { false }

  /// A scan of the batched body: the carry batched along axis 0 (repeated where it was shared),
  /// scanned inputs batched along axis 1; the stacked results come out batched along axis 1.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let (carry, scanned, captured) = parts(inputs)
    let (_, scannedAxes, capturedAxes) = parts(axes)
    let stepAxes = carry.map { _ in 0 as Int? } + scannedAxes.map { $0.map { _ in 0 } } + capturedAxes
    let results = scan(
      initial: zip(carry, axes).map { batchFirst($0, axis: $1, size: size) },
      over: zip(scanned, scannedAxes).map { x, axis in axis.map { movingAxis(x, from: $0, to: 1) } ?? x },
      length: length, reverse: reverse
    ) { state, slices in
      let outputs = batchedCall(body, state + slices + captured, axes: stepAxes, size: size)
      return (Array(outputs[..<carryCount]), Array(outputs[carryCount...]))
    }
    return (results.carry + results.ys, results.carry.map { _ in 0 } + results.ys.map { _ in 1 })
  }

  /// `values` split into carry, scanned inputs and captured values.
  private func parts<Element>(_ values: [Element]) -> ([Element], [Element], [Element]) {
    (
      Array(values[..<carryCount]), Array(values[carryCount..<(carryCount + scannedCount)]),
      Array(values[(carryCount + scannedCount)...])
    )
  }
}
