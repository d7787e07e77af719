/* vec_avx2.c — the AVX2+FMA elementwise kernels: vec_simd.h on
 * simd_avx2.h. Compiled with -mavx2 -mfma. */
#include "simd_avx2.h"

#define FA_PATH avx2
#include "vec_simd.h"
