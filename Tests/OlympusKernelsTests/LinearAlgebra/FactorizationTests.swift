import OlympusKernels
import Testing

/// The factorization kernels on both backends: backward errors of Cholesky and LU on random,
/// ill-conditioned and graded matrices up to n = 500, residuals of triangular solves in every
/// orientation, and failing pivots reported per matrix.
///
/// Tolerances: the brief's backward-error bound 10·n·ε with ε the machine epsilon of the type.
/// Cholesky is backward stable with error at most about n·u·‖A‖ (Higham, Accuracy and Stability
/// of Numerical Algorithms, Thm. 10.3), LU with partial pivoting n·u·ρ·‖A‖ with growth factor ρ,
/// small (< 10) for these matrices; a triangular solve's residual is at most n·u·‖A‖‖X‖
/// (Higham Thm. 8.5). Residuals are computed in float64 with plain loops, independent of the
/// kernels under test.
@Suite("Factorization", .serialized)
struct FactorizationTests {
  enum Kind: String, CaseIterable, Sendable { case random, illConditioned, graded }

  static var backends: [Factorization.Backend] {
    [.builtIn] + (Factorization.systemLAPACK.map { [$0] } ?? [])
  }

  static let sizes = [1, 3, 16, 17, 40, 130, 500]

  @Test("Cholesky backward error ‖A − LLᵀ‖/‖A‖ ≤ 10nε", arguments: Kind.allCases, [ScalarType.float32, .float64])
  func choleskyBackwardError(kind: Kind, type: ScalarType) {
    for backend in Self.backends {
      for n in Self.sizes {
        let a = TestMatrices.symmetricPositiveDefinite(kind, n: n, seed: UInt64(n), decades: decades(type))
        let (factor, infos) = run(type, a) { Factorization.cholesky(type, n: n, count: 1, data: $0, backend: backend) }
        #expect(infos == [0], "\(backend) n=\(n)")
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { #expect(factor[i * n + j] == 0) } }
        var product = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
          for j in 0..<n {
            var sum = 0.0
            for k in 0...min(i, j) { sum += factor[i * n + k] * factor[j * n + k] }
            product[i * n + j] = sum
          }
        }
        let error = frobenius(zip(a, product).map { $0 - $1 }) / frobenius(a)
        #expect(error <= 10 * Double(n) * epsilon(type), "\(kind) \(type) \(backend) n=\(n): \(error)")
      }
    }
  }

  @Test("LU backward error ‖PA − LU‖/‖A‖ ≤ 10nε", arguments: Kind.allCases, [ScalarType.float32, .float64])
  func luBackwardError(kind: Kind, type: ScalarType) {
    for backend in Self.backends {
      for n in Self.sizes {
        let a = TestMatrices.general(kind, n: n, seed: UInt64(n) + 7, decades: decades(type))
        var permutation = [Int32](repeating: -1, count: n)
        let (factors, infos) = run(type, a) { data in
          permutation.withUnsafeMutableBufferPointer {
            Factorization.lu(type, n: n, count: 1, data: data, permutations: $0.baseAddress!, backend: backend)
          }
        }
        #expect(infos == [0], "\(backend) n=\(n)")
        #expect(permutation.map(Int.init).sorted() == Array(0..<n), "a permutation")
        var residual = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
          for j in 0..<n {
            var sum = 0.0
            for k in 0...min(i, j) { sum += (k == i ? 1 : factors[i * n + k]) * factors[k * n + j] }
            residual[i * n + j] = a[Int(permutation[i]) * n + j] - sum
          }
        }
        let error = frobenius(residual) / frobenius(a)
        #expect(error <= 10 * Double(n) * epsilon(type), "\(kind) \(type) \(backend) n=\(n): \(error)")
      }
    }
  }

  @Test("triangular solves in every orientation have residual ≤ 10nε‖A‖‖X‖", arguments: [ScalarType.float32, .float64])
  func triangularSolve(type: ScalarType) {
    for backend in Self.backends {
      for (n, k) in [(1, 1), (5, 3), (17, 1), (40, 9), (130, 70), (300, 2)] {
        for lower in [true, false] {
          for transposeA in [true, false] {
            for unitDiagonal in [true, false] {
              var random = SplitMix64(seed: UInt64(n * 31 + k))
              // A well-conditioned triangle: a dominant diagonal.
              var a = (0..<(n * n)).map { _ in random.unit() / Double(n) }
              for i in 0..<n { a[i * n + i] = 1 + random.unit() / 2 }
              let rhs = (0..<(n * k)).map { _ in random.unit() }
              let matrix = a.map { type == .float32 ? Double(Float($0)) : $0 }
              let (x, _) = run(type, rhs) { b in
                withStored(type, matrix) { stored in
                  Factorization.solveTriangular(
                    type, n: n, k: k, count: 1, a: stored, b: b, lower: lower, transposeA: transposeA,
                    unitDiagonal: unitDiagonal, backend: backend)
                }
                return [0]
              }
              func op(_ i: Int, _ j: Int) -> Double {
                let (r, c) = transposeA ? (j, i) : (i, j)
                if r == c { return unitDiagonal ? 1 : matrix[r * n + c] }
                return (lower ? r > c : r < c) ? matrix[r * n + c] : 0
              }
              var residual = [Double](repeating: 0, count: n * k)
              for i in 0..<n {
                for j in 0..<k {
                  var sum = 0.0
                  for s in 0..<n { sum += op(i, s) * x[s * k + j] }
                  residual[i * k + j] = sum - Double(type == .float32 ? Double(Float(rhs[i * k + j])) : rhs[i * k + j])
                }
              }
              let scale = frobenius((0..<(n * n)).map { op($0 / n, $0 % n) }) * frobenius(x)
              let error = frobenius(residual) / scale
              #expect(
                error <= 10 * Double(n) * epsilon(type),
                "\(type) \(backend) n=\(n) k=\(k) lower=\(lower) T=\(transposeA) unit=\(unitDiagonal): \(error)")
            }
          }
        }
      }
    }
  }

  @Test("solves have residual ≤ 10nε·ρ‖A‖‖X‖ and report singular matrices", arguments: [ScalarType.float32, .float64])
  func solve(type: ScalarType) {
    // Tolerance: LU with partial pivoting and two substitutions have a backward error of at most
    // about n·u·ρ·‖A‖ (Higham Thm. 9.4) with growth factor ρ small (< 10) for these matrices, so
    // the residual stays within 10·n·ε·‖A‖‖X‖.
    for backend in Self.backends {
      for (n, k, count) in [(1, 1, 3), (4, 1, 50), (4, 3, 7), (16, 2, 5), (17, 2, 3), (40, 5, 2), (130, 9, 1)] {
        var random = SplitMix64(seed: UInt64(n * 13 + k))
        let a = (0..<(count * n * n)).map { _ in type == .float32 ? Double(Float(random.unit())) : random.unit() }
        let rhs = (0..<(count * n * k)).map { _ in type == .float32 ? Double(Float(random.unit())) : random.unit() }
        let (x, infos) = run(type, rhs) { b in
          var infos: [Int] = []
          withStored(type, a) { infos = Factorization.solve(type, n: n, k: k, count: count, a: $0, b: b, backend: backend) }
          return infos
        }
        #expect(infos == [Int](repeating: 0, count: count), "\(type) \(backend) n=\(n)")
        for index in 0..<count {
          let (matrix, solution) = (Array(a[(index * n * n)..<((index + 1) * n * n)]), Array(x[(index * n * k)..<((index + 1) * n * k)]))
          var residual = [Double](repeating: 0, count: n * k)
          for i in 0..<n {
            for j in 0..<k {
              var sum = -rhs[index * n * k + i * k + j]
              for s in 0..<n { sum += matrix[i * n + s] * solution[s * k + j] }
              residual[i * k + j] = sum
            }
          }
          let error = frobenius(residual) / (frobenius(matrix) * frobenius(solution))
          #expect(error <= 10 * Double(n) * epsilon(type), "\(type) \(backend) n=\(n) k=\(k) matrix \(index): \(error)")
        }
      }
      // A zero column makes the second matrix singular at that pivot; its solution is not finite.
      for n in [4, 40] {
        var batch = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
          batch[i * n + i] = 2
          batch[n * n + i * n + i] = i == 1 ? 0 : 2
        }
        let (x, infos) = run(type, [Double](repeating: 1, count: 2 * n)) { b in
          var infos: [Int] = []
          withStored(type, batch) { infos = Factorization.solve(type, n: n, k: 1, count: 2, a: $0, b: b, backend: backend) }
          return infos
        }
        #expect(infos == [0, 2], "\(type) \(backend) n=\(n)")
        #expect(x[0..<n].allSatisfy { $0 == 0.5 } && !x[n...].allSatisfy(\.isFinite), "\(type) \(backend) n=\(n)")
      }
    }
  }

  @Test("failing pivots are reported per matrix of a batch")
  func failingPivots() {
    for backend in Self.backends {
      for n in [4, 40] {
        let failing = n - 3
        // Matrix 0 is SPD; matrix 1 has a negative pivot in column `failing`.
        var batch = [Double](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
          batch[i * n + i] = 2
          batch[n * n + i * n + i] = i == failing ? -1 : 2
        }
        let (_, cholesky) = run(.float64, batch) {
          Factorization.cholesky(.float64, n: n, count: 2, data: $0, backend: backend)
        }
        #expect(cholesky == [0, failing + 1], "\(backend) n=\(n)")
        // Matrix 1 gets a zero column: U has a zero pivot there.
        for i in 0..<n { batch[n * n + i * n + failing] = 0 }
        var permutations = [Int32](repeating: 0, count: 2 * n)
        let (_, lu) = run(.float64, batch) { data in
          permutations.withUnsafeMutableBufferPointer {
            Factorization.lu(.float64, n: n, count: 2, data: data, permutations: $0.baseAddress!, backend: backend)
          }
        }
        #expect(lu == [0, failing + 1], "\(backend) n=\(n)")
      }
    }
  }

  @Test("the system LAPACK is found when a library is installed")
  func systemLibrary() {
    guard let backend = Factorization.systemLAPACK else {
      print("Factorization: no system LAPACK loaded; only the built-in backend was tested")
      return
    }
    #expect(Factorization.defaultBackend == backend)
  }
}

/// The condition number's decades of the ill-conditioned test matrices of `type`.
func decades(_ type: ScalarType) -> Double { type == .float32 ? 5 : 12 }

/// Machine epsilon of a float type.
func epsilon(_ type: ScalarType) -> Double { type == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne }

/// The Frobenius norm.
func frobenius(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Runs `body` on `values` stored as `type`, returning what it leaves there (as float64) and what it returns.
func run(
  _ type: ScalarType, _ values: [Double], _ body: (UnsafeMutableRawPointer) -> [Int]
) -> ([Double], [Int]) {
  if type == .float32 {
    var stored = values.map { Float($0) }
    let result = stored.withUnsafeMutableBytes { body($0.baseAddress!) }
    return (stored.map(Double.init), result)
  }
  var stored = values
  let result = stored.withUnsafeMutableBytes { body($0.baseAddress!) }
  return (stored, result)
}

/// Calls `body` with `values` stored as `type`.
func withStored(_ type: ScalarType, _ values: [Double], _ body: (UnsafeRawPointer) -> Void) {
  if type == .float32 {
    values.map { Float($0) }.withUnsafeBytes { body($0.baseAddress!) }
  } else {
    values.withUnsafeBytes { body($0.baseAddress!) }
  }
}
