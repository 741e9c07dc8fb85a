#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// LAPACK routines (and the BLAS triangular solve) found at run time with `dlopen`; nothing links
/// against them at build time.
///
/// The routines are the Fortran ones (`sgetrf_`, `dpotrf_` …) of the LP64 interface: every
/// argument is passed by address, integers are 32 bits, matrices are column-major, and each
/// character argument is followed, after the last regular argument, by its length (always 1 here)
/// as gfortran passes it. Matrices and scalars of either precision are passed as raw pointers
/// (the same C calling convention as typed ones), so the single- and double-precision routines
/// share one function type each. A row-major matrix read column-major is its transpose, which
/// callers account for.
struct SystemLAPACK: Sendable {
  /// A pointer to a 32-bit Fortran integer argument.
  typealias IntPointer = UnsafeMutablePointer<Int32>
  /// A pointer to a one-character Fortran argument.
  typealias CharPointer = UnsafePointer<CChar>

  /// `?getrf(m, n, a, lda, ipiv, info)`: LU factorization with partial pivoting, P·A = L·U.
  typealias GETRF =
    @convention(c) (
      _ m: IntPointer, _ n: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer, _ ipiv: IntPointer?,
      _ info: IntPointer
    ) -> Void
  /// `?getrs(trans, n, nrhs, a, lda, ipiv, b, ldb, info)`: solves with the factors of `getrf`.
  typealias GETRS =
    @convention(c) (
      _ trans: CharPointer, _ n: IntPointer, _ nrhs: IntPointer, _ a: UnsafeRawPointer?, _ lda: IntPointer,
      _ ipiv: IntPointer?, _ b: UnsafeMutableRawPointer?, _ ldb: IntPointer, _ info: IntPointer,
      _ transLength: Int
    ) -> Void
  /// `?potrf(uplo, n, a, lda, info)`: Cholesky factorization.
  typealias POTRF =
    @convention(c) (
      _ uplo: CharPointer, _ n: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer, _ info: IntPointer,
      _ uploLength: Int
    ) -> Void
  /// `?trsm(side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb)`: triangular solve with many
  /// right-hand sides, B ← alpha·op(A)⁻¹·B (side L) or alpha·B·op(A)⁻¹ (side R).
  typealias TRSM =
    @convention(c) (
      _ side: CharPointer, _ uplo: CharPointer, _ transa: CharPointer, _ diag: CharPointer, _ m: IntPointer,
      _ n: IntPointer, _ alpha: UnsafeRawPointer, _ a: UnsafeRawPointer?, _ lda: IntPointer,
      _ b: UnsafeMutableRawPointer?, _ ldb: IntPointer, _ sideLength: Int, _ uploLength: Int,
      _ transaLength: Int, _ diagLength: Int
    ) -> Void
  /// `?geqrf(m, n, a, lda, tau, work, lwork, info)`: Householder QR factorization.
  typealias GEQRF =
    @convention(c) (
      _ m: IntPointer, _ n: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer,
      _ tau: UnsafeMutableRawPointer?, _ work: UnsafeMutableRawPointer?, _ lwork: IntPointer, _ info: IntPointer
    ) -> Void
  /// `?orgqr(m, n, k, a, lda, tau, work, lwork, info)`: the Q of `geqrf`, formed explicitly.
  typealias ORGQR =
    @convention(c) (
      _ m: IntPointer, _ n: IntPointer, _ k: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer,
      _ tau: UnsafeRawPointer?, _ work: UnsafeMutableRawPointer?, _ lwork: IntPointer, _ info: IntPointer
    ) -> Void
  /// `?gesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info)`: singular value
  /// decomposition by divide and conquer.
  typealias GESDD =
    @convention(c) (
      _ jobz: CharPointer, _ m: IntPointer, _ n: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer,
      _ s: UnsafeMutableRawPointer?, _ u: UnsafeMutableRawPointer?, _ ldu: IntPointer,
      _ vt: UnsafeMutableRawPointer?, _ ldvt: IntPointer, _ work: UnsafeMutableRawPointer?, _ lwork: IntPointer,
      _ iwork: IntPointer?, _ info: IntPointer, _ jobzLength: Int
    ) -> Void
  /// `?syevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info)`: eigenvalues and
  /// eigenvectors of a symmetric matrix by divide and conquer.
  typealias SYEVD =
    @convention(c) (
      _ jobz: CharPointer, _ uplo: CharPointer, _ n: IntPointer, _ a: UnsafeMutableRawPointer?,
      _ lda: IntPointer, _ w: UnsafeMutableRawPointer?, _ work: UnsafeMutableRawPointer?, _ lwork: IntPointer,
      _ iwork: IntPointer?, _ liwork: IntPointer, _ info: IntPointer, _ jobzLength: Int, _ uploLength: Int
    ) -> Void
  /// `?gelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork, info)`: minimum-norm
  /// least squares by the singular value decomposition.
  typealias GELSD =
    @convention(c) (
      _ m: IntPointer, _ n: IntPointer, _ nrhs: IntPointer, _ a: UnsafeMutableRawPointer?, _ lda: IntPointer,
      _ b: UnsafeMutableRawPointer?, _ ldb: IntPointer, _ s: UnsafeMutableRawPointer?, _ rcond: UnsafeRawPointer,
      _ rank: IntPointer, _ work: UnsafeMutableRawPointer?, _ lwork: IntPointer, _ iwork: IntPointer?,
      _ info: IntPointer
    ) -> Void

  /// The routines of one precision.
  struct Routines: Sendable {
    /// `sgetrf_` or `dgetrf_`.
    let getrf: GETRF
    /// `sgetrs_` or `dgetrs_`.
    let getrs: GETRS
    /// `spotrf_` or `dpotrf_`.
    let potrf: POTRF
    /// `strsm_` or `dtrsm_` (the BLAS's).
    let trsm: TRSM
    /// `sgeqrf_` or `dgeqrf_`.
    let geqrf: GEQRF
    /// `sorgqr_` or `dorgqr_`.
    let orgqr: ORGQR
    /// `sgesdd_` or `dgesdd_`.
    let gesdd: GESDD
    /// `ssyevd_` or `dsyevd_`.
    let syevd: SYEVD
    /// `sgelsd_` or `dgelsd_`.
    let gelsd: GELSD
  }

  /// The library path with what OpenBLAS says about itself when it is OpenBLAS.
  let name: String
  /// The float32 routines (`sgetrf_` …).
  let single: Routines
  /// The float64 routines (`dgetrf_` …).
  let double: Routines

  /// The routines for `type`, which is `float32` or `float64`.
  func routines(_ type: ScalarType) -> Routines {
    require(type.isFloatingPoint, "LAPACK works on float32 and float64")
    return type == .float32 ? single : double
  }

  /// The first library that loads with every routine, unless `OLYMPUS_DISABLE_BLAS` is set to
  /// something other than 0 (the switch that turns the system BLAS off turns LAPACK off too).
  static let loaded: SystemLAPACK? = {
    environmentFlag("OLYMPUS_DISABLE_BLAS") ? nil : candidates.lazy.compactMap(load).first
  }()

  /// Libraries tried in order: OpenBLAS (Debian's `libopenblas0-pthread` carries LAPACK inside
  /// `libopenblas.so.0`), then reference LAPACK, whose dependencies bring the BLAS's `?trsm`.
  static let candidates: [String] = {
    #if canImport(Darwin)
      ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
    #else
      ["libopenblas.so.0", "libopenblas.so", "liblapack.so.3", "liblapack.so", "libmkl_rt.so", "libmkl_rt.so.2"]
    #endif
  }()

  private static func load(_ path: String) -> SystemLAPACK? {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
    func routines(_ prefix: String) -> Routines? {
      func symbol<F>(_ name: String, _ type: F.Type) -> F? {
        dlsym(handle, prefix + name + "_").map { unsafeBitCast($0, to: F.self) }
      }
      guard let getrf = symbol("getrf", GETRF.self), let getrs = symbol("getrs", GETRS.self),
        let potrf = symbol("potrf", POTRF.self), let trsm = symbol("trsm", TRSM.self),
        let geqrf = symbol("geqrf", GEQRF.self), let orgqr = symbol("orgqr", ORGQR.self),
        let gesdd = symbol("gesdd", GESDD.self), let syevd = symbol("syevd", SYEVD.self),
        let gelsd = symbol("gelsd", GELSD.self)
      else { return nil }
      return Routines(
        getrf: getrf, getrs: getrs, potrf: potrf, trsm: trsm, geqrf: geqrf, orgqr: orgqr, gesdd: gesdd,
        syevd: syevd, gelsd: gelsd)
    }
    guard let single = routines("s"), let double = routines("d") else {
      dlclose(handle)
      return nil
    }
    return SystemLAPACK(name: describe(path, handle), single: single, double: double)
  }

  /// `path`, followed by OpenBLAS's configuration and core when it reports them.
  private static func describe(_ path: String, _ handle: UnsafeMutableRawPointer) -> String {
    typealias Info = @convention(c) () -> UnsafePointer<CChar>?
    func call(_ symbol: String) -> String? {
      guard let function = dlsym(handle, symbol), let text = unsafeBitCast(function, to: Info.self)() else {
        return nil
      }
      return String(cString: text)
    }
    guard let config = call("openblas_get_config") else { return path }
    return "\(path) (\(config)\(call("openblas_get_corename").map { ", core \($0)" } ?? ""))"
  }
}

extension SystemLAPACK {
  /// Calls `body` with pointers to the Fortran characters of `flags` (`"L"`, `"N"` …), in order.
  static func withCharacters<Result>(
    _ flags: [Character], _ body: ([CharPointer]) throws -> Result
  ) rethrows -> Result {
    let codes = flags.map { CChar(bitPattern: $0.asciiValue ?? 0) }
    return try codes.withUnsafeBufferPointer { buffer in
      try body(codes.indices.map { buffer.baseAddress! + $0 })
    }
  }

  /// The optimal workspace size a routine reports for `lwork = -1`, read from the first element
  /// of `query` (a float32 or float64 as `type` says), at least `minimum`.
  static func workspaceSize(_ type: ScalarType, _ query: UnsafeRawPointer, minimum: Int) -> Int {
    let reported = type == .float32 ? Int(query.load(as: Float.self)) : Int(query.load(as: Double.self))
    return Swift.max(reported, minimum, 1)
  }
}
