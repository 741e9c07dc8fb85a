import OlympusKernels

/// One jitted function: its staged graphs by argument signatures (JAX's jit cache) and the one
/// place they run. Every public form of `jit` flattens its arguments into trees and calls
/// ``call(_:_:)``, the one place staged graphs run.
///
/// The cache keeps the `capacity` most recent stagings: a function whose static values change on
/// every call (a plain `Int` or `Bool` read while staging, a static argument that keeps changing)
/// does not accumulate graphs without bound.
final class StagedFunction: Sendable {
  /// A staged graph compiled for execution, and the structures that rebuild its results from its
  /// outputs.
  struct Entry: @unchecked Sendable {
    /// The compiled executor: it fuses elementwise clusters into tile loops, frees each
    /// intermediate at its last use and may reuse the buffers of donated inputs; on tracers or
    /// tensors on the tape it replays the graph through `bind`, so jitted functions compose with
    /// every transformation.
    let executor: CompiledGraph
    let results: [TreeStructure]
  }

  /// What staging gave: an entry to run, or, when an operation was rejected while staging, the
  /// structures of the results, which the call returns filled with failed tensors.
  enum Staging {
    case staged(Entry)
    case rejected(results: [TreeStructure])
  }

  /// One argument of a call: its signature, and its tensors unless it is static.
  struct Argument {
    let signature: ArgumentSignature
    let tree: FlatTree?

    /// A tree argument, staged by the types of its tensors and keyed by its plain values.
    init(_ tree: FlatTree) {
      signature = ArgumentSignature(tree)
      self.tree = tree
    }

    /// A static argument: not an input of the graph, keyed by its value.
    init(static content: ArgumentSignature.Content) {
      signature = ArgumentSignature(static: content)
      tree = nil
    }
  }

  /// Argument positions whose tensors the caller gives up (`donating:`).
  private let donated: Set<Int>
  private let state = Locked<(entries: [[ArgumentSignature]: Entry], order: [[ArgumentSignature]], last: [ArgumentSignature]?)>(
    ([:], [], nil))

  /// How many staged graphs one jitted function keeps.
  static let capacity = 64

  init(donating donated: Set<Int>) { self.donated = donated }

  /// Runs the function on `arguments`: replays the graph staged for their signatures, staging
  /// `body` first when there is none. `body` receives the non-static arguments rebuilt around the
  /// graph's input variables and returns the results as trees.
  func call(_ arguments: [Argument], _ body: ([FlatTree]) -> [FlatTree]) -> [FlatTree] {
    let signatures = arguments.map(\.signature)
    let trees = arguments.compactMap(\.tree)
    let inputs = trees.flatMap(\.leaves)
    let entry: Entry
    if let cached = state.withLock({ $0.entries[signatures] }) {
      entry = cached
    } else {
      switch stage(arguments, trees, body) {
      case .staged(let staged): entry = staged
      case .rejected(let results):
        return results.map { FlatTree(leaves: Array(repeating: .failed, count: $0.leafCount), structure: $0) }
      }
    }
    let outputs = entry.executor(inputs)
    let parts = split(outputs, counts: entry.results.map(\.leafCount))
    return zip(parts, entry.results).map { FlatTree(leaves: $0, structure: $1) }
  }

  /// Stages `body` for arguments of these signatures, simplified, with common subexpressions
  /// merged and dead code removed; caches the graph unless it captured a value of an enclosing
  /// transformation. A staging in which an operation was rejected (inside `withErrorChecking`)
  /// leaves the cache as it was: its graph may hold the placeholder a rejected operation
  /// returned (a zero read from a traced value), and must never answer a later call.
  private func stage(_ arguments: [Argument], _ trees: [FlatTree], _ body: ([FlatTree]) -> [FlatTree]) -> Staging {
    let signatures = arguments.map(\.signature)
    if JITSettings.explainRecompiles, let previous = state.withLock({ $0.last }) {
      print(recompileExplanation(previous, signatures))
    }
    let counts = trees.map(\.leaves.count)
    var results: [TreeStructure] = []
    let (staged, rejected) = detectingRejection {
      makeGraph(
        of: { leaves in
          let parts = split(leaves, counts: counts)
          let outputs = body(zip(parts, trees).map { FlatTree(leaves: $0, structure: $1.structure) })
          results = outputs.map(\.structure)
          return outputs.flatMap(\.leaves)
        }, for: trees.flatMap(\.leaves).map(\.type))
    }
    if rejected { return .rejected(results: results) }
    // The staged graph ends here: the passes take its equations, and those they drop are freed
    // before compiling.
    let graph = (consume staged).optimized()
    let entry = Entry(executor: graph.compiled(donating: donatedInputs(arguments)), results: results)
    if entry.executor.isClosed {
      state.withLock {
        $0.entries[signatures] = entry
        $0.order.append(signatures)
        if $0.order.count > Self.capacity { $0.entries[$0.order.removeFirst()] = nil }
        $0.last = signatures
      }
    }
    return .staged(entry)
  }

  /// The graph inputs (leaf positions) that belong to donated arguments.
  private func donatedInputs(_ arguments: [Argument]) -> Set<Int> {
    guard !donated.isEmpty else { return [] }
    var result = Set<Int>()
    var offset = 0
    for (position, argument) in arguments.enumerated() {
      let count = argument.tree?.leaves.count ?? 0
      if donated.contains(position) { result.formUnion(offset..<(offset + count)) }
      offset += count
    }
    return result
  }
}
