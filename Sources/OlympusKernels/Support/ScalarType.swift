import COlympusKernels

/// The element types the kernels work on.
///
/// Raw values match the C kernels' `olk_dtype`, so a `ScalarType` passes straight through to C.
public enum ScalarType: Int32, Sendable, CaseIterable {
  /// IEEE 754 binary32.
  case float32 = 0
  /// IEEE 754 binary64.
  case float64 = 1
  /// 32-bit two's-complement integer.
  case int32 = 2
  /// 64-bit two's-complement integer.
  case int64 = 3
  /// One byte holding 0 or 1.
  case bool = 4

  /// Bytes per element.
  @inlinable public var byteCount: Int {
    switch self {
    case .float32, .int32: 4
    case .float64, .int64: 8
    case .bool: 1
    }
  }

  /// Whether the type is `float32` or `float64`.
  @inlinable public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

  /// The same type as the C kernels spell it.
  @inlinable public var cValue: olk_dtype { olk_dtype(rawValue: UInt32(rawValue)) }
}

/// Switches between the AVX-512, AVX2/FMA and portable kernel paths.
///
/// The switches belong to the calling thread (kernels it runs on the worker pool follow them): a
/// program or test that compares the paths never changes the results of other threads. Each
/// thread starts from the process-wide default, chosen from the CPU and the environment
/// variables `OLYMPUS_DISABLE_SIMD` and `OLYMPUS_DISABLE_AVX512`.
public enum SIMDPaths {
  /// Whether the AVX2/FMA paths run on this thread (the CPU has them and they are not disabled).
  ///
  /// Setting it to `false` makes every kernel this thread runs use its portable loop, as the
  /// environment variable `OLYMPUS_DISABLE_SIMD=1` does for every thread at start-up; setting it
  /// to `true` on a CPU without AVX2 and FMA leaves them off.
  public static var isEnabled: Bool {
    get { olk_simd_active() != 0 }
    set { olk_set_simd_enabled(newValue ? 1 : 0) }
  }

  /// Whether the CPU has AVX-512F and the OS saves its registers, whatever the switches say.
  public static var isAVX512Supported: Bool { olk_avx512_supported() != 0 }

  /// Whether the kernels that have an AVX-512 variant (the GEMM micro-kernels, float arithmetic)
  /// run it: the CPU has AVX-512F, the OS saves its registers, `isEnabled` is true, and neither
  /// the environment variable `OLYMPUS_DISABLE_AVX512=1` at start-up nor this setter (on this thread) turned it off.
  ///
  /// Setting it to `false` makes those kernels take their AVX2 path; setting it to `true` on a
  /// CPU without AVX-512F leaves it off.
  public static var isAVX512Enabled: Bool {
    get { olk_avx512_active() != 0 }
    set { olk_set_avx512_enabled(newValue ? 1 : 0) }
  }
}
