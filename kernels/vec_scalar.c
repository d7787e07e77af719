/* vec_scalar.c — the specification of the elementwise kernels and the
 * Frobenius reductions (kernels.h). The SIMD paths reproduce these bits. */
#include <math.h>
#include <sleef.h>

#include "paths.h"

/* SLEEF's deterministic FMA variant: its purecfma, AVX2 and AdvSIMD builds
 * agree bit for bit (checked over all 2^32 inputs against AVX2). sleef.h
 * declares the purecfma functions only when the compiler targets FMA, and
 * this file is compiled without ISA flags, hence the declaration here. An
 * x86 CPU without FMA (before 2013) cannot run it; there the scalar path
 * falls back to the non-FMA variant, whose last bits may differ (such a CPU
 * has no AVX2 path to disagree with, but its figure data may not match the
 * committed data bit for bit). */
float Sleef_finz_tanhf1_u10purecfma(float);

static inline float tanh_f32(float x)
{
#if defined(__x86_64__) || defined(__i386__)
    if (!__builtin_cpu_supports("fma"))
        return Sleef_cinz_tanhf1_u10purec(x);
#endif
    return Sleef_finz_tanhf1_u10purecfma(x);
}

void act_relu_f32_scalar(size_t m, size_t n, const float *Z, size_t ldz,
                         float *L, size_t ldl)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float z = Z[i * ldz + j];
            L[i * ldl + j] = z < 0.0f ? 0.0f : z;
        }
}

void act_tanh_relu_f32_scalar(size_t m, size_t n, const float *Z, size_t ldz,
                              float *L, size_t ldl)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float z = Z[i * ldz + j];
            L[i * ldl + j] = z < 0.0f ? 0.0f : tanh_f32(z);
        }
}

void dact_relu_f32_scalar(size_t m, size_t n, const float *G, size_t ldg,
                          const float *Z, size_t ldz, float *D, size_t ldd)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            D[i * ldd + j] = Z[i * ldz + j] >= 0.0f ? G[i * ldg + j] : 0.0f;
}

void dact_tanh_relu_f32_scalar(size_t m, size_t n, const float *G, size_t ldg,
                               const float *Z, size_t ldz, float *D, size_t ldd)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float z = Z[i * ldz + j];
            float t = tanh_f32(z);
            float d = fmaf(-t, t, 1.0f);
            D[i * ldd + j] = z > 0.0f ? G[i * ldg + j] * d : 0.0f;
        }
}

void dact_tanh_relu_l_f32_scalar(size_t m, size_t n, const float *G, size_t ldg,
                                 const float *Z, size_t ldz, const float *L, size_t ldl,
                                 float *D, size_t ldd)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float l = L[i * ldl + j];
            float d = fmaf(-l, l, 1.0f);
            D[i * ldd + j] = Z[i * ldz + j] > 0.0f ? G[i * ldg + j] * d : 0.0f;
        }
}

void colsum_f32_scalar(size_t m, size_t n, const float *A, size_t lda, float alpha,
                       float *out)
{
    for (size_t j = 0; j < n; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < m; i++)
            s = s + A[i * lda + j];
        out[j] = alpha * s;
    }
}

void axpy_f32_scalar(size_t m, size_t n, float alpha, const float *X, size_t ldx,
                     float *Y, size_t ldy)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            Y[i * ldy + j] = fmaf(alpha, X[i * ldx + j], Y[i * ldy + j]);
}

void scale_f32_scalar(size_t m, size_t n, float alpha, float *X, size_t ldx)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            X[i * ldx + j] = alpha * X[i * ldx + j];
}

void colnorm_f32_scalar(size_t m, size_t n, float *W, size_t ldw, double gamma)
{
    for (size_t j = 0; j < n; j++) {
        double ss = 0.0;
        for (size_t i = 0; i < m; i++) {
            double w = W[i * ldw + j];
            ss = ss + w * w;
        }
        if (ss == 0.0)
            continue;
        double scale = gamma / sqrt(ss);
        for (size_t i = 0; i < m; i++)
            W[i * ldw + j] = (float)((double)W[i * ldw + j] * scale);
    }
}

double frob_dot_f32_scalar(size_t m, size_t n, const float *A, size_t lda,
                           const float *B, size_t ldb)
{
    double s[8] = {0};
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            s[j % 8] += (double)A[i * lda + j] * B[i * ldb + j];
    return fa_combine8(s);
}

void frob_sums_f32_scalar(size_t m, size_t n, const float *A, size_t lda,
                          const float *B, size_t ldb, double out[3])
{
    double ab[8] = {0}, aa[8] = {0}, bb[8] = {0};
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double a = A[i * lda + j], b = B[i * ldb + j];
            ab[j % 8] += a * b;
            aa[j % 8] += a * a;
            bb[j % 8] += b * b;
        }
    out[0] = fa_combine8(ab);
    out[1] = fa_combine8(aa);
    out[2] = fa_combine8(bb);
}
