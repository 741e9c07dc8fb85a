// Stamps attention_body.h once per instruction set (portable, and AVX2/FMA and AVX-512 on x86-64)
// for the element type the includer has defined (T, DT, SUFFIX, EXP, LOG).
#define TARGET
#define TARGET_NAME portable
#include "attention_body.h"
#undef TARGET
#undef TARGET_NAME

#if defined(__x86_64__)
#define TARGET __attribute__((target("avx2,fma")))
#define TARGET_NAME avx2
#include "attention_body.h"
#undef TARGET
#undef TARGET_NAME

#define TARGET __attribute__((target("avx512f")))
#define TARGET_NAME avx512
#include "attention_body.h"
#undef TARGET
#undef TARGET_NAME
#endif
