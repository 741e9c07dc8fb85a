/// Einstein summation (`numpy.einsum`, `jnp.einsum`, `torch.einsum`): multiplies the operands
/// along axes with equal labels and sums the labels missing from the output.
///
/// `subscripts` names each operand's axes with letters, comma-separated, optionally followed by
/// `->` and the output's labels; without `->` the output has the labels that appear exactly once,
/// in alphabetical order. `...` stands for the axes the letters leave (aligned from the right and
/// broadcast among operands, placed first in an implicit output). A label repeated within an
/// operand takes its diagonal (`"ii->i"`, `"ii"` is the trace). Spaces are ignored.
///
/// Operands are contracted two at a time through `matmul` (batch, kept and summed axes grouped
/// into one batched product), always choosing the pair whose result is smallest; labels only one
/// operand uses are summed out first. Operands of different types are promoted.
///
/// ```swift
/// einsum("ij,jk->ik", a, b)      // matmul(a, b)
/// einsum("...ij,...j", m, v)     // batched matrix-vector product
/// einsum("ii", a)                // trace
/// ```
public func einsum(_ subscripts: String, _ operands: Tensor...) -> Tensor {
  einsum(subscripts, operands)
}

/// `einsum(_:_:)` with the operands in an array.
public func einsum(_ subscripts: String, _ operands: [Tensor]) -> Tensor {
  checked { () throws(OlympusError) in
    let plan = try EinsumPlan(subscripts, operands.map(\.shape))
    let dtype = operands.dropFirst().reduce(operands.first?.dtype ?? .float32) { DType.promoted($0, $1.dtype) }
    var terms = zip(operands, plan.inputs).map { EinsumTerm(tensor: $0.astype(dtype), labels: $1) }
    terms = terms.map { plan.prepared($0) }
    while terms.count > 1 {
      let (first, second) = plan.cheapestPair(terms)
      let right = terms.remove(at: second)
      let left = terms.remove(at: first)
      terms.append(plan.contract(left, right, others: terms))
    }
    return plan.finished(terms[0])
  }
}

/// A tensor with a label per axis.
struct EinsumTerm {
  var tensor: Tensor
  var labels: [Int]
}

/// The parsed subscripts: labels per operand and for the output (letters by their Unicode value,
/// the axes of `...` by negative numbers from the right), and each label's size.
struct EinsumPlan {
  static let operation = "einsum"
  var inputs: [[Int]]
  var output: [Int]
  var sizes: [Int: Int] = [:]

  init(_ subscripts: String, _ shapes: [[Int]]) throws(OlympusError) {
    let text = subscripts.filter { $0 != " " }
    let arrows = text.ranges(of: "->")
    guard arrows.count <= 1 else { throw Self.error(subscripts, "more than one '->'") }
    guard !shapes.isEmpty else { throw Self.error(subscripts, "needs at least one operand") }
    let inputText = arrows.first.map { String(text[..<$0.lowerBound]) } ?? text
    let outputText = arrows.first.map { String(text[$0.upperBound...]) }
    let terms = inputText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard terms.count == shapes.count else {
      throw Self.error(subscripts, "\(terms.count) operand terms for \(shapes.count) operands")
    }
    var parsed: [[Int]] = []
    var ellipsisRank = 0
    for (term, shape) in zip(terms, shapes) {
      let labels = try Self.labels(term, rank: shape.count, subscripts)
      parsed.append(labels)
      ellipsisRank = Swift.max(ellipsisRank, labels.filter { $0 < 0 }.count)
    }
    inputs = parsed
    for (labels, shape) in zip(parsed, shapes) {
      for (label, size) in zip(labels, shape) {
        let known = sizes[label] ?? 1
        guard known == size || known == 1 || size == 1 else {
          throw Self.error(
            subscripts, "label \(Self.name(label)) has sizes \(known) and \(size) (operand shapes \(shapes.map(formatShape)))")
        }
        sizes[label] = Swift.max(known, size)
      }
    }
    let ellipsis = (0..<ellipsisRank).map { -(ellipsisRank - $0) }
    if let outputText {
      output = try Self.labels(outputText, rank: nil, subscripts, ellipsisRank: ellipsisRank)
      guard Set(output).count == output.count else { throw Self.error(subscripts, "the output repeats a label") }
      for label in output where label > 0 && !parsed.contains(where: { $0.contains(label) }) {
        throw Self.error(subscripts, "output label \(Self.name(label)) appears in no operand")
      }
    } else {
      let letters = parsed.flatMap { $0 }.filter { $0 > 0 }
      let once = Set(letters.filter { label in letters.filter { $0 == label }.count == 1 })
      output = ellipsis + once.sorted()
    }
  }

  /// The labels of one term; `rank` (nil for the output) is the operand's rank.
  private static func labels(
    _ term: String, rank: Int?, _ subscripts: String, ellipsisRank: Int = 0
  ) throws(OlympusError) -> [Int] {
    let dots = term.ranges(of: "...")
    guard dots.count <= 1 else { throw error(subscripts, "'...' appears twice in '\(term)'") }
    let pieces = dots.first.map { [String(term[..<$0.lowerBound]), String(term[$0.upperBound...])] } ?? [term]
    var letters: [[Int]] = []
    for piece in pieces {
      var labels: [Int] = []
      for character in piece {
        guard character.isASCII, character.isLetter, let value = character.unicodeScalars.first?.value else {
          throw error(subscripts, "'\(character)' is not a label (labels are letters a–z, A–Z)")
        }
        labels.append(Int(value))
      }
      letters.append(labels)
    }
    let named = letters.reduce(0) { $0 + $1.count }
    let hidden: Int
    if let rank {
      guard pieces.count == 2 ? named <= rank : named == rank else {
        throw error(subscripts, "term '\(term)' names \(named) axes of an operand of rank \(rank)")
      }
      hidden = rank - named
    } else {
      hidden = pieces.count == 2 ? ellipsisRank : 0
    }
    let ellipsis = (0..<hidden).map { -(hidden - $0) }
    return letters[0] + (pieces.count == 2 ? ellipsis + letters[1] : [])
  }

  private static func name(_ label: Int) -> String {
    label > 0 ? String(UnicodeScalar(UInt8(label))) : "... axis \(label)"
  }

  private static func error(_ subscripts: String, _ message: String) -> OlympusError {
    OlympusError(operation, "\"\(subscripts)\": \(message)")
  }

  /// A term with its repeated labels reduced to diagonals and the size-1 axes of labels other
  /// operands broadcast dropped.
  func prepared(_ term: EinsumTerm) -> EinsumTerm {
    var term = term
    while let (first, second) = repeatedPair(term.labels) {
      let n = term.tensor.shape[first]
      var maskShape = [Int](repeating: 1, count: term.tensor.rank)
      maskShape[first] = n
      maskShape[second] = n
      let mask = Tensor.eye(n, dtype: term.tensor.dtype).reshaped(to: maskShape)
      term.tensor = (term.tensor * mask).sum(axes: [second])
      term.labels.remove(at: second)
    }
    let broadcast = term.labels.indices.filter { term.tensor.shape[$0] == 1 && sizes[term.labels[$0]]! > 1 }
    if !broadcast.isEmpty {
      term.tensor = term.tensor.squeezed(axes: broadcast)
      term.labels = term.labels.enumerated().filter { !broadcast.contains($0.offset) }.map(\.element)
    }
    return term
  }

  private func repeatedPair(_ labels: [Int]) -> (Int, Int)? {
    for first in labels.indices {
      if let second = labels[(first + 1)...].firstIndex(of: labels[first]) { return (first, second) }
    }
    return nil
  }

  /// The pair of terms whose contraction gives the fewest elements.
  func cheapestPair(_ terms: [EinsumTerm]) -> (Int, Int) {
    var best = (0, 1)
    var bestSize = Double.infinity
    for first in terms.indices {
      for second in terms.indices where second > first {
        let others = terms.indices.filter { $0 != first && $0 != second }.map { terms[$0] }
        let kept = keptLabels(terms[first], terms[second], others: others)
        let size = kept.reduce(1.0) { $0 * Double(sizes[$1]!) }
        if size < bestSize {
          bestSize = size
          best = (first, second)
        }
      }
    }
    return best
  }

  /// The labels of two terms that the output or another term still needs.
  private func keptLabels(_ left: EinsumTerm, _ right: EinsumTerm, others: [EinsumTerm]) -> [Int] {
    var kept: [Int] = []
    for label in left.labels + right.labels where !kept.contains(label) {
      if output.contains(label) || others.contains(where: { $0.labels.contains(label) }) { kept.append(label) }
    }
    return kept
  }

  /// Sums the labels of `term` that neither `other` labels nor `kept` holds.
  private func summingPrivateLabels(_ term: EinsumTerm, other: [Int], kept: [Int]) -> EinsumTerm {
    let summed = term.labels.indices.filter { !other.contains(term.labels[$0]) && !kept.contains(term.labels[$0]) }
    guard !summed.isEmpty else { return term }
    return EinsumTerm(
      tensor: term.tensor.sum(axes: summed),
      labels: term.labels.enumerated().filter { !summed.contains($0.offset) }.map(\.element))
  }

  /// One batched `matmul` of two terms: shared kept labels are the batch, shared others summed.
  func contract(_ left: EinsumTerm, _ right: EinsumTerm, others: [EinsumTerm]) -> EinsumTerm {
    let kept = keptLabels(left, right, others: others)
    let x = summingPrivateLabels(left, other: right.labels, kept: kept)
    let y = summingPrivateLabels(right, other: x.labels, kept: kept)
    let batch = x.labels.filter { y.labels.contains($0) && kept.contains($0) }
    let summed = x.labels.filter { y.labels.contains($0) && !kept.contains($0) }
    let leftFree = x.labels.filter { !y.labels.contains($0) }
    let rightFree = y.labels.filter { !x.labels.contains($0) }
    func size(_ labels: [Int]) -> Int { labels.reduce(1) { $0 * sizes[$1]! } }
    func arranged(_ term: EinsumTerm, _ order: [Int], _ shape: [Int]) -> Tensor {
      term.tensor.transposed(order.map { term.labels.firstIndex(of: $0)! }).reshaped(to: shape)
    }
    let a = arranged(x, batch + leftFree + summed, [size(batch), size(leftFree), size(summed)])
    let b = arranged(y, batch + summed + rightFree, [size(batch), size(summed), size(rightFree)])
    let labels = batch + leftFree + rightFree
    return EinsumTerm(tensor: matmul(a, b).reshaped(to: labels.map { sizes[$0]! }), labels: labels)
  }

  /// The last term summed, ordered and broadcast to the output.
  func finished(_ term: EinsumTerm) -> Tensor {
    let reduced = summingPrivateLabels(term, other: [], kept: output)
    let present = output.filter { reduced.labels.contains($0) }
    var result = reduced.tensor.transposed(present.map { reduced.labels.firstIndex(of: $0)! })
    // Output labels every operand had at size 1 (dropped as broadcast) come back as such axes.
    var shape: [Int] = []
    var index = 0
    for label in output {
      if present.contains(label) {
        shape.append(result.shape[index])
        index += 1
      } else {
        shape.append(1)
      }
    }
    result = result.reshaped(to: shape)
    return result.broadcast(to: output.map { sizes[$0] ?? 1 })
  }
}
