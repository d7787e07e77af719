/* vec_neon.c — AArch64 NEON elementwise kernels and Frobenius reductions,
 * the same structure as vec_avx2.c with four floats per register. */
#include <arm_neon.h>
#include <sleef.h>

#include "paths.h"

#define tanh_v Sleef_finz_tanhf4_u10advsimd

void act_relu_f32_neon(size_t m, size_t n, const float *Z, size_t ldz,
                       float *L, size_t ldl)
{
    const float32x4_t zero = vdupq_n_f32(0.0f);
    for (size_t i = 0; i < m; i++) {
        const float *z = Z + i * ldz;
        float *l = L + i * ldl;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            float32x4_t v = vld1q_f32(z + j);
            vst1q_f32(l + j, vbslq_f32(vcltq_f32(v, zero), zero, v));
        }
        act_relu_f32_scalar(1, n - j, z + j, ldz, l + j, ldl);
    }
}

void act_tanh_relu_f32_neon(size_t m, size_t n, const float *Z, size_t ldz,
                            float *L, size_t ldl)
{
    const float32x4_t zero = vdupq_n_f32(0.0f);
    for (size_t i = 0; i < m; i++) {
        const float *z = Z + i * ldz;
        float *l = L + i * ldl;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            float32x4_t v = vld1q_f32(z + j);
            vst1q_f32(l + j, vbslq_f32(vcltq_f32(v, zero), zero, tanh_v(v)));
        }
        act_tanh_relu_f32_scalar(1, n - j, z + j, ldz, l + j, ldl);
    }
}

void dact_relu_f32_neon(size_t m, size_t n, const float *G, size_t ldg,
                        const float *Z, size_t ldz, float *D, size_t ldd)
{
    const float32x4_t zero = vdupq_n_f32(0.0f);
    for (size_t i = 0; i < m; i++) {
        const float *g = G + i * ldg, *z = Z + i * ldz;
        float *d = D + i * ldd;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            uint32x4_t keep = vcgeq_f32(vld1q_f32(z + j), zero);
            vst1q_f32(d + j, vbslq_f32(keep, vld1q_f32(g + j), zero));
        }
        dact_relu_f32_scalar(1, n - j, g + j, ldg, z + j, ldz, d + j, ldd);
    }
}

void dact_tanh_relu_f32_neon(size_t m, size_t n, const float *G, size_t ldg,
                             const float *Z, size_t ldz, float *D, size_t ldd)
{
    const float32x4_t zero = vdupq_n_f32(0.0f), one = vdupq_n_f32(1.0f);
    for (size_t i = 0; i < m; i++) {
        const float *g = G + i * ldg, *z = Z + i * ldz;
        float *d = D + i * ldd;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            float32x4_t v = vld1q_f32(z + j);
            float32x4_t t = tanh_v(v);
            float32x4_t fp = vfmsq_f32(one, t, t);   /* fmaf(-t, t, 1) */
            float32x4_t r = vmulq_f32(vld1q_f32(g + j), fp);
            vst1q_f32(d + j, vbslq_f32(vcgtq_f32(v, zero), r, zero));
        }
        dact_tanh_relu_f32_scalar(1, n - j, g + j, ldg, z + j, ldz, d + j, ldd);
    }
}

void dact_tanh_relu_l_f32_neon(size_t m, size_t n, const float *G, size_t ldg,
                               const float *Z, size_t ldz, const float *L, size_t ldl,
                               float *D, size_t ldd)
{
    const float32x4_t zero = vdupq_n_f32(0.0f), one = vdupq_n_f32(1.0f);
    for (size_t i = 0; i < m; i++) {
        const float *g = G + i * ldg, *z = Z + i * ldz, *l = L + i * ldl;
        float *d = D + i * ldd;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            float32x4_t t = vld1q_f32(l + j);
            float32x4_t fp = vfmsq_f32(one, t, t);   /* fmaf(-t, t, 1) */
            float32x4_t r = vmulq_f32(vld1q_f32(g + j), fp);
            vst1q_f32(d + j, vbslq_f32(vcgtq_f32(vld1q_f32(z + j), zero), r, zero));
        }
        dact_tanh_relu_l_f32_scalar(1, n - j, g + j, ldg, z + j, ldz, l + j, ldl, d + j, ldd);
    }
}

void axpy_f32_neon(size_t m, size_t n, float alpha, const float *X, size_t ldx,
                   float *Y, size_t ldy)
{
    const float32x4_t a = vdupq_n_f32(alpha);
    for (size_t i = 0; i < m; i++) {
        const float *x = X + i * ldx;
        float *y = Y + i * ldy;
        size_t j = 0;
        for (; j + 4 <= n; j += 4)
            vst1q_f32(y + j, vfmaq_f32(vld1q_f32(y + j), a, vld1q_f32(x + j)));
        axpy_f32_scalar(1, n - j, alpha, x + j, ldx, y + j, ldy);
    }
}

void scale_f32_neon(size_t m, size_t n, float alpha, float *X, size_t ldx)
{
    const float32x4_t a = vdupq_n_f32(alpha);
    for (size_t i = 0; i < m; i++) {
        float *x = X + i * ldx;
        size_t j = 0;
        for (; j + 4 <= n; j += 4)
            vst1q_f32(x + j, vmulq_f32(a, vld1q_f32(x + j)));
        scale_f32_scalar(1, n - j, alpha, x + j, ldx);
    }
}

/* Four columns per pass down the rows; each column's sum in one lane. */
void colsum_f32_neon(size_t m, size_t n, const float *A, size_t lda, float alpha,
                     float *out)
{
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        float32x4_t s = vdupq_n_f32(0.0f);
        for (size_t i = 0; i < m; i++)
            s = vaddq_f32(s, vld1q_f32(A + i * lda + j));
        vst1q_f32(out + j, vmulq_f32(vdupq_n_f32(alpha), s));
    }
    colsum_f32_scalar(m, n - j, A + j, lda, alpha, out + j);
}

/* Two columns at a time in double; each column's sum runs down the rows. */
void colnorm_f32_neon(size_t m, size_t n, float *W, size_t ldw, double gamma)
{
    const float64x2_t zero = vdupq_n_f64(0.0), one = vdupq_n_f64(1.0);
    const float64x2_t g = vdupq_n_f64(gamma);
    size_t j = 0;
    for (; j + 2 <= n; j += 2) {
        float64x2_t ss = zero;
        for (size_t i = 0; i < m; i++) {
            float64x2_t w = vcvt_f64_f32(vld1_f32(W + i * ldw + j));
            ss = vaddq_f64(ss, vmulq_f64(w, w));
        }
        float64x2_t scale = vdivq_f64(g, vsqrtq_f64(ss));
        scale = vbslq_f64(vceqq_f64(ss, zero), one, scale);
        for (size_t i = 0; i < m; i++) {
            float *w = W + i * ldw + j;
            float64x2_t v = vmulq_f64(vcvt_f64_f32(vld1_f32(w)), scale);
            vst1_f32(w, vcvt_f32_f64(v));
        }
    }
    colnorm_f32_scalar(m, n - j, W + j, ldw, gamma);
}

/* Eight double lanes as four registers: lanes 0-1, 2-3, 4-5, 6-7. */
typedef struct { float64x2_t q[4]; } lanes8;

static inline lanes8 lanes8_zero(void)
{
    lanes8 s;
    for (int r = 0; r < 4; r++)
        s.q[r] = vdupq_n_f64(0.0);
    return s;
}

static inline lanes8 load8(const float *x)
{
    float32x4_t lo = vld1q_f32(x), hi = vld1q_f32(x + 4);
    lanes8 v = {{vcvt_f64_f32(vget_low_f32(lo)), vcvt_high_f64_f32(lo),
                 vcvt_f64_f32(vget_low_f32(hi)), vcvt_high_f64_f32(hi)}};
    return v;
}

/* The leftover floats of a row; see fa_tail8 in paths.h. */
static inline lanes8 load_row8(const float *x, size_t j, size_t n)
{
    if (j + 8 <= n)
        return load8(x + j);
    float t[8];
    fa_tail8(t, x + j, n - j);
    return load8(t);
}

static inline void accum(lanes8 *s, lanes8 a, lanes8 b)
{
    for (int r = 0; r < 4; r++)
        s->q[r] = vaddq_f64(s->q[r], vmulq_f64(a.q[r], b.q[r]));
}

static inline double combine(lanes8 s)
{
    double t[8];
    for (int r = 0; r < 4; r++)
        vst1q_f64(t + 2 * r, s.q[r]);
    return fa_combine8(t);
}

double frob_dot_f32_neon(size_t m, size_t n, const float *A, size_t lda,
                         const float *B, size_t ldb)
{
    lanes8 s = lanes8_zero();
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j += 8)
            accum(&s, load_row8(A + i * lda, j, n), load_row8(B + i * ldb, j, n));
    return combine(s);
}

void frob_sums_f32_neon(size_t m, size_t n, const float *A, size_t lda,
                        const float *B, size_t ldb, double out[3])
{
    lanes8 ab = lanes8_zero(), aa = ab, bb = ab;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j += 8) {
            lanes8 a = load_row8(A + i * lda, j, n), b = load_row8(B + i * ldb, j, n);
            accum(&ab, a, b);
            accum(&aa, a, a);
            accum(&bb, b, b);
        }
    out[0] = combine(ab);
    out[1] = combine(aa);
    out[2] = combine(bb);
}
