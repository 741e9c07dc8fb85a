#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether the environment variable `name` is set to something other than the empty string or 0,
/// the way the `OLYMPUS_DISABLE_*` switches are read.
func environmentFlag(_ name: String) -> Bool {
  guard let value = getenv(name), value.pointee != 0 else { return false }
  return String(cString: value) != "0"
}
