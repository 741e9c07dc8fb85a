import OlympusCore

/// The collectives on trees of tensors: every rank calls the same one, in the same order, on
/// trees of the same structure, shapes and element types. Leaves of one element type travel in one
/// fused buffer (one MPI call per element type, not one per leaf).
extension Distributed {
  /// `tree` reduced elementwise over all ranks with `op`, the same on every rank
  /// (`MPI_Allreduce`; JAX's `psum`/`pmean`/`pmax`/`pmin`). Differentiable in every mode and usable
  /// inside `jit`, through the ``AllReduce`` primitive.
  public static func allReduce<T: TensorTree>(_ tree: T, op: ReduceOperation = .sum) -> T {
    let (leaves, structure) = tree.flattened()
    return T(structure: structure, leaves: leaves.isEmpty ? [] : bind(AllReduce(operation: op, operandCount: leaves.count), leaves))
  }

  /// Starts ``allReduce(_:op:)`` on concrete tensors and returns at once.
  public static func startAllReduce<T: TensorTree>(_ tree: T, op: ReduceOperation = .sum) -> CollectiveHandle<T> {
    let (leaves, structure) = tree.flattened()
    return startAllReduce(leaves, op: op, "allReduce").mapped { T(structure: structure, leaves: $0) }
  }

  /// Every rank's `tree` stacked along a new leading axis, in rank order: a leaf of shape `s`
  /// becomes `[size] + s` (`MPI_Allgather`; JAX's `all_gather`).
  public static func allGather<T: TensorTree>(_ tree: T) -> T {
    startAllGather(tree).wait()
  }

  /// Starts ``allGather(_:)`` and returns at once.
  public static func startAllGather<T: TensorTree>(_ tree: T) -> CollectiveHandle<T> {
    let (leaves, structure) = tree.flattened()
    return startCollective("allGather", leaves) { world in
      let groups = FusedBuffer.groups(leaves)
      var requests: [PendingRequest] = []
      var received: [(FusedBuffer, Tensor)] = []
      for group in groups {
        let (send, sendBase) = group.pack(leaves)
        let (receive, receiveBase) = group.receiveBuffer(parts: world.size)
        let datatype = world.library.datatype(group.dtype)
        requests.append(
          world.start("allGather", keeping: [send, receive]) { library, request in
            library.iallgather(
              sendBase, Int32(group.partCount), datatype, receiveBase, Int32(group.partCount), datatype, library.world, request)
          })
        received.append((group, receive))
      }
      return (requests, {
        let shapes = leaves.map(\.shape)
        var results = leaves
        for (group, buffer) in received {
          for (index, value) in group.unpackStacked(buffer, parts: world.size, shapes: shapes) { results[index] = value }
        }
        return results
      })
    } single: {
      leaves.map { $0.reshaped(to: [1] + $0.shape) }
    }.mapped { T(structure: structure, leaves: $0) }
  }

  /// Rank `root`'s `tree` on every rank (`MPI_Bcast`); the other ranks' values are ignored, only
  /// their structure, shapes and types are used.
  public static func broadcast<T: TensorTree>(_ tree: T, root: Int = 0) -> T {
    startBroadcast(tree, root: root).wait()
  }

  /// Starts ``broadcast(_:root:)`` and returns at once.
  public static func startBroadcast<T: TensorTree>(_ tree: T, root: Int = 0) -> CollectiveHandle<T> {
    let (leaves, structure) = tree.flattened()
    guard check(root >= 0 && root < size, OlympusError("broadcast", "root \(root) is not a rank of a world of \(size)")) else {
      return CollectiveHandle("broadcast", requests: []) { tree }
    }
    return startCollective("broadcast", leaves) { world in
      var requests: [PendingRequest] = []
      var received: [(FusedBuffer, Tensor)] = []
      for group in FusedBuffer.groups(leaves) {
        // The root sends a copy of its values; the others receive into a fresh buffer.
        let (buffer, base) = group.receiveBuffer()
        if world.rank == root {
          let (packed, packedBase) = group.pack(leaves)
          withExtendedLifetime(packed) {
            base.copyMemory(from: packedBase, byteCount: group.partCount * group.dtype.byteCount)
          }
        }
        let datatype = world.library.datatype(group.dtype)
        requests.append(
          world.start("broadcast", keeping: [buffer]) { library, request in
            library.ibcast(base, Int32(group.partCount), datatype, Int32(root), library.world, request)
          })
        received.append((group, buffer))
      }
      return (requests, {
        let shapes = leaves.map(\.shape)
        var results = leaves
        for (group, buffer) in received {
          for (index, value) in group.unpack(buffer, shapes: shapes) { results[index] = value }
        }
        return results
      })
    } single: {
      leaves
    }.mapped { T(structure: structure, leaves: $0) }
  }

  /// `tree` reduced over all ranks with `op`, of which each rank keeps its block: every leaf's
  /// leading axis (a multiple of `size`) is cut into `size` blocks, and rank `r` gets block `r` of
  /// the reduction (`MPI_Reduce_scatter_block`; JAX's `psum_scatter` with `tiled: true`).
  public static func reduceScatter<T: TensorTree>(_ tree: T, op: ReduceOperation = .sum) -> T {
    startReduceScatter(tree, op: op).wait()
  }

  /// Starts ``reduceScatter(_:op:)`` and returns at once.
  public static func startReduceScatter<T: TensorTree>(_ tree: T, op: ReduceOperation = .sum) -> CollectiveHandle<T> {
    let (leaves, structure) = tree.flattened()
    let parts = size
    for leaf in leaves {
      guard check(leaf.rank > 0 && leaf.shape[0] % parts == 0,
        OlympusError("reduceScatter", "a leaf of shape \(leaf.shape) has no leading axis divisible by the world size \(parts)"))
      else { return CollectiveHandle("reduceScatter", requests: []) { tree } }
    }
    guard checkReduction("reduceScatter", leaves, op) else { return CollectiveHandle("reduceScatter", requests: []) { tree } }
    let blockShapes = leaves.map { [$0.shape[0] / parts] + $0.shape.dropFirst() }
    return startCollective("reduceScatter", leaves) { world in
      var requests: [PendingRequest] = []
      var received: [(FusedBuffer, Tensor, UnsafeMutableRawPointer)] = []
      for group in FusedBuffer.groups(leaves, segments: parts) {
        let (send, sendBase) = group.pack(leaves, segments: parts)
        let (receive, receiveBase) = group.receiveBuffer()
        let datatype = world.library.datatype(group.dtype)
        let operation = op.handle(world.library)
        requests.append(
          world.start("reduceScatter", keeping: [send, receive]) { library, request in
            library.ireduceScatterBlock(sendBase, receiveBase, Int32(group.partCount), datatype, operation, library.world, request)
          })
        received.append((group, receive, receiveBase))
      }
      return (requests, {
        var results = leaves
        for (group, buffer, base) in received {
          if op == .mean { group.divide(base, by: parts) }
          for (index, value) in group.unpack(buffer, shapes: blockShapes) { results[index] = value }
        }
        return results
      })
    } single: {
      leaves
    }.mapped { T(structure: structure, leaves: $0) }
  }

  /// Starts an all-reduce of concrete `leaves` (the ``AllReduce`` primitive's evaluation).
  static func startAllReduce(_ leaves: [Tensor], op: ReduceOperation, _ name: String) -> CollectiveHandle<[Tensor]> {
    guard checkReduction(name, leaves, op) else { return CollectiveHandle(name, requests: []) { leaves } }
    return startCollective(name, leaves) { world in
      var requests: [PendingRequest] = []
      var received: [(FusedBuffer, Tensor, UnsafeMutableRawPointer)] = []
      for group in FusedBuffer.groups(leaves) {
        let (send, sendBase) = group.pack(leaves)
        let (receive, receiveBase) = group.receiveBuffer()
        let datatype = world.library.datatype(group.dtype)
        let operation = op.handle(world.library)
        requests.append(
          world.start(name, keeping: [send, receive]) { library, request in
            library.iallreduce(sendBase, receiveBase, Int32(group.partCount), datatype, operation, library.world, request)
          })
        received.append((group, receive, receiveBase))
      }
      return (requests, {
        let shapes = leaves.map(\.shape)
        var results = leaves
        for (group, buffer, base) in received {
          if op == .mean { group.divide(base, by: world.size) }
          for (index, value) in group.unpack(buffer, shapes: shapes) { results[index] = value }
        }
        return results
      })
    } single: {
      leaves
    }
  }

  /// Whether `op` accepts every leaf's element type; rejects the call (naming it) when not.
  static func checkReduction(_ name: String, _ leaves: [Tensor], _ op: ReduceOperation) -> Bool {
    for leaf in leaves where !op.accepts(leaf.dtype) {
      return check(false, OlympusError(name, "\(op) does not apply to \(leaf.dtype) (a leaf of type \(leaf.type))"))
    }
    return true
  }

  /// Starts a collective on concrete `leaves` with `start` in a world of several processes, or
  /// computes the result of a world of one with `single`. Rejects traced tensors and counts
  /// beyond MPI's 32-bit limit, naming the collective.
  static func startCollective(
    _ name: String, _ leaves: [Tensor],
    _ start: (World) -> (requests: [PendingRequest], finish: () -> [Tensor]),
    single: @escaping () -> [Tensor]
  ) -> CollectiveHandle<[Tensor]> {
    if let traced = leaves.first(where: { !$0.isConcrete }) {
      _ = check(false, OlympusError(name, "needs concrete tensors, got a traced \(traced.type); inside grad, vmap or jit use allReduce"))
      return CollectiveHandle(name, requests: []) { leaves.map { _ in Tensor.failed } }
    }
    guard let world = World.current, world.size > 1 else { return CollectiveHandle(name, requests: [], finish: single) }
    let total = leaves.reduce(0) { $0 + $1.elementCount }
    guard check(total * world.size <= Int(Int32.max), OlympusError(name, "\(total) elements exceed MPI's 32-bit counts; split the tree")) else {
      return CollectiveHandle(name, requests: []) { leaves.map { _ in Tensor.failed } }
    }
    let (requests, finish) = start(world)
    return CollectiveHandle(name, requests: requests, finish: finish)
  }
}
