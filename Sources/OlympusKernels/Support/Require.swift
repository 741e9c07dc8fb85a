/// Traps with `message` when `condition` is false, in release builds too: the standard library's
/// `precondition` drops its message there. Olympus checks arguments before they reach a kernel;
/// a direct caller of a kernel that breaks one of its rules learns which from the message.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
  if !condition() { fatalError("OlympusKernels: \(message())") }
}
