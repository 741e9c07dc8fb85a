import COlympusKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A CBLAS library found at run time with `dlopen`; nothing links against it at build time.
struct SystemBLAS: Sendable {
  /// `cblas_sgemm` of the LP64 interface (32-bit integers). The matrices are passed as raw
  /// pointers, which has the same C calling convention as typed ones.
  typealias SGEMM =
    @convention(c) (
      _ order: Int32, _ transA: Int32, _ transB: Int32, _ m: Int32, _ n: Int32, _ k: Int32,
      _ alpha: Float, _ a: UnsafeRawPointer?, _ lda: Int32, _ b: UnsafeRawPointer?, _ ldb: Int32,
      _ beta: Float, _ c: UnsafeMutableRawPointer?, _ ldc: Int32
    ) -> Void
  /// `cblas_dgemm`, like `SGEMM` with double-precision alpha and beta.
  typealias DGEMM =
    @convention(c) (
      _ order: Int32, _ transA: Int32, _ transB: Int32, _ m: Int32, _ n: Int32, _ k: Int32,
      _ alpha: Double, _ a: UnsafeRawPointer?, _ lda: Int32, _ b: UnsafeRawPointer?, _ ldb: Int32,
      _ beta: Double, _ c: UnsafeMutableRawPointer?, _ ldc: Int32
    ) -> Void

  /// CBLAS enumeration values.
  static let rowMajor: Int32 = 101
  static let noTranspose: Int32 = 111
  static let transpose: Int32 = 112

  /// The library name with its version and configuration when it reports them.
  let name: String
  let sgemm: SGEMM
  let dgemm: DGEMM

  /// The first library that loads, unless `OLYMPUS_DISABLE_BLAS` is set to something other than 0.
  static let loaded: SystemBLAS? = {
    environmentFlag("OLYMPUS_DISABLE_BLAS") ? nil : candidates.lazy.compactMap(load).first
  }()

  /// Libraries tried in order.
  static let candidates: [String] = {
    #if canImport(Darwin)
      ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
    #else
      [
        "libopenblas.so.0", "libopenblas.so", "libblis.so.4", "libblis.so", "libmkl_rt.so",
        "libmkl_rt.so.2",
      ]
    #endif
  }()

  private static func load(_ path: String) -> SystemBLAS? {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
    guard let sgemm = dlsym(handle, "cblas_sgemm"), let dgemm = dlsym(handle, "cblas_dgemm") else {
      dlclose(handle)
      return nil
    }
    return SystemBLAS(
      name: describe(path, handle),
      sgemm: unsafeBitCast(sgemm, to: SGEMM.self),
      dgemm: unsafeBitCast(dgemm, to: DGEMM.self))
  }

  /// `path`, followed by what OpenBLAS (configuration, core) or BLIS (version) say about themselves.
  private static func describe(_ path: String, _ handle: UnsafeMutableRawPointer) -> String {
    typealias Info = @convention(c) () -> UnsafePointer<CChar>?
    func call(_ symbol: String) -> String? {
      guard let function = dlsym(handle, symbol),
        let text = unsafeBitCast(function, to: Info.self)()
      else {
        return nil
      }
      return String(cString: text)
    }
    if let config = call("openblas_get_config") {
      let core = call("openblas_get_corename").map { ", core \($0)" } ?? ""
      return "\(path) (\(config)\(core))"
    }
    if let version = call("bli_info_get_version_str") {
      return "\(path) (BLIS \(version))"
    }
    return path
  }
}

extension SystemBLAS {
  /// Whether CBLAS can take `p` as is: a non-empty product, sizes within `Int32`, and each row
  /// stride at least its stored row width and at least 1 (what CBLAS checks before it computes).
  func accepts(_ p: olk_gemm_problem) -> Bool {
    let widthA = p.trans_a != 0 ? p.m : p.k
    let widthB = p.trans_b != 0 ? p.k : p.n
    let limit = Int(Int32.max)
    return p.k > 0 && max(p.m, p.n, p.k, p.lda, p.ldb, p.ldc) <= limit
      && p.lda >= max(1, widthA) && p.ldb >= max(1, widthB) && p.ldc >= max(1, p.n)
  }

  /// Runs an accepted float32 or float64 problem with alpha 1 and beta 0.
  func multiply(_ p: olk_gemm_problem) {
    let transA = p.trans_a != 0 ? Self.transpose : Self.noTranspose
    let transB = p.trans_b != 0 ? Self.transpose : Self.noTranspose
    let (m, n, k) = (Int32(p.m), Int32(p.n), Int32(p.k))
    let (lda, ldb, ldc) = (Int32(p.lda), Int32(p.ldb), Int32(p.ldc))
    if p.dtype == OLK_F32 {
      sgemm(Self.rowMajor, transA, transB, m, n, k, 1, p.a, lda, p.b, ldb, 0, p.c, ldc)
    } else {
      dgemm(Self.rowMajor, transA, transB, m, n, k, 1, p.a, lda, p.b, ldb, 0, p.c, ldc)
    }
  }
}
