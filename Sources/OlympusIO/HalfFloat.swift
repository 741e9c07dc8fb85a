/// A 16-bit floating-point format a file may store float tensors in: read widened to `float32`,
/// written from `float32` on request (`writeNPY(to:as:)`, `writeSafetensors(_:metadata:to:storingFloatsAs:)`).
public enum HalfFloat: Sendable, Hashable, CustomStringConvertible {
  /// IEEE 754 binary16 (NumPy's `float16`, PyTorch's `torch.float16`, safetensors' `F16`).
  case float16
  /// The upper half of a `float32` (PyTorch's `torch.bfloat16`, safetensors' `BF16`).
  case bfloat16

  /// `float16` or `bfloat16`.
  public var description: String { self == .float16 ? "float16" : "bfloat16" }

  /// The bits of `value` in this format, rounded to nearest, ties to even.
  func bits(_ value: Float) -> UInt16 {
    self == .float16 ? float16Bits(value) : bfloat16Bits(value)
  }

  /// The value of `bits` in this format, exactly.
  func value(_ bits: UInt16) -> Float {
    self == .float16 ? floatFromFloat16(bits) : Float(bitPattern: UInt32(bits) << 16)
  }
}

/// `value` rounded to binary16 (to nearest, ties to even; overflow to ±∞; NaN stays NaN).
func float16Bits(_ value: Float) -> UInt16 {
  let bits = value.bitPattern
  let sign = UInt16((bits >> 16) & 0x8000)
  let exponent = Int((bits >> 23) & 0xff)
  let fraction = bits & 0x7f_ffff
  if exponent == 0xff { return sign | 0x7c00 | (fraction != 0 ? 0x200 | UInt16(fraction >> 13) : 0) }
  let halfExponent = exponent - 127 + 15
  if halfExponent >= 31 { return sign | 0x7c00 }
  // Round the significand `significand >> shift` to nearest even; a carry moves to the next binade.
  func rounded(_ significand: UInt32, shift: UInt32) -> UInt32 {
    let kept = significand >> shift
    let remainder = significand & ((1 << shift) - 1)
    let halfway = UInt32(1) << (shift - 1)
    return kept + (remainder > halfway || (remainder == halfway && kept & 1 != 0) ? 1 : 0)
  }
  if halfExponent <= 0 {
    // Subnormal: value = k · 2⁻²⁴ with k = significand · 2^(exponent − 126).
    guard halfExponent >= -10 else { return sign }
    return sign | UInt16(rounded(fraction | 0x80_0000, shift: UInt32(14 - halfExponent)))
  }
  return sign | UInt16(UInt32(halfExponent) << 10 + rounded(fraction, shift: 13))
}

/// The value of binary16 `bits`.
func floatFromFloat16(_ bits: UInt16) -> Float {
  let sign = UInt32(bits & 0x8000) << 16
  let exponent = Int(bits >> 10) & 0x1f
  let fraction = UInt32(bits & 0x3ff)
  if exponent == 0 {
    let magnitude = Float(fraction) * 0x1p-24
    return sign != 0 ? -magnitude : magnitude
  }
  if exponent == 31 { return Float(bitPattern: sign | 0x7f80_0000 | fraction << 13) }
  return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | fraction << 13)
}

/// `value` rounded to bfloat16 (to nearest, ties to even; NaN stays a quiet NaN).
func bfloat16Bits(_ value: Float) -> UInt16 {
  let bits = value.bitPattern
  if value.isNaN { return UInt16(bits >> 16) | 0x40 }
  return UInt16((bits &+ 0x7fff &+ ((bits >> 16) & 1)) >> 16)
}
