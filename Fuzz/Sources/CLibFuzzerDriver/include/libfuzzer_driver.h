#ifndef OLYMPUS_LIBFUZZER_DRIVER_H
#define OLYMPUS_LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM gives every executable
// its own `main`, so the fuzz targets start libFuzzer through this entry point rather than
// through libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
