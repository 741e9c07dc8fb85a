/// Householder reflectors `H = I − τ·v·vᵀ` with `v[0] = 1`, the building block of QR and of the
/// reduction to tridiagonal form.
enum Householder {
  /// Turns `x[0..<count]` into the reflector that maps `x` to `β·e₀`: on return `x[1...]` holds
  /// `v[1...]` (with `v[0] = 1` implied) and the result is `(β, τ)`. `τ = 0` (no reflection,
  /// `β = x[0]`) when `x[1...]` is already zero.
  static func make<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, count: Int) -> (beta: T, tau: T) {
    let alpha = x[0]
    let tail = norm(x + 1, count: count - 1)
    guard tail > 0 else { return (alpha, 0) }
    let length = hypot(alpha, tail)
    let beta = alpha >= 0 ? -length : length
    let scale = 1 / (alpha - beta)
    for i in 1..<count { x[i] *= scale }
    return (beta, (beta - alpha) / beta)
  }

  /// Applies `H = I − τ·v·vᵀ` (with `v[0] = 1`, `v[1...]` at `v + 1`) to the `count` elements of
  /// `y`: `y −= τ·(vᵀy)·v`.
  @inline(__always)
  static func apply<T: BinaryFloatingPoint>(
    _ v: UnsafePointer<T>, tau: T, to y: UnsafeMutablePointer<T>, count: Int
  ) {
    let scale = tau * (y[0] + dot(v + 1, UnsafePointer(y + 1), count - 1))
    y[0] -= scale
    for i in 1..<count { y[i] -= scale * v[i] }
  }

  /// `Σ xᵢ·yᵢ`, in four independent sums (so that the additions overlap).
  @inline(__always)
  static func dot<T: BinaryFloatingPoint>(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ count: Int) -> T {
    var (s0, s1, s2, s3): (T, T, T, T) = (0, 0, 0, 0)
    var i = 0
    while i + 4 <= count {
      s0 += x[i] * y[i]
      s1 += x[i + 1] * y[i + 1]
      s2 += x[i + 2] * y[i + 2]
      s3 += x[i + 3] * y[i + 3]
      i += 4
    }
    while i < count {
      s0 += x[i] * y[i]
      i += 1
    }
    return (s0 + s1) + (s2 + s3)
  }

  /// The Euclidean norm of `count` elements, scaled so that it neither overflows nor underflows.
  static func norm<T: BinaryFloatingPoint>(_ x: UnsafePointer<T>, count: Int) -> T {
    var largest: T = 0
    for i in 0..<count { largest = max(largest, abs(x[i])) }
    guard largest > 0, largest.isFinite else { return largest }
    let inverse = 1 / largest
    var sum: T = 0
    for i in 0..<count {
      let scaled = x[i] * inverse
      sum += scaled * scaled
    }
    return largest * sum.squareRoot()
  }

  /// `√(a² + b²)` without overflow or underflow.
  static func hypot<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
    let (x, y) = (abs(a), abs(b))
    let (large, small) = x >= y ? (x, y) : (y, x)
    guard large > 0, large.isFinite else { return large + small }
    let ratio = small / large
    return large * (1 + ratio * ratio).squareRoot()
  }
}
