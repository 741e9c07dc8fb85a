import OlympusKernels

extension Graph {
  /// One primitive applied to atoms.
  ///
  /// An equation is one object holding its primitive with its operands and results stored inline
  /// after it: staging a large graph makes one allocation per equation, a pass reads an equation
  /// from one place in memory, and the passes that copy equations from graph to graph pay one
  /// reference count per equation.
  public struct Equation {
    /// The equation's only stored property (`[Graph.Equation].prefetch(_:)` reads an equation's
    /// bits as its object's address).
    private let storage: Storage

    /// The primitive.
    public var primitive: any Primitive { storage.primitive }
    /// Its operands.
    public var inputs: Operands { Operands(storage: storage) }
    /// The variables it defines.
    public var outputs: Results { Results(storage: storage) }

    /// `primitive` applied to `inputs`, defining `outputs`.
    init(primitive: any Primitive, inputs: some Collection<Atom>, outputs: some Collection<Variable>) {
      storage = Storage.make(primitive, inputs, outputs)
    }

    /// An equation's operands, in order.
    public struct Operands: RandomAccessCollection {
      fileprivate let storage: Storage

      /// 0.
      public var startIndex: Int { 0 }
      /// The number of operands.
      public var endIndex: Int { storage.inputCount }

      /// Operand `position`.
      public subscript(position: Int) -> Atom {
        guard position >= 0 && position < endIndex else {
          fatalError("Graph.Equation: operand \(position) of \(endIndex)")
        }
        return storage.slot(position)
      }
    }

    /// The variables an equation defines, in order.
    public struct Results: RandomAccessCollection {
      fileprivate let storage: Storage

      /// 0.
      public var startIndex: Int { 0 }
      /// The number of results.
      public var endIndex: Int { storage.slotCount - storage.inputCount }

      /// Result `position`.
      public subscript(position: Int) -> Variable {
        guard position >= 0 && position < endIndex else {
          fatalError("Graph.Equation: result \(position) of \(endIndex)")
        }
        guard case .variable(let variable) = storage.slot(storage.inputCount + position) else {
          fatalError("Graph.Equation: result \(position) is stored as a constant")
        }
        return variable
      }
    }
  }
}

extension Graph.Equation {
  /// How many equations ahead a pass over a graph's equations prefetches their objects: far enough
  /// for a load from memory (~100 ns) to finish while the pass handles the equations in between,
  /// near enough that the prefetched lines are still in the cache when it reaches them.
  static let prefetchDistance = 8
}

extension [Graph.Equation] {
  /// Asks the CPU to start loading the object of the equation at `index` (nothing when `index` is
  /// out of range), without retaining it: a pass over a large graph, whose equation objects lie
  /// scattered beyond the cache, calls it for the equation `Graph.Equation.prefetchDistance`
  /// positions ahead, so that the loads overlap rather than each stalling the pass in turn.
  func prefetch(_ index: Int) {
    guard index >= 0 && index < count else { return }
    withUnsafeBufferPointer { buffer in
      // An equation is its storage reference and nothing else: its bits are the object's address.
      let address = UnsafeRawPointer(buffer.baseAddress! + index).load(as: UnsafeRawPointer.self)
      prefetchObject(at: address)
    }
  }

  /// Removes and returns the last equation (`nil` when there is none), first prefetching the one
  /// `Graph.Equation.prefetchDistance` positions before it: how a pass or `Graph.deinit` takes the
  /// equations of an array it owns from the end.
  mutating func popLastPrefetching() -> Graph.Equation? {
    prefetch(count - 1 - Graph.Equation.prefetchDistance)
    return popLast()
  }
}

extension Graph.Equation {
  /// What an equation stores before its slots.
  fileprivate struct Header {
    let primitive: any Primitive
    /// Slots holding operands (the rest hold results, as variable atoms). 32-bit counts keep an
    /// equation of three slots within 112 bytes.
    let inputCount: Int32
    /// Operands and results.
    let slotCount: Int32
  }

  /// The equation's object: its header, then its operands and results as atoms, in one allocation.
  fileprivate final class Storage: ManagedBuffer<Header, Graph.Atom> {
    static func make(
      _ primitive: any Primitive, _ inputs: some Collection<Graph.Atom>, _ outputs: some Collection<Graph.Variable>
    ) -> Storage {
      let slotCount = inputs.count + outputs.count
      let buffer = create(minimumCapacity: slotCount) { _ in
        Header(primitive: primitive, inputCount: Int32(inputs.count), slotCount: Int32(slotCount))
      }
      buffer.withUnsafeMutablePointerToElements { slots in
        var next = slots
        for atom in inputs {
          next.initialize(to: atom)
          next += 1
        }
        for variable in outputs {
          next.initialize(to: .variable(variable))
          next += 1
        }
        precondition(next - slots == slotCount, "Graph.Equation: a collection changed its count while read")
      }
      return unsafeDowncast(buffer, to: Storage.self)
    }

    var primitive: any Primitive { withUnsafeMutablePointerToHeader { $0.pointee.primitive } }
    var inputCount: Int { withUnsafeMutablePointerToHeader { Int($0.pointee.inputCount) } }
    var slotCount: Int { withUnsafeMutablePointerToHeader { Int($0.pointee.slotCount) } }

    /// Slot `index` (below `slotCount`).
    func slot(_ index: Int) -> Graph.Atom {
      withUnsafeMutablePointerToElements { $0[index] }
    }

    deinit {
      _ = withUnsafeMutablePointers { header, slots in slots.deinitialize(count: Int(header.pointee.slotCount)) }
    }
  }
}

/// A graph's equations handed to a pass one at a time, in order, each moved out of an array the
/// pass owns: an equation the pass keeps goes on to the next graph with no reference count, and
/// one it drops is freed at once, while it is still in the cache.
struct EquationStream: IteratorProtocol {
  /// The equations not handed out yet, the next one last.
  private var remaining: [Graph.Equation]

  /// A stream of `equations`, in order.
  init(_ equations: consuming [Graph.Equation]) {
    remaining = consume equations
    remaining.reverseByMoving()
  }

  /// How many equations are left.
  var count: Int { remaining.count }

  /// The next equation, moved out.
  mutating func next() -> Graph.Equation? { remaining.popLastPrefetching() }
}
