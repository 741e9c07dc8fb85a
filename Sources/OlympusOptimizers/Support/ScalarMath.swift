#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's `pow`, as Python's `**` on floats computes PyTorch's bias corrections.
func power(_ base: Double, _ exponent: Double) -> Double { pow(base, exponent) }

/// The C library's `cos`, as Python's `math.cos` computes PyTorch's cosine schedules.
func cosine(_ x: Double) -> Double { cos(x) }
