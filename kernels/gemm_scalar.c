/* gemm_scalar.c — the specification of the three GEMM forms (kernels.h).
 * Plain loops: one fmaf chain per output element, p in increasing order. */
#include <math.h>

#include "paths.h"

/* C = alpha op(A) op(B) + beta C with op(A)(i, p) = A[i*ars + p*aps] and
 * op(B)(p, j) = B[p*bps + j*bjs]; inlined with the strides of each form. */
static inline void gemm_strided(size_t m, size_t n, size_t k, float alpha,
                                const float *restrict A, size_t ars, size_t aps,
                                const float *restrict B, size_t bps, size_t bjs, float beta,
                                float *restrict C, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float s = 0.0f;
            for (size_t p = 0; p < k; p++)
                s = fmaf(A[i * ars + p * aps], B[p * bps + j * bjs], s);
            float t = alpha * s;
            C[i * ldc + j] = beta == 0.0f ? t : fmaf(beta, C[i * ldc + j], t);
        }
}

void gemm_nn_f32_scalar FA_GEMM_PARAMS
{
    gemm_strided(m, n, k, alpha, A, lda, 1, B, ldb, 1, beta, C, ldc);
}

void gemm_tn_f32_scalar FA_GEMM_PARAMS
{
    gemm_strided(m, n, k, alpha, A, 1, lda, B, ldb, 1, beta, C, ldc);
}

void gemm_nt_f32_scalar FA_GEMM_PARAMS
{
    gemm_strided(m, n, k, alpha, A, lda, 1, B, 1, ldb, beta, C, ldc);
}
