/* vec_neon.c — the AArch64 NEON elementwise kernels: vec_simd.h on
 * simd_neon.h. */
#include "simd_neon.h"

#define FA_PATH neon
#include "vec_simd.h"
