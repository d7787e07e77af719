/* vec_avx512.c — the AVX-512 path's tanh kernels: vec_simd.h on
 * simd_avx512.h, 16 columns at a time. SLEEF's 16-lane tanh gives the same
 * bits as the AVX2 and scalar variants (kernels.h); the other elementwise
 * kernels are memory-bound and the path shares the AVX2 ones (dispatch.c).
 * Compiled with -mavx512f -mavx512vl. */
#include "simd_avx512.h"

#define FA_PATH avx512
#define FA_VEC_TANH_ONLY
#include "vec_simd.h"
