// How a kernel is compiled twice, portable and AVX2/FMA, and how the copy to run is picked at run
// time. Private to the C kernels (not part of the public headers).
#ifndef OLYMPUS_KERNEL_VARIANTS_H
#define OLYMPUS_KERNEL_VARIANTS_H

#include "olympus_common.h"

// Marks the AVX2/FMA copy of a kernel; the portable copy gets no attribute.
#ifndef OLK_AVX2
#define OLK_AVX2 __attribute__((target("avx2,fma")))
#endif

// Stamps a family of kernels twice: STAMP(portable, ) everywhere and STAMP(avx2, OLK_AVX2) on x86-64,
// where the compiler vectorizes the same loops for AVX2. OLK_PICK(name) then names the copy to run.
#if defined(__x86_64__)
#define OLK_STAMP_BOTH(STAMP) STAMP(portable, ) STAMP(avx2, OLK_AVX2)
#define OLK_PICK(name) (olk_simd_active() ? name##_avx2 : name##_portable)
#else
#define OLK_STAMP_BOTH(STAMP) STAMP(portable, )
#define OLK_PICK(name) (name##_portable)
#endif

#endif
