/* gemm_scalar.c — the specification of the three GEMM forms (kernels.h).
 * Plain loops: one fmaf chain per output element, p in increasing order. */
#include <math.h>

#include "paths.h"

/* The epilogue shared by the three forms: C = alpha*s (+ beta*C). */
static inline float epilogue(float s, float alpha, float beta, const float *c)
{
    float t = alpha * s;
    return beta == 0.0f ? t : fmaf(beta, *c, t);
}

void gemm_nn_f32_scalar(size_t m, size_t n, size_t k, float alpha,
                        const float *restrict A, size_t lda,
                        const float *restrict B, size_t ldb, float beta,
                        float *restrict C, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float s = 0.0f;
            for (size_t p = 0; p < k; p++)
                s = fmaf(A[i * lda + p], B[p * ldb + j], s);
            C[i * ldc + j] = epilogue(s, alpha, beta, &C[i * ldc + j]);
        }
}

void gemm_tn_f32_scalar(size_t m, size_t n, size_t k, float alpha,
                        const float *restrict A, size_t lda,
                        const float *restrict B, size_t ldb, float beta,
                        float *restrict C, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float s = 0.0f;
            for (size_t p = 0; p < k; p++)
                s = fmaf(A[p * lda + i], B[p * ldb + j], s);
            C[i * ldc + j] = epilogue(s, alpha, beta, &C[i * ldc + j]);
        }
}

void gemm_nt_f32_scalar(size_t m, size_t n, size_t k, float alpha,
                        const float *restrict A, size_t lda,
                        const float *restrict B, size_t ldb, float beta,
                        float *restrict C, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float s = 0.0f;
            for (size_t p = 0; p < k; p++)
                s = fmaf(A[i * lda + p], B[j * ldb + p], s);
            C[i * ldc + j] = epilogue(s, alpha, beta, &C[i * ldc + j]);
        }
}
