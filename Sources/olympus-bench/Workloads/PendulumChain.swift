#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Olympus

/// J1's program (the peer side is `Benchmarks/peers/jit_compile_bench.py`, which must use the same
/// definitions): a chain of 8 pendulums with damping, coupled to their neighbours by springs, in
/// float32. State: 8 angles θ and 8 angular velocities ω (16 elements). Parameters
/// p = [g/l, damping, coupling] = [2, 0.125, 0.5]:
///
///     θ' = ω,   ω' = −p₀ sin θ − p₁ ω + p₂ L θ
///
/// where L is the chain's discrete Laplacian (−2 on the diagonal, −1 at the two free ends, 1 beside
/// it). Classical Runge–Kutta (RK4) steps of h = 1/64 from θ₀ = det_uniform(8, 50, 1.0), ω₀ = 0,
/// unrolled with a Swift loop; the loss is Σ(θ_N − θ*)² + 0.125 Σ ω_N², θ* = det_uniform(8, 51, 1.0).
/// J1 compiles `jit(valueAndGrad(of: loss))` of the parameters.
enum PendulumChain {
  /// Pendulums in the chain.
  static let size = 8
  /// The RK4 step.
  static let timeStep = 1.0 / 64
  /// Step counts J1 measures: 100, 200, 400 and 800, or those listed in the environment variable
  /// `J1_STEPS` (`J1_STEPS=5,10,20`), as the peer script reads it.
  static var stepCounts: [Int] {
    let listed = getenv("J1_STEPS").map { String(cString: $0).split(separator: ",").compactMap { Int($0) } } ?? []
    return listed.isEmpty ? [100, 200, 400, 800] : listed
  }
  /// Seed of θ₀.
  static let initialSeed = 50
  /// Seed of θ*.
  static let targetSeed = 51

  /// The parameters the gradient is taken of: [g/l, damping, coupling].
  static func parameters() -> Tensor { Tensor([2, 0.125, 0.5] as [Float]) }

  /// The chain's discrete Laplacian, [8, 8].
  static func laplacian() -> Tensor {
    var entries = [Float](repeating: 0, count: size * size)
    for i in 0..<size {
      if i > 0 {
        entries[i * size + i - 1] = 1
        entries[i * size + i] -= 1
      }
      if i < size - 1 {
        entries[i * size + i + 1] = 1
        entries[i * size + i] -= 1
      }
    }
    return Tensor(entries, shape: [size, size])
  }

  /// The loss of the state after `steps` RK4 steps, as a function of the parameters.
  static func loss(steps: Int) -> (Tensor) -> Tensor {
    let coupling = laplacian()
    let initial = DeterministicInputs.uniformTensor([size], seed: initialSeed, scale: 1)
    let target = DeterministicInputs.uniformTensor([size], seed: targetSeed, scale: 1)
    let h = timeStep
    return { p in
      func derivative(_ angles: Tensor, _ velocities: Tensor) -> (Tensor, Tensor) {
        (velocities, -p[0] * sin(angles) - p[1] * velocities + p[2] * matmul(coupling, angles))
      }
      var angles = initial
      var velocities = Tensor.zeros([size])
      for _ in 0..<steps {
        let (a1, b1) = derivative(angles, velocities)
        let (a2, b2) = derivative(angles + h / 2 * a1, velocities + h / 2 * b1)
        let (a3, b3) = derivative(angles + h / 2 * a2, velocities + h / 2 * b2)
        let (a4, b4) = derivative(angles + h * a3, velocities + h * b3)
        angles = angles + h / 6 * (a1 + 2 * a2 + 2 * a3 + a4)
        velocities = velocities + h / 6 * (b1 + 2 * b2 + 2 * b3 + b4)
      }
      let miss = angles - target
      return (miss * miss).sum() + 0.125 * (velocities * velocities).sum()
    }
  }

  /// The function J1 compiles: the loss and its gradient.
  static func valueAndGradient(steps: Int) -> (Tensor) -> [Tensor] {
    let valueAndGradient = valueAndGrad(of: loss(steps: steps))
    return { p in
      let result = valueAndGradient(p)
      return [result.value, result.gradient]
    }
  }
}
