/* vec_simd.h — the elementwise kernels, column sums, column norms and
 * Frobenius reductions of kernels.h, written once for every SIMD path.
 * An ISA file (vec_avx2.c, vec_neon.c, vec_avx512.c) includes its simd_*.h,
 * defines FA_PATH (the suffix of its functions) and includes this file.
 * vec_scalar.c is the specification; these loops do its operations, element
 * by element, in vectors.
 *
 * One tail policy everywhere: a row's columns go in full vectors, and the
 * leftover ones in one partial vector whose missing lanes read as +0, are
 * computed on like the others, and are never stored. Elementwise kernels on
 * matrices without padding treat them as one long row (fa_flatten).
 *
 * FA_VEC_TANH_ONLY (set by the AVX-512 path) keeps the two kernels that
 * evaluate tanh; that path takes the memory-bound rest from AVX2.
 */
#ifndef FA_VEC_SIMD_H
#define FA_VEC_SIMD_H

#include "paths.h"

#define FA_FN(name) FA_CAT(name, FA_PATH)

/* VL lanes at p when full, else the part's lanes (the others read as +0). */
static FA_INLINE VEC ld(const float *p, int full, PART k)
{
    return full ? v_loadu(p) : v_load_part(VL, p, k);
}

static FA_INLINE void st(float *p, VEC v, int full, PART k)
{
    if (full)
        v_storeu(p, v);
    else
        v_store_part(VL, p, v, k);
}

/* Run OP(i, j, full, part) over every row's columns: full vectors, then one
 * partial vector for the leftover columns. */
#define FOR_EACH_VECTOR(m, n, OP)                                              \
    do {                                                                       \
        const PART tail_ = v_part((n) % VL), full_ = v_part(VL);               \
        for (size_t i = 0; i < (m); i++) {                                     \
            size_t j = 0;                                                      \
            for (; j + VL <= (n); j += VL)                                     \
                OP(i, j, 1, full_);                                            \
            if (j < (n))                                                       \
                OP(i, j, 0, tail_);                                            \
        }                                                                      \
    } while (0)

/* (z > 0) ? g * fmaf(-t, t, 1) : +0 */
static FA_INLINE VEC dtanh(VEC g, VEC z, VEC t)
{
    return v_keep(v_gt(z, v_zero()), v_mul(g, v_fnma(t, t, v_set1(1.0f))));
}

/* L = (z < 0) ? +0 : f(z), f = tanh or the identity. */
static FA_INLINE void act(size_t m, size_t n, const float *Z, size_t ldz, float *L, size_t ldl,
                          const int use_tanh)
{
    fa_flatten(&m, &n, ldz == n && ldl == n);
#define OP(i, j, full, k)                                                      \
    do {                                                                       \
        VEC z = ld(Z + (i) * ldz + (j), full, k);                              \
        VEC f = use_tanh ? v_tanh(z) : z;                                      \
        st(L + (i) * ldl + (j), v_drop(v_lt(z, v_zero()), f), full, k);       \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

/* D = dtanh(G, Z, T) with T = tanh(Z), or T = the given L. */
static FA_INLINE void dact_tanh(size_t m, size_t n, const float *G, size_t ldg, const float *Z,
                                size_t ldz, const float *L, size_t ldl, float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldl == n && ldd == n);
#define OP(i, j, full, k)                                                      \
    do {                                                                       \
        VEC z = ld(Z + (i) * ldz + (j), full, k);                              \
        VEC t = L ? ld(L + (i) * ldl + (j), full, k) : v_tanh(z);              \
        st(D + (i) * ldd + (j), dtanh(ld(G + (i) * ldg + (j), full, k), z, t), full, k); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void FA_FN(act_tanh_relu_f32)(size_t m, size_t n, const float *Z, size_t ldz, float *L,
                              size_t ldl)
{
    act(m, n, Z, ldz, L, ldl, 1);
}

void FA_FN(dact_tanh_relu_f32)(size_t m, size_t n, const float *G, size_t ldg, const float *Z,
                               size_t ldz, float *D, size_t ldd)
{
    dact_tanh(m, n, G, ldg, Z, ldz, NULL, n, D, ldd);   /* ldl = n: no say in flattening */
}

#ifndef FA_VEC_TANH_ONLY

void FA_FN(act_relu_f32)(size_t m, size_t n, const float *Z, size_t ldz, float *L, size_t ldl)
{
    act(m, n, Z, ldz, L, ldl, 0);
}

void FA_FN(dact_relu_f32)(size_t m, size_t n, const float *G, size_t ldg, const float *Z,
                          size_t ldz, float *D, size_t ldd)
{
    fa_flatten(&m, &n, ldg == n && ldz == n && ldd == n);
#define OP(i, j, full, k)                                                      \
    do {                                                                       \
        MASK keep = v_ge(ld(Z + (i) * ldz + (j), full, k), v_zero());          \
        st(D + (i) * ldd + (j), v_keep(keep, ld(G + (i) * ldg + (j), full, k)), full, k); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void FA_FN(dact_tanh_relu_l_f32)(size_t m, size_t n, const float *G, size_t ldg,
                                 const float *Z, size_t ldz, const float *L, size_t ldl,
                                 float *D, size_t ldd)
{
    dact_tanh(m, n, G, ldg, Z, ldz, L, ldl, D, ldd);
}

void FA_FN(axpy_f32)(size_t m, size_t n, float alpha, const float *X, size_t ldx, float *Y,
                     size_t ldy)
{
    fa_flatten(&m, &n, ldx == n && ldy == n);
    const VEC a = v_set1(alpha);
#define OP(i, j, full, k)                                                      \
    do {                                                                       \
        float *y = Y + (i) * ldy + (j);                                        \
        st(y, v_fma(a, ld(X + (i) * ldx + (j), full, k), ld(y, full, k)), full, k); \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

void FA_FN(scale_f32)(size_t m, size_t n, float alpha, float *X, size_t ldx)
{
    fa_flatten(&m, &n, ldx == n);
    const VEC a = v_set1(alpha);
#define OP(i, j, full, k)                                                      \
    do {                                                                       \
        float *x = X + (i) * ldx + (j);                                        \
        st(x, v_mul(a, ld(x, full, k)), full, k);                              \
    } while (0)
    FOR_EACH_VECTOR(m, n, OP);
#undef OP
}

/* Column sums: CS_G vectors of columns per pass down the rows, each column's
 * sum in one lane; in the last pass some vectors are partial or empty. */
enum { CS_G = 4 };

static FA_INLINE void colsum_pass(size_t m, const float *A, size_t lda, VEC alpha,
                                  float *out, size_t w, const int full)
{
    PART k[CS_G];
    VEC s[CS_G];
#pragma GCC unroll 4
    for (size_t v = 0; v < CS_G; v++) {
        size_t lanes = w > VL * v ? w - VL * v : 0;
        k[v] = v_part(lanes < VL ? lanes : VL);
        s[v] = v_zero();
    }
    for (size_t i = 0; i < m; i++)
#pragma GCC unroll 4
        for (size_t v = 0; v < CS_G; v++)
            s[v] = v_add(s[v], ld(A + i * lda + VL * v, full, k[v]));
#pragma GCC unroll 4
    for (size_t v = 0; v < CS_G; v++)
        st(out + VL * v, v_mul(alpha, s[v]), full, k[v]);
}

void FA_FN(colsum_f32)(size_t m, size_t n, const float *A, size_t lda, float alpha, float *out)
{
    const VEC a = v_set1(alpha);
    size_t j = 0;
    for (; j + CS_G * VL <= n; j += CS_G * VL)
        colsum_pass(m, A + j, lda, a, out + j, CS_G * VL, 1);
    if (j < n)
        colsum_pass(m, A + j, lda, a, out + j, n - j, 0);
}

/* DL floats of x widened to double: all of them when full, else the part's
 * (the other lanes read as +0). */
static FA_INLINE DVEC dld(const float *x, int full, DPART k)
{
    return full ? d_load_f32(x) : d_load_f32_part(x, k);
}

/* Column norms: DL columns at a time in double; each column's sum runs down
 * the rows as in the specification. A missing column has ss = 0 and is not
 * stored. */
static FA_INLINE void colnorm_cols(size_t m, float *W, size_t ldw, DVEC gamma, int full,
                                   DPART k)
{
    DVEC ss = d_zero();
    for (size_t i = 0; i < m; i++) {
        DVEC w = dld(W + i * ldw, full, k);
        ss = d_add(ss, d_mul(w, w));
    }
    DVEC scale = d_if_zero(ss, d_set1(1.0), d_div(gamma, d_sqrt(ss)));
    for (size_t i = 0; i < m; i++) {
        float *w = W + i * ldw;
        DVEC v = d_mul(dld(w, full, k), scale);
        if (full)
            d_store_f32(w, v);
        else
            d_store_f32_part(w, v, k);
    }
}

void FA_FN(colnorm_f32)(size_t m, size_t n, float *W, size_t ldw, double gamma)
{
    const DVEC g = d_set1(gamma);
    size_t j = 0;
    for (; j + DL <= n; j += DL)
        colnorm_cols(m, W + j, ldw, g, 1, d_part(DL));
    if (j < n)
        colnorm_cols(m, W + j, ldw, g, 0, d_part(n - j));
}

/* Frobenius sums: the eight lanes of kernels.h as 8 / DL vectors of doubles,
 * eight columns of a row at a time; the leftover columns of a row fill the
 * low lanes and the others add +0 (a lane sum that starts at +0 is never
 * -0, so adding +0 changes no bit). */
#define FR (8 / DL)

static FA_INLINE void load8d(const float *x, size_t rem, int full, DVEC d[FR])
{
#pragma GCC unroll 4
    for (size_t r = 0; r < FR; r++) {
        size_t lanes = rem > DL * r ? rem - DL * r : 0;
        d[r] = dld(x + DL * r, full, d_part(lanes < DL ? lanes : DL));
    }
}

static FA_INLINE void accum(DVEC s[FR], const DVEC a[FR], const DVEC b[FR])
{
#pragma GCC unroll 4
    for (size_t r = 0; r < FR; r++)
        s[r] = d_add(s[r], d_mul(a[r], b[r]));
}

static FA_INLINE double combine(const DVEC s[FR])
{
    double t[8];
#pragma GCC unroll 4
    for (size_t r = 0; r < FR; r++)
        d_storeu(t + DL * r, s[r]);
    return fa_combine8(t);
}

/* <A, B> into out[0] and, when norms, ||A||^2 and ||B||^2 into out[1..2];
 * inlined with a constant norms, so the dot product alone costs no more. */
static FA_INLINE void frob(size_t m, size_t n, const float *A, size_t lda, const float *B,
                           size_t ldb, const int norms, double out[3])
{
    DVEC ab[FR], aa[FR], bb[FR];
#pragma GCC unroll 4
    for (size_t r = 0; r < FR; r++)
        ab[r] = aa[r] = bb[r] = d_zero();
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j += 8) {
            const int full = j + 8 <= n;
            DVEC a[FR], b[FR];
            load8d(A + i * lda + j, n - j, full, a);
            load8d(B + i * ldb + j, n - j, full, b);
            accum(ab, a, b);
            if (norms) {
                accum(aa, a, a);
                accum(bb, b, b);
            }
        }
    out[0] = combine(ab);
    if (norms) {
        out[1] = combine(aa);
        out[2] = combine(bb);
    }
}

double FA_FN(frob_dot_f32)(size_t m, size_t n, const float *A, size_t lda, const float *B,
                           size_t ldb)
{
    double s[3];
    frob(m, n, A, lda, B, ldb, 0, s);
    return s[0];
}

void FA_FN(frob_sums_f32)(size_t m, size_t n, const float *A, size_t lda, const float *B,
                          size_t ldb, double out[3])
{
    frob(m, n, A, lda, B, ldb, 1, out);
}

#endif /* FA_VEC_TANH_ONLY */
#endif
