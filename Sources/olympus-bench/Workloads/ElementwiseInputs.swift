import Olympus

/// The inputs of Olympus's own large-array workloads E1–E3 (not in the peer README; the peer
/// side is `Benchmarks/peers/numpy_elementwise.py`, which must use the same definitions).
///
/// Seeds 20–22 follow the README's W1–W9 seeds (1–19), so no input repeats a peer workload's.
enum ElementwiseInputs {
  /// Elements of every E-workload operand (10^7 < 2^24, the hash's index range).
  static let count = 10_000_000
  /// E1 and E3 operand: det_uniform(10_000_000, 20, 2.0).
  static let xSeed = 20
  /// E2 left operand: det_uniform(10_000_000, 21, 2.0).
  static let lhsSeed = 21
  /// E2 right operand: det_uniform(10_000_000, 22, 2.0).
  static let rhsSeed = 22

  /// det_uniform(10_000_000, seed, 2.0) as a float32 tensor.
  static func tensor(seed: Int) -> Tensor { DeterministicInputs.uniformTensor([count], seed: seed, scale: 2) }

  /// The `extra` members naming the inputs, as the peer script writes them.
  static func description(seeds: [Int]) -> JSONMembers {
    let inputs = seeds.map { "det_uniform(\(count), \($0), 2.0)" }.joined(separator: ", ")
    return [("elements", .integer(count)), ("inputs", .string(inputs))]
  }
}
