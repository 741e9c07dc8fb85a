import COlympusKernels

/// Asks the CPU to start loading the 128 bytes from `address` into the cache, without waiting for
/// them (a hint: it never faults and changes no value). A loop over objects scattered in memory
/// calls it for the object it reaches a few iterations later, so that the loads of several
/// objects overlap instead of each stalling the loop in turn.
@inlinable public func prefetchObject(at address: UnsafeRawPointer) {
  olk_prefetch_object(address)
}
