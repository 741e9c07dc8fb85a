import OlympusKernels

extension Tensor {
  /// Creates a tensor of `shape` from its elements in row-major order.
  ///
  /// ```swift
  /// let m = Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])  // float32[2,3]
  /// ```
  /// The element type follows the Swift type: `[Float]` gives `float32`, `[Double]` `float64`,
  /// `[Int32]` `int32`, `[Int]` and `[Int64]` `int64`, `[Bool]` `bool`. The number of scalars must
  /// equal the product of `shape`. With `requiresGrad`, the tensor is a leaf of the eager tape.
  public init<Scalar: TensorScalar>(_ scalars: [Scalar], shape: [Int], requiresGrad: Bool = false) {
    self.init(elements: scalars, shape: shape)
    if requiresGrad { self.requiresGrad = true }
  }

  /// Creates a 1-d tensor of `scalars`, a leaf of the eager tape when `requiresGrad`.
  public init<Scalar: TensorScalar>(_ scalars: [Scalar], requiresGrad: Bool = false) {
    self.init(scalars, shape: [scalars.count], requiresGrad: requiresGrad)
  }

  /// Creates a 0-d tensor holding `scalar`, a leaf of the eager tape when `requiresGrad`.
  public init<Scalar: TensorScalar>(_ scalar: Scalar, requiresGrad: Bool = false) {
    self.init([scalar], shape: [], requiresGrad: requiresGrad)
  }

  /// The elements of `scalars` in `shape`, validated.
  private init<Scalar: TensorScalar>(elements scalars: [Scalar], shape: [Int]) {
    guard isValidShape(shape), shape.reduce(1, *) == scalars.count else {
      self = reject(
        OlympusError("Tensor(_:shape:)", "\(scalars.count) scalars do not fill shape \(formatShape(shape))"))
      return
    }
    let dtype = Scalar.dtype
    self = Tensor.make(TensorType(shape: shape, dtype: dtype)) { output in
      if Scalar.self == Int.self {
        // Swift's Int is 64 bits on every platform Olympus supports, like int64.
        scalars.withUnsafeBytes { output.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
      } else if Scalar.self == Bool.self {
        let flags = output.assumingMemoryBound(to: UInt8.self)
        for (index, flag) in (scalars as! [Bool]).enumerated() { flags[index] = flag ? 1 : 0 }
      } else {
        scalars.withUnsafeBytes { bytes in
          if let base = bytes.baseAddress { output.copyMemory(from: base, byteCount: bytes.count) }
        }
      }
    }
  }


  /// A 0-d tensor of `dtype` holding `value` converted to it.
  static func scalar(_ value: Double, dtype: DType) -> Tensor {
    Tensor.make(TensorType(shape: [], dtype: dtype)) { output in
      switch dtype {
      case .float32: output.storeBytes(of: Float(value), as: Float.self)
      case .float64: output.storeBytes(of: value, as: Double.self)
      case .int32: output.storeBytes(of: Int32(clampingToInteger: value), as: Int32.self)
      case .int64: output.storeBytes(of: Int64(clampingToInteger: value), as: Int64.self)
      case .bool: output.storeBytes(of: value != 0 ? 1 : 0, as: UInt8.self)
      }
    }
  }
}

extension FixedWidthInteger {
  /// `value` truncated toward zero, saturating at the type's bounds; 0 for NaN.
  init(clampingToInteger value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= Double(Self.max) {
      self = .max
    } else if value <= Double(Self.min) {
      self = .min
    } else {
      self = Self(value)
    }
  }
}
