#ifndef OLYMPUS_RANDOM_H
#define OLYMPUS_RANDOM_H

#include "olympus_common.h"

/// The Threefry-2x32 block cipher with 20 rounds (Random123): out = threefry(key, counter).
void olk_threefry2x32(uint32_t key0, uint32_t key1, uint32_t counter0, uint32_t counter1, uint32_t out[2]);

/// Words first ..< first + n of the stream of `key`: word w is word (w % 2) of
/// threefry2x32(key, (hi32(w / 2), lo32(w / 2))).
void olk_threefry2x32_fill(uint32_t key0, uint32_t key1, uint64_t first, uint32_t *out, intptr_t n);

#endif
