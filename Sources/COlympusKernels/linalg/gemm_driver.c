// BLIS-style blocked GEMM driver. Loop nest, outermost first: jc over NC-column blocks of B,
// pc over KC-deep slices (B block packed once, shared), ic over MC-row blocks of A (packed per
// thread), then jr / ir over micro-tiles. `olk_gemm_serial` runs these steps on one thread;
// gemm_schedule.c shares them out among several.

#include "gemm_internal.h"

#include <string.h>

void olk_gemm_prepare(olk_gemm_problem *p) {
  int f32 = p->dtype == OLK_F32;
  // The AVX-512 tile is 64 (float32) or 32 (float64) columns wide; a narrower product would
  // compute mostly padding there (W9's per-example gradients have 10 columns: 0.17 ms against
  // 0.11 ms on the AVX2 tile), so it takes the AVX2 tile of 16 or 8 columns.
  int wide = p->n >= (f32 ? GEMM_NR_F32_AVX512 : GEMM_NR_F64_AVX512) / 2;
  p->simd = olk_avx512_active() && wide ? GEMM_AVX512 : olk_simd_active() ? GEMM_AVX2 : GEMM_PORTABLE;
  intptr_t kc;
  if (p->simd == GEMM_AVX512) {
    p->mr = GEMM_MR_AVX512;
    p->nr = f32 ? GEMM_NR_F32_AVX512 : GEMM_NR_F64_AVX512;
    kc = GEMM_KC_AVX512;
    p->mc = GEMM_MC_AVX512;
    p->nc = GEMM_NC_AVX512;
  } else {
    p->mr = GEMM_MR;
    p->nr = f32 ? GEMM_NR_F32 : GEMM_NR_F64;
    kc = GEMM_KC;
    p->mc = GEMM_MC;
    p->nc = GEMM_NC;
  }
  // Equal k slices of at most KC: a thin last slice (k = 784 would end in 16) costs a full pass
  // over C and a synchronization of the threads for little work.
  p->kc = p->k > 0 ? divide_up(p->k, divide_up(p->k, kc)) : kc;
}

size_t olk_gemm_packed_b_bytes(const olk_gemm_problem *p) {
  size_t element = p->dtype == OLK_F32 ? sizeof(float) : sizeof(double);
  return element * (size_t)min_intptr(p->kc, p->k) * (size_t)round_up(min_intptr(p->nc, p->n), p->nr);
}

// Full tiles go straight to C; edge tiles go through a local tile and only their valid part
// is written. `compute` cuts its rows into equal blocks of at most MC rows (a multiple of MR), so
// a thread's share has no small leftover block.
#define DEFINE_DRIVER(T, SUFFIX)                                                                           \
  static olk_gemm_kernel_##SUFFIX kernel_##SUFFIX(int simd) {                                              \
    switch (simd) {                                                                                        \
    case GEMM_AVX512: return SIMD_KERNEL(SUFFIX, avx512);                                                  \
    case GEMM_AVX2: return SIMD_KERNEL(SUFFIX, avx2);                                                      \
    default: return olk_gemm_kernel_##SUFFIX##_portable;                                                   \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void macro_kernel_##SUFFIX(const olk_gemm_problem *p, intptr_t mc, intptr_t nc, intptr_t kc,      \
                                    const T *pa, const T *pb, T *c, int accumulate) {                      \
    olk_gemm_kernel_##SUFFIX kernel = kernel_##SUFFIX(p->simd);                                            \
    intptr_t mr = p->mr, nr = p->nr, ldc = p->ldc;                                                         \
    T tile[GEMM_TILE_MAX] __attribute__((aligned(64)));                                                    \
    for (intptr_t j = 0; j < nc; j += nr) {                                                                \
      intptr_t cols = min_intptr(nr, nc - j);                                                              \
      for (intptr_t i = 0; i < mc; i += mr) {                                                              \
        intptr_t rows = min_intptr(mr, mc - i);                                                            \
        T *cij = c + i * ldc + j;                                                                          \
        if (rows == mr && cols == nr) {                                                                    \
          kernel(kc, pa + i * kc, pb + j * kc, cij, ldc, accumulate);                                      \
          continue;                                                                                        \
        }                                                                                                  \
        kernel(kc, pa + i * kc, pb + j * kc, tile, nr, 0);                                                 \
        for (intptr_t r = 0; r < rows; r++)                                                                \
          for (intptr_t s = 0; s < cols; s++)                                                              \
            cij[r * ldc + s] = accumulate ? cij[r * ldc + s] + tile[r * nr + s] : tile[r * nr + s];        \
      }                                                                                                    \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void compute_##SUFFIX(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc,           \
                               const T *pb, intptr_t row_begin, intptr_t row_end, intptr_t col_begin,      \
                               intptr_t col_end) {                                                         \
    T *pa = olk_gemm_private_workspace(sizeof(T) * (size_t)(p->mc * kc));                                  \
    T *c = (T *)p->c + jc + col_begin;                                                                     \
    intptr_t blocks = divide_up(row_end - row_begin, p->mc);                                               \
    intptr_t block = round_up(divide_up(row_end - row_begin, blocks), p->mr);                              \
    for (intptr_t i0 = row_begin; i0 < row_end; i0 += block) {                                             \
      intptr_t mc = min_intptr(block, row_end - i0);                                                       \
      olk_gemm_pack_a_##SUFFIX(p, i0, mc, pc, kc, pa);                                                     \
      macro_kernel_##SUFFIX(p, mc, col_end - col_begin, kc, pa, pb + col_begin * kc, c + i0 * p->ldc,      \
                            pc > 0);                                                                       \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void serial_##SUFFIX(const olk_gemm_problem *p) {                                                 \
    T *pb = olk_gemm_shared_workspace(olk_gemm_packed_b_bytes(p));                                         \
    for (intptr_t jc = 0; jc < p->n; jc += p->nc) {                                                        \
      intptr_t nc = min_intptr(p->nc, p->n - jc);                                                          \
      for (intptr_t pc = 0; pc < p->k; pc += p->kc) {                                                      \
        intptr_t kc = min_intptr(p->kc, p->k - pc);                                                        \
        olk_gemm_pack_b_##SUFFIX(p, pc, kc, jc, nc, pb);                                                   \
        compute_##SUFFIX(p, pc, kc, jc, pb, 0, p->m, 0, nc);                                               \
      }                                                                                                    \
    }                                                                                                      \
  }

// `simd` is only ever GEMM_PORTABLE on other architectures.
#if defined(__x86_64__)
#define SIMD_KERNEL(SUFFIX, ISA) olk_gemm_kernel_##SUFFIX##_##ISA
#else
#define SIMD_KERNEL(SUFFIX, ISA) olk_gemm_kernel_##SUFFIX##_portable
#endif

DEFINE_DRIVER(float, f32)
DEFINE_DRIVER(double, f64)

void olk_gemm_serial(const olk_gemm_problem *p) {
  if (p->m == 0 || p->n == 0) return;
  if (p->k == 0) {
    intptr_t element = p->dtype == OLK_F32 ? sizeof(float) : sizeof(double);
    for (intptr_t i = 0; i < p->m; i++)
      memset((char *)p->c + i * p->ldc * element, 0, (size_t)(p->n * element));
    return;
  }
  if (p->dtype == OLK_F32) serial_f32(p);
  else serial_f64(p);
}

void olk_gemm_pack_b_panels(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc, intptr_t nc,
                            intptr_t panel_begin, intptr_t panel_end, void *packed_b) {
  intptr_t j = panel_begin * p->nr, width = min_intptr(nc, panel_end * p->nr) - j;
  if (p->dtype == OLK_F32) olk_gemm_pack_b_f32(p, pc, kc, jc + j, width, (float *)packed_b + j * kc);
  else olk_gemm_pack_b_f64(p, pc, kc, jc + j, width, (double *)packed_b + j * kc);
}

void olk_gemm_multiply_packed(const olk_gemm_problem *p, intptr_t mc, intptr_t nc, intptr_t kc, const void *packed_a,
                              const void *packed_b, void *c, int accumulate) {
  if (p->dtype == OLK_F32) macro_kernel_f32(p, mc, nc, kc, packed_a, packed_b, c, accumulate);
  else macro_kernel_f64(p, mc, nc, kc, packed_a, packed_b, c, accumulate);
}

void olk_gemm_compute(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc,
                      const void *packed_b, intptr_t row_begin, intptr_t row_end,
                      intptr_t col_begin, intptr_t col_end) {
  if (p->dtype == OLK_F32) compute_f32(p, pc, kc, jc, packed_b, row_begin, row_end, col_begin, col_end);
  else compute_f64(p, pc, kc, jc, packed_b, row_begin, row_end, col_begin, col_end);
}
