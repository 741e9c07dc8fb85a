import OlympusKernels
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Products checked against a naive triple loop (double accumulation for floats, wrapping
/// arithmetic for integers) on the built-in GEMM with each of its micro-kernels (AVX-512, AVX2,
/// portable), and on the system BLAS when one is loaded. The suite is serialized because it
/// toggles `SIMDPaths`.
@Suite("MatrixMultiply", .serialized)
struct MatrixMultiplyTests {
  /// Empty and unit sizes, sizes one off the AVX2 6×16 (6×8) and AVX-512 6×64 (6×32)
  /// micro-tiles and the 256-deep k slice (k past 256 is cut into equal slices, each added onto
  /// C), more rows than one 120-row block of A, products
  /// large enough to run on several threads (split by rows, by columns, and across two
  /// 2048-column blocks), matrix-vector products (m or n is 1; past the 1024/2048-output chunk;
  /// threaded), outer products (k is 1; vector body and scalar tail, threaded past 2 × 16K
  /// outputs), and random small shapes.
  static let shapes: [GEMMCase] = {
    let fixed = [
      (0, 5, 3), (5, 0, 3), (4, 5, 0), (0, 0, 0), (1, 1, 1), (1, 1, 7), (1, 9, 1), (9, 1, 1),
      (6, 16, 1), (6, 64, 1), (6, 32, 2), (6, 64, 256), (7, 65, 257), (5, 63, 255),
      (12, 128, 512), (13, 97, 3), (170, 40, 20),
      (6, 16, 256), (7, 17, 257), (5, 15, 255), (12, 32, 512), (37, 65, 127), (65, 37, 257),
      (127, 127, 127), (300, 7, 513), (6, 1000, 300), (30, 2061, 70), (257, 129, 300),
      (1, 300, 513), (300, 1, 513), (1, 2100, 900), (2100, 1, 5), (1, 7, 3), (5, 1, 2),
      (100, 10, 1), (5, 70, 1), (3, 4, 1), (2000, 17, 1),
    ].map { GEMMCase(m: $0.0, n: $0.1, k: $0.2) }
    var random = SplitMix64(seed: 42)
    let small = (0..<16).map { _ in
      GEMMCase(m: 1 + random.below(20), n: 1 + random.below(20), k: 1 + random.below(20))
    }
    return fixed + small
  }()

  /// Every shape with every combination of transposes.
  static let cases: [GEMMCase] = shapes.flatMap { shape in
    [(false, false), (true, false), (false, true), (true, true)].map { transposes in
      var c = shape
      (c.transposeA, c.transposeB) = transposes
      return c
    }
  }

  /// Row strides wider than the width, and the odd ones: A with stride 0 (every row the same),
  /// B and C with negative strides (rows stored backwards).
  static let strideCases: [GEMMCase] = [
    (1, 1, 1), (3, 5, 7), (13, 17, 19), (37, 20, 300), (70, 40, 90), (37, 1, 300), (1, 40, 90),
    (37, 20, 1),
  ]
  .flatMap { shape in
    [3, 11, nil].flatMap { pad in
      [(false, false), (true, true)].map { transposes in
        GEMMCase(
          m: shape.0, n: shape.1, k: shape.2, transposeA: transposes.0, transposeB: transposes.1,
          pad: pad)
      }
    }
  }

  /// The system BLAS backend when one loaded, else nil.
  static var systemBackend: MatrixMultiply.Backend? { MatrixMultiply.systemBLAS }

  /// The built-in GEMM's micro-kernels, fastest first.
  enum KernelPath: String, CaseIterable, CustomStringConvertible, Sendable {
    case avx512, avx2, portable
    var description: String { rawValue }
  }

  @Test("built-in float GEMM matches the reference", arguments: KernelPath.allCases)
  func builtInFloat(path: KernelPath) {
    withKernelPath(path) {
      checkFloats(Self.cases + Self.strideCases, backend: .builtIn)
    }
  }

  @Test("a batch of products matches the reference product by product", arguments: KernelPath.allCases)
  func batchedProducts(path: KernelPath) {
    withKernelPath(path) {
      // Outer products and small GEMMs (spread over threads by batch), and one product large
      // enough to be threaded itself; A's offsets repeat and skip around, as broadcast batch axes
      // do. (Other suites switch kernel paths while this one runs, so results are held to the
      // rounding bound, not compared bit for bit with single products.)
      for (m, n, k) in [(100, 10, 1), (7, 9, 5), (70, 70, 70)] {
        checkBatch(Float.self, m: m, n: n, k: k)
        checkBatch(Double.self, m: m, n: n, k: k)
      }
    }
  }

  private func checkBatch<T: GEMMTestScalar & BinaryFloatingPoint>(_: T.Type, m: Int, n: Int, k: Int) {
    let count = 40
    var random = SplitMix64(seed: UInt64(m * n * k))
    let a = (0..<(m * k * 3)).map { _ in T.random(&random) }
    let b = (0..<(k * n * count)).map { _ in T.random(&random) }
    let aOffsets = (0..<count).map { ($0 * 7 % 3) * m * k }
    let bOffsets = (0..<count).map { $0 * k * n }
    var c = [T](repeating: T.sentinel, count: count * m * n)
    a.withUnsafeBytes { a in
      b.withUnsafeBytes { b in
        c.withUnsafeMutableBytes { c in
          MatrixMultiply.multiply(
            T.scalarType, transposeA: false, transposeB: false, m: m, n: n, k: k,
            a: a.baseAddress!, lda: k, aOffsets: aOffsets, b: b.baseAddress!, ldb: n, bOffsets: bOffsets,
            c: c.baseAddress!, ldc: n, backend: .builtIn)
        }
      }
    }
    for index in 0..<count {
      let (aBase, bBase, cBase) = (aOffsets[index], bOffsets[index], index * m * n)
      let wrong = floatMismatches(
        m: m, n: n, k: k, a: { a[aBase + $0 * k + $1] }, b: { b[bBase + $0 * n + $1] }, c: { c[cBase + $0 * n + $1] })
      #expect(wrong.isEmpty, "\(T.self) \(m)×\(n)×\(k), product \(index): \(wrong)")
    }
  }

  @Test("AVX-512 runs only on top of the enabled SIMD paths")
  func avx512FollowsSIMD() {
    let saved = (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled)
    defer { (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled) = saved }
    SIMDPaths.isEnabled = true
    SIMDPaths.isAVX512Enabled = true
    #expect(SIMDPaths.isAVX512Enabled == SIMDPaths.isAVX512Supported)
    SIMDPaths.isEnabled = false
    #expect(!SIMDPaths.isAVX512Enabled)
    SIMDPaths.isEnabled = true
    #expect(SIMDPaths.isAVX512Enabled == SIMDPaths.isAVX512Supported)
    SIMDPaths.isAVX512Enabled = false
    #expect(!SIMDPaths.isAVX512Enabled)
    #expect(SIMDPaths.isEnabled)
  }

  @Test("system BLAS float GEMM matches the reference")
  func systemBLASFloat() {
    guard let backend = Self.systemBackend else {
      print("MatrixMultiply: no system BLAS loaded, nothing to compare")
      return
    }
    // Strides CBLAS rejects (0, negative) fall back to the built-in GEMM; they are checked too.
    checkFloats(Self.cases + Self.strideCases, backend: backend)
  }

  @Test("integer products wrap like the reference on both backends")
  func integers() {
    // Integers always take one plain loop, so the large shapes would only add run time.
    let cases = (Self.cases + Self.strideCases).enumerated().filter {
      $0.element.m * $0.element.n * $0.element.k < 200_000
    }
    for backend in [MatrixMultiply.Backend.builtIn] + [Self.systemBackend].compactMap({ $0 }) {
      for (index, c) in cases {
        checkIntegers(c, Int32.self, backend: backend, seed: UInt64(index))
        checkIntegers(c, Int64.self, backend: backend, seed: UInt64(index))
      }
    }
  }

  @Test("the default backend names the library it loaded")
  func defaultBackendName() {
    if case .systemBLAS(let name) = MatrixMultiply.defaultBackend {
      #expect(!name.isEmpty)
    }
  }

  @Test("the default backend is the built-in GEMM exactly when AVX-512 is on at start-up")
  func defaultBackendRule() {
    let switches = ["OLYMPUS_DISABLE_SIMD", "OLYMPUS_DISABLE_AVX512", "OLYMPUS_PREFER_BLAS"]
    let switchedOff = switches.contains { name in
      getenv(name).map { String(cString: $0) }.map { !$0.isEmpty && $0 != "0" } ?? false
    }
    let expected: MatrixMultiply.Backend =
      SIMDPaths.isAVX512Supported && !switchedOff ? .builtIn : Self.systemBackend ?? .builtIn
    #expect(MatrixMultiply.defaultBackend == expected)
  }

  /// Runs `body` with the built-in GEMM on `path` (on a CPU without AVX-512, `.avx512` runs AVX2;
  /// without AVX2, both run the portable kernel).
  private func withKernelPath(_ path: KernelPath, _ body: () -> Void) {
    let saved = (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled)
    defer { (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled) = saved }
    SIMDPaths.isEnabled = path != .portable
    SIMDPaths.isAVX512Enabled = path == .avx512
    body()
  }

  private func checkFloats(_ cases: [GEMMCase], backend: MatrixMultiply.Backend) {
    for (index, c) in cases.enumerated() {
      checkFloat(c, Float.self, backend: backend, seed: UInt64(index))
      checkFloat(c, Double.self, backend: backend, seed: UInt64(index))
    }
  }

  private func checkFloat<T: GEMMTestScalar & BinaryFloatingPoint>(
    _ c: GEMMCase, _: T.Type, backend: MatrixMultiply.Backend, seed: UInt64
  ) {
    let (a, b, result) = runGEMMCase(c, T.self, backend: backend, seed: seed)
    let wrong = floatMismatches(
      m: c.m, n: c.n, k: c.k, a: { gemmOperand(a, transposed: c.transposeA, $0, $1) },
      b: { gemmOperand(b, transposed: c.transposeB, $0, $1) }, c: { result[$0, $1] })
    #expect(wrong.isEmpty, "\(T.self) \(c) on \(backend): \(wrong)")
    expectPaddingUntouched(result, c, backend)
  }

  /// Up to three elements of the m×n product `c` that differ from `a`·`b` computed in double
  /// by more than the rounding bound below.
  private func floatMismatches<T: BinaryFloatingPoint>(
    m: Int, n: Int, k: Int, a: (Int, Int) -> T, b: (Int, Int) -> T, c: (Int, Int) -> T
  ) -> [String] {
    var wrong: [String] = []
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        var magnitude = 0.0
        for p in 0..<k {
          let product = Double(a(i, p)) * Double(b(p, j))
          sum += product
          magnitude += abs(product)
        }
        // A length-k dot product summed in any order, with or without FMA, is within
        // γ_k·Σ|a||b| of the exact value, γ_k ≈ k·u and u = ulpOfOne/2 the unit roundoff. The
        // reference has the same bound in double, and rounding to T adds u·|c|. (k+1)·ulpOfOne·Σ
        // covers all three; with k = 0 it demands an exact zero.
        let tolerance = Double(k + 1) * Double(T.ulpOfOne) * magnitude
        let got = Double(c(i, j))
        if !(abs(got - sum) <= tolerance), wrong.count < 3 {
          wrong.append("C[\(i), \(j)] = \(got), expected \(sum) ± \(tolerance)")
        }
      }
    }
    return wrong
  }

  private func checkIntegers<T: GEMMTestScalar & FixedWidthInteger>(
    _ c: GEMMCase, _: T.Type, backend: MatrixMultiply.Backend, seed: UInt64
  ) {
    let (a, b, result) = runGEMMCase(c, T.self, backend: backend, seed: seed)
    var wrong: [String] = []
    for i in 0..<c.m {
      for j in 0..<c.n {
        var sum: T = 0
        for p in 0..<c.k {
          sum &+=
            gemmOperand(a, transposed: c.transposeA, i, p)
            &* gemmOperand(b, transposed: c.transposeB, p, j)
        }
        if result[i, j] != sum, wrong.count < 3 {
          wrong.append("C[\(i), \(j)] = \(result[i, j]), expected \(sum)")
        }
      }
    }
    #expect(wrong.isEmpty, "\(T.self) \(c) on \(backend): \(wrong)")
    expectPaddingUntouched(result, c, backend)
  }

  /// Nothing outside the m×n elements of C was written.
  private func expectPaddingUntouched<T>(
    _ result: GEMMStoredMatrix<T>, _ c: GEMMCase, _ backend: MatrixMultiply.Backend
  ) {
    let written = result.paddingIndices.filter { !result.storage[$0].isSentinel }
    #expect(written.isEmpty, "\(T.self) \(c) on \(backend) wrote outside C at \(written.prefix(3))")
  }
}
