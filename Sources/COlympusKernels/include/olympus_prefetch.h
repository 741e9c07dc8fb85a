#ifndef OLYMPUS_PREFETCH_H
#define OLYMPUS_PREFETCH_H

/// Asks the CPU to start loading the 128 bytes from `address` (the two or three cache lines they
/// span) into the cache for reading, without waiting for them. Never faults, whatever the address.
/// Inline, so a Swift loop that walks objects scattered in memory (a large graph's equations) can
/// request the object it reaches a few iterations later at the cost of a few instructions.
static inline void olk_prefetch_object(const void *address) {
  const char *bytes = (const char *)address;
  __builtin_prefetch(bytes, 0, 3);
  __builtin_prefetch(bytes + 64, 0, 3);
  __builtin_prefetch(bytes + 127, 0, 3);
}

#endif
