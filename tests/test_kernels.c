/* test_kernels.c — every kernel on every path this machine can run:
 * bit-equality with the scalar path (the specification) and closeness to a
 * naive double-precision reference, over sizes that straddle every vector
 * and block width, odd leading dimensions and unaligned pointers.
 *
 * Self-contained (kernels.h, Criterion, libm), so that `make check-neon`
 * can cross-build it for AArch64 and run the NEON path under qemu. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

static const size_t sizes[] = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1000};
#define NSIZES (sizeof sizes / sizeof sizes[0])
/* longer k chains (the GEMM keeps each chain in registers over all of k) */
static const size_t long_k[] = {255, 256, 257, 600};
#define NLONGK (sizeof long_k / sizeof long_k[0])

/* ---- test data ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t next_u32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Uniform in [-1, 1), with some exact +0 and -0 so that signed zeros are
 * exercised. */
static float next_value(void)
{
    uint32_t u = next_u32();
    if (u % 61 == 0)
        return (u & 64) ? -0.0f : 0.0f;
    return (float)((double)(u >> 8) / 8388608.0 - 1.0);
}

/* A rows x cols matrix with leading dimension ld, placed `offset` floats
 * into its allocation so that it is deliberately misaligned. Padding holds a
 * sentinel that no kernel may change. */
typedef struct tmat {
    float *base, *v;
    size_t rows, cols, ld, len;
} tmat;

static const float SENTINEL = 1234.5f;

static tmat tmat_new(size_t rows, size_t cols, size_t ld_extra, size_t offset)
{
    tmat m = {0};
    m.rows = rows;
    m.cols = cols;
    m.ld = cols + ld_extra;
    m.len = offset + rows * m.ld + 1;
    m.base = malloc(m.len * sizeof(float));
    cr_assert(m.base);
    for (size_t i = 0; i < m.len; i++)
        m.base[i] = SENTINEL;
    m.v = m.base + offset;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            m.v[i * m.ld + j] = next_value();
    return m;
}

static tmat tmat_clone(const tmat *a)
{
    tmat m = *a;
    m.base = malloc(m.len * sizeof(float));
    cr_assert(m.base);
    memcpy(m.base, a->base, m.len * sizeof(float));
    m.v = m.base + (a->v - a->base);
    return m;
}

static void tmat_free(tmat *m) { free(m->base); }

static int same_bits(const tmat *a, const tmat *b)
{
    return a->len == b->len && memcmp(a->base, b->base, a->len * sizeof(float)) == 0;
}

static const char *what_paths(const kernel_table *t) { return t->name; }

/* The SIMD paths this machine runs (the scalar path is the reference). */
static size_t simd_paths(const kernel_table *out[KPATH_COUNT])
{
    size_t n = 0;
    for (int p = KPATH_SCALAR + 1; p < KPATH_COUNT; p++)
        if (kernels_table((kpath)p))
            out[n++] = kernels_table((kpath)p);
    return n;
}

/* ---- GEMM -------------------------------------------------------------------------- */

typedef enum { NN, TN, NT } form;

static void gemm_call(const kernel_table *t, form f, size_t m, size_t n, size_t k,
                      float alpha, const tmat *A, const tmat *B, float beta, tmat *C)
{
    void (*fn)(size_t, size_t, size_t, float, const float *, size_t, const float *,
               size_t, float, float *, size_t) =
        f == NN ? t->gemm_nn : f == TN ? t->gemm_tn : t->gemm_nt;
    fn(m, n, k, alpha, A->v, A->ld, B->v, B->ld, beta, C->v, C->ld);
}

/* op(A)(i, p) and op(B)(p, j) for the reference. */
static double opa(form f, const tmat *A, size_t i, size_t p)
{
    return f == TN ? A->v[p * A->ld + i] : A->v[i * A->ld + p];
}
static double opb(form f, const tmat *B, size_t p, size_t j)
{
    return f == NT ? B->v[j * B->ld + p] : B->v[p * B->ld + j];
}

static void check_gemm(form f, size_t m, size_t n, size_t k, float alpha, float beta,
                       int garbage_c)
{
    /* shapes of A and B as stored */
    size_t ar = f == TN ? k : m, ac = f == TN ? m : k;
    size_t br = f == NT ? n : k, bc = f == NT ? k : n;
    tmat A = tmat_new(ar, ac, 3, 1), B = tmat_new(br, bc, 5, 2), C0 = tmat_new(m, n, 1, 3);
    if (garbage_c)   /* beta == 0: C must not be read */
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                C0.v[i * C0.ld + j] = (i + j) % 2 ? NAN : INFINITY;

    tmat Cs = tmat_clone(&C0);
    gemm_call(kernels_table(KPATH_SCALAR), f, m, n, k, alpha, &A, &B, beta, &Cs);

    /* the specification against a double reference */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0, mag = 0;
            for (size_t p = 0; p < k; p++) {
                s += opa(f, &A, i, p) * opb(f, &B, p, j);
                mag += fabs(opa(f, &A, i, p) * opb(f, &B, p, j));
            }
            double c0 = C0.v[i * C0.ld + j];
            double ref = alpha * s + (beta != 0 ? beta * c0 : 0);
            double tol = 2e-7 * ((double)k + 4) * (fabs(alpha) * mag + (beta != 0 ? fabs(beta * c0) : 0)) + 1e-30;
            double got = Cs.v[i * Cs.ld + j];
            if (!(fabs(got - ref) <= tol))
                cr_assert_fail("gemm form %d %zux%zux%zu: C[%zu][%zu] = %.9g, reference %.9g", f, m,
                         n, k, i, j, got, ref);
        }

    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        tmat Cp = tmat_clone(&C0);
        gemm_call(paths[q], f, m, n, k, alpha, &A, &B, beta, &Cp);
        if (!same_bits(&Cs, &Cp))
            cr_assert_fail("gemm form %d %zux%zux%zu alpha %g beta %g: %s differs from scalar", f, m,
                     n, k, alpha, beta, what_paths(paths[q]));
        tmat_free(&Cp);
    }
    tmat_free(&A);
    tmat_free(&B);
    tmat_free(&C0);
    tmat_free(&Cs);
}

static void gemm_sweep(form f)
{
    for (size_t i = 0; i < NSIZES; i++) {
        size_t s = sizes[i];
        check_gemm(f, s, 17, 9, 1.0f, 0.0f, 1);
        check_gemm(f, 7, s, 33, 1.5f, 0.5f, 0);
        check_gemm(f, 9, 16, s, -0.75f, 1.0f, 0);
        if (s <= 129)
            check_gemm(f, s, s, s, 1.0f, 0.0f, 0);
    }
    for (size_t i = 0; i < NLONGK; i++) {
        size_t s = long_k[i];
        check_gemm(f, s, 19, 8, 1.0f, 0.0f, 1);
        check_gemm(f, 13, 18, s, 0.5f, -1.0f, 0);
        /* a path may run a long TN k in blocks, parking the partial sums in
         * C when beta == 0 (gemm_tile.h): C starts as garbage here */
        check_gemm(f, 50, 50, s, -0.5f, 0.0f, 1);
    }
    /* Every column count up to 70 and some beyond: all partial last vectors
     * (1 .. 15 lanes of 4, 8 and 16) and the splits into column chunks of
     * every path; every row count up to 50 at the widths of the networks
     * (the tiles' row counts 4 .. 8, and one row less for short matrices). */
    for (size_t n = 1; n <= 70; n++)
        check_gemm(f, 13, n, 7, 1.0f, n % 2 ? 0.0f : 0.5f, n % 2);
    /* the same splits for a large B (k n > 16 384), where a path may cut C
     * into narrower chunks (GMAX_FOR in gemm_tile.h); beta != 0 keeps TN in
     * one k block */
    for (size_t n = 9; n <= 70; n++)
        check_gemm(f, 13, n, 2048, 1.0f, 0.5f, 0);
    static const size_t wide[] = {100, 129, 200, 2049};
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        check_gemm(f, 6, wide[i], 5, 1.0f, 0.0f, 0);
    for (size_t m = 1; m <= 50; m++) {
        check_gemm(f, m, 50, 5, 1.0f, 1.0f, 0);
        check_gemm(f, m, 40, 3, -2.0f, 0.0f, 1);
    }
}

Test(gemm, nn) { gemm_sweep(NN); }
Test(gemm, tn) { gemm_sweep(TN); }
Test(gemm, nt) { gemm_sweep(NT); }

/* The edge cases the contract names: k = 0 and beta = 0 on a NaN-filled C. */
Test(gemm, contract_edges)
{
    float A[1] = {2}, B[1] = {3}, C[4] = {NAN, NAN, 5, 5};
    const kernel_table *t = kernels_table(KPATH_SCALAR);
    t->gemm_nn(1, 2, 0, 1.0f, A, 1, B, 1, 0.0f, C, 2);
    cr_assert(C[0] == 0 && !signbit(C[0]) && C[1] == 0, "k = 0, beta = 0 gives +0");
    t->gemm_nn(1, 2, 0, 1.0f, A, 1, B, 1, 2.0f, C + 2, 2);
    cr_assert(C[2] == 10 && C[3] == 10, "k = 0 keeps beta C");
}

/* ---- elementwise ---------------------------------------------------------------------- */

typedef void (*act_fn)(size_t, size_t, const float *, size_t, float *, size_t);
typedef void (*dact_fn)(size_t, size_t, const float *, size_t, const float *, size_t,
                        float *, size_t);

/* Z values that matter to the masks: mostly [-4, 4), plus +-0 and NaN. */
static void fill_z(tmat *Z)
{
    for (size_t i = 0; i < Z->rows; i++)
        for (size_t j = 0; j < Z->cols; j++) {
            float *z = &Z->v[i * Z->ld + j];
            uint32_t u = next_u32() % 41;
            *z = u == 0 ? 0.0f : u == 1 ? -0.0f : u == 2 ? NAN : 4 * *z;
        }
}

static double ref_act(int tanh_relu, double z)
{
    if (isnan(z))
        return NAN;
    if (z < 0)
        return 0;
    return tanh_relu ? tanh(z) : z;
}

static double ref_dact(int tanh_relu, double g, double z)
{
    if (tanh_relu)
        return z > 0 ? g * (1 - tanh(z) * tanh(z)) : 0;
    return z >= 0 ? g : 0;
}

/* Leading-dimension padding of the elementwise tests: with pad == 0 every
 * matrix is contiguous (the SIMD paths then run over it as one long row). */
static size_t ldx(int pad, size_t extra) { return pad ? extra : 0; }

static void check_act(int tanh_relu, size_t m, size_t n, int pad)
{
    tmat Z = tmat_new(m, n, ldx(pad, 3), 1);
    fill_z(&Z);
    tmat Ls = tmat_new(m, n, ldx(pad, 2), 3);
    const kernel_table *s = kernels_table(KPATH_SCALAR);
    (tanh_relu ? s->act_tanh_relu : s->act_relu)(m, n, Z.v, Z.ld, Ls.v, Ls.ld);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double z = Z.v[i * Z.ld + j], got = Ls.v[i * Ls.ld + j], ref = ref_act(tanh_relu, z);
            if (isnan(ref))
                cr_assert(isnan(got), "act(NaN) must stay NaN");
            else
                cr_assert(fabs(got - ref) <= 2e-7 * fabs(ref) + 1e-30,
                          "act(%g) = %.9g, reference %.9g", z, got, ref);
            if (z == 0 && !tanh_relu)
                cr_assert(signbit(got) == signbit(z), "relu keeps the sign of zero");
        }
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        tmat Lp = tmat_new(m, n, ldx(pad, 2), 3);
        (tanh_relu ? paths[q]->act_tanh_relu : paths[q]->act_relu)(m, n, Z.v, Z.ld, Lp.v, Lp.ld);
        cr_assert(same_bits(&Ls, &Lp), "act %s %zux%zu differs from scalar", paths[q]->name, m, n);
        /* in place (L == Z) gives the same bits */
        tmat Zi = tmat_clone(&Z);
        (tanh_relu ? paths[q]->act_tanh_relu : paths[q]->act_relu)(m, n, Zi.v, Zi.ld, Zi.v, Zi.ld);
        for (size_t i = 0; i < m; i++)
            cr_assert(memcmp(Zi.v + i * Zi.ld, Ls.v + i * Ls.ld, n * sizeof(float)) == 0,
                      "in-place act %s differs", paths[q]->name);
        tmat_free(&Zi);
        tmat_free(&Lp);
    }
    tmat_free(&Z);
    tmat_free(&Ls);
}

/* The derivative products: RELU and TANH_RELU recompute from Z, TANH_RELU_L
 * takes L = act_tanh_relu(Z). */
enum { RELU, TANH_RELU, TANH_RELU_L };

static void call_dact(const kernel_table *t, int kind, size_t m, size_t n, const tmat *G,
                      const tmat *Z, const tmat *L, tmat *D)
{
    if (kind == RELU)
        t->dact_relu(m, n, G->v, G->ld, Z->v, Z->ld, D->v, D->ld);
    else if (kind == TANH_RELU)
        t->dact_tanh_relu(m, n, G->v, G->ld, Z->v, Z->ld, D->v, D->ld);
    else
        t->dact_tanh_relu_l(m, n, G->v, G->ld, Z->v, Z->ld, L->v, L->ld, D->v, D->ld);
}

static void check_dact(int kind, size_t m, size_t n, int pad)
{
    tmat Z = tmat_new(m, n, ldx(pad, 1), 2), G = tmat_new(m, n, ldx(pad, 4), 1);
    tmat L = tmat_new(m, n, ldx(pad, 3), 2);
    fill_z(&Z);
    if (m && n)
        G.v[0] = INFINITY;   /* masked entries are +0 even for infinite g */
    const kernel_table *s = kernels_table(KPATH_SCALAR);
    s->act_tanh_relu(m, n, Z.v, Z.ld, L.v, L.ld);
    tmat Ds = tmat_new(m, n, ldx(pad, 2), 0);
    call_dact(s, kind, m, n, &G, &Z, &L, &Ds);
    int tanh_relu = kind != RELU;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double z = Z.v[i * Z.ld + j], g = G.v[i * G.ld + j];
            double got = Ds.v[i * Ds.ld + j], ref = ref_dact(tanh_relu, g, z);
            int masked = tanh_relu ? !(z > 0) : !(z >= 0);
            if (masked)
                cr_assert(got == 0 && !signbit(got), "masked entries are +0");
            else if (isinf(g))
                cr_assert(isinf(got) || isnan(got));
            else
                cr_assert(fabs(got - ref) <= 4e-7 * fabs(g) + 1e-30,
                          "dact(g=%g, z=%g) = %.9g, reference %.9g", g, z, got, ref);
        }
    if (kind == TANH_RELU_L) {   /* the same bits as recomputing tanh from Z */
        tmat Dz = tmat_new(m, n, ldx(pad, 2), 0);
        call_dact(s, TANH_RELU, m, n, &G, &Z, &L, &Dz);
        cr_assert(same_bits(&Ds, &Dz), "dact from L differs from dact from Z, %zux%zu", m, n);
        tmat_free(&Dz);
    }
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        tmat Dp = tmat_new(m, n, ldx(pad, 2), 0);
        call_dact(paths[q], kind, m, n, &G, &Z, &L, &Dp);
        cr_assert(same_bits(&Ds, &Dp), "dact %s %zux%zu differs from scalar", paths[q]->name, m, n);
        tmat Gi = tmat_clone(&G);   /* in place, D == G */
        call_dact(paths[q], kind, m, n, &Gi, &Z, &L, &Gi);
        for (size_t i = 0; i < m; i++)
            cr_assert(memcmp(Gi.v + i * Gi.ld, Ds.v + i * Ds.ld, n * sizeof(float)) == 0,
                      "in-place dact %s differs", paths[q]->name);
        tmat_free(&Gi);
        tmat_free(&Dp);
    }
    tmat_free(&Z);
    tmat_free(&G);
    tmat_free(&L);
    tmat_free(&Ds);
}

static void elementwise_sweep(void (*check)(int, size_t, size_t, int), int variant)
{
    for (int pad = 0; pad <= 1; pad++)
        for (size_t i = 0; i < NSIZES; i++) {
            check(variant, 3, sizes[i], pad);
            check(variant, sizes[i], 5, pad);
        }
}

Test(elementwise, relu) { elementwise_sweep(check_act, 0); }
Test(elementwise, tanh_relu) { elementwise_sweep(check_act, 1); }
Test(elementwise, relu_derivative) { elementwise_sweep(check_dact, RELU); }
Test(elementwise, tanh_relu_derivative) { elementwise_sweep(check_dact, TANH_RELU); }
Test(elementwise, tanh_relu_derivative_from_l) { elementwise_sweep(check_dact, TANH_RELU_L); }

/* ---- axpy and column sums ------------------------------------------------------------ */

/* Y = alpha X + Y (axpy, scale == 0) or Y = alpha Y (scale == 1). */
static void call_axpy(const kernel_table *t, int scale, size_t m, size_t n, float alpha,
                      const tmat *X, tmat *Y)
{
    if (scale)
        t->scale(m, n, alpha, Y->v, Y->ld);
    else
        t->axpy(m, n, alpha, X->v, X->ld, Y->v, Y->ld);
}

static void check_axpy(int scale, size_t m, size_t n, int pad)
{
    tmat X = tmat_new(m, n, ldx(pad, 2), 1), Y = tmat_new(m, n, ldx(pad, 3), 2);
    const float alpha = -0.3f;
    tmat Ys = tmat_clone(&Y);
    call_axpy(kernels_table(KPATH_SCALAR), scale, m, n, alpha, &X, &Ys);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double y = Y.v[i * Y.ld + j];
            double ref = scale ? alpha * y : (double)alpha * X.v[i * X.ld + j] + y;
            cr_assert(fabs(Ys.v[i * Ys.ld + j] - ref) <= 6e-8 * fabs(ref) + 1e-38,
                      "%s %zux%zu at (%zu, %zu)", scale ? "scale" : "axpy", m, n, i, j);
        }
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        tmat Yp = tmat_clone(&Y);
        call_axpy(paths[q], scale, m, n, alpha, &X, &Yp);
        cr_assert(same_bits(&Ys, &Yp), "%s %s %zux%zu differs from scalar",
                  scale ? "scale" : "axpy", paths[q]->name, m, n);
        tmat_free(&Yp);
    }
    tmat_free(&X);
    tmat_free(&Y);
    tmat_free(&Ys);
}

Test(axpy, axpy) { elementwise_sweep(check_axpy, 0); }
Test(axpy, scale) { elementwise_sweep(check_axpy, 1); }

static void check_colsum(size_t m, size_t n)
{
    tmat A = tmat_new(m, n, 3, 1);
    const float alpha = 0.75f;
    /* out[0..n-1] plus a sentinel that must stay untouched */
    float *os = malloc((n + 1) * sizeof(float)), *op = malloc((n + 1) * sizeof(float));
    cr_assert(os && op);
    os[n] = op[n] = SENTINEL;
    kernels_table(KPATH_SCALAR)->colsum(m, n, A.v, A.ld, alpha, os);
    for (size_t j = 0; j < n; j++) {
        double ref = 0, mag = 0;
        for (size_t i = 0; i < m; i++) {
            ref += A.v[i * A.ld + j];
            mag += fabs(A.v[i * A.ld + j]);
        }
        cr_assert(fabs(os[j] - alpha * ref) <= 1.2e-7 * ((double)m + 2) * mag + 1e-30,
                  "colsum %zux%zu column %zu: %.9g, reference %.9g", m, n, j, os[j], alpha * ref);
        if (m == 0)
            cr_assert(os[j] == 0 && !signbit(os[j]), "an empty column sums to +0");
    }
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        paths[q]->colsum(m, n, A.v, A.ld, alpha, op);
        cr_assert(memcmp(os, op, (n + 1) * sizeof(float)) == 0,
                  "colsum %s %zux%zu differs from scalar", paths[q]->name, m, n);
    }
    free(os);
    free(op);
    tmat_free(&A);
}

Test(colsum, sizes)
{
    for (size_t i = 0; i < NSIZES; i++) {
        check_colsum(sizes[i], 50);
        check_colsum(7, sizes[i]);
    }
    check_colsum(1000, 100);
}

/* ---- column renormalisation ---------------------------------------------------------- */

static void check_colnorm(size_t m, size_t n, double gamma)
{
    tmat W = tmat_new(m, n, 3, 1);
    if (n > 1)   /* one all-zero column must be left alone */
        for (size_t i = 0; i < m; i++)
            W.v[i * W.ld + n / 2] = (i % 2) ? 0.0f : -0.0f;
    tmat Ws = tmat_clone(&W);
    kernels_table(KPATH_SCALAR)->colnorm(m, n, Ws.v, Ws.ld, gamma);
    for (size_t j = 0; j < n && m > 0; j++) {
        double ss = 0, ss0 = 0;
        for (size_t i = 0; i < m; i++) {
            ss += (double)Ws.v[i * Ws.ld + j] * Ws.v[i * Ws.ld + j];
            ss0 += (double)W.v[i * W.ld + j] * W.v[i * W.ld + j];
        }
        if (ss0 == 0)
            for (size_t i = 0; i < m; i++)
                cr_assert(memcmp(&Ws.v[i * Ws.ld + j], &W.v[i * W.ld + j], sizeof(float)) == 0,
                          "a zero column is left unchanged");
        else
            cr_assert(fabs(sqrt(ss) - gamma) <= 1e-6 * gamma, "column %zu has norm %.9g, not %g",
                      j, sqrt(ss), gamma);
    }
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        tmat Wp = tmat_clone(&W);
        paths[q]->colnorm(m, n, Wp.v, Wp.ld, gamma);
        cr_assert(same_bits(&Ws, &Wp), "colnorm %s %zux%zu differs from scalar", paths[q]->name,
                  m, n);
        tmat_free(&Wp);
    }
    tmat_free(&W);
    tmat_free(&Ws);
}

Test(colnorm, sizes)
{
    for (size_t i = 0; i < NSIZES; i++) {
        check_colnorm(sizes[i], 7, 1.0);
        check_colnorm(9, sizes[i], 0.6);
    }
    check_colnorm(50, 50, 7.07);
}

/* ---- Frobenius reductions -------------------------------------------------------------- */

static void check_frob(size_t m, size_t n)
{
    tmat A = tmat_new(m, n, 3, 1), B = tmat_new(m, n, 1, 3);
    const kernel_table *s = kernels_table(KPATH_SCALAR);
    double sums[3], dot = s->frob_dot(m, n, A.v, A.ld, B.v, B.ld);
    s->frob_sums(m, n, A.v, A.ld, B.v, B.ld, sums);
    long double ref[3] = {0, 0, 0}, mag = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            long double a = A.v[i * A.ld + j], b = B.v[i * B.ld + j];
            ref[0] += a * b;
            ref[1] += a * a;
            ref[2] += b * b;
            mag += fabsl(a * b);
        }
    cr_assert(memcmp(&dot, &sums[0], sizeof dot) == 0, "frob_dot equals frob_sums[0]");
    cr_assert(fabsl(sums[0] - ref[0]) <= 1e-15L * (m * n + 8) * mag + 1e-300L, "dot");
    cr_assert(fabsl(sums[1] - ref[1]) <= 1e-15L * (m * n + 8) * ref[1] + 1e-300L, "|A|^2");
    cr_assert(fabsl(sums[2] - ref[2]) <= 1e-15L * (m * n + 8) * ref[2] + 1e-300L, "|B|^2");
    if (m == 0 || n == 0)
        cr_assert(sums[0] == 0 && sums[1] == 0 && sums[2] == 0, "empty sums are 0");
    const kernel_table *paths[KPATH_COUNT];
    size_t np = simd_paths(paths);
    for (size_t q = 0; q < np; q++) {
        double ps[3], pd = paths[q]->frob_dot(m, n, A.v, A.ld, B.v, B.ld);
        paths[q]->frob_sums(m, n, A.v, A.ld, B.v, B.ld, ps);
        cr_assert(memcmp(ps, sums, sizeof ps) == 0 && memcmp(&pd, &dot, sizeof pd) == 0,
                  "frob %s %zux%zu differs from scalar", paths[q]->name, m, n);
    }
    tmat_free(&A);
    tmat_free(&B);
}

Test(frobenius, sizes)
{
    for (size_t i = 0; i < NSIZES; i++) {
        check_frob(3, sizes[i]);
        check_frob(sizes[i], 9);
        if (sizes[i] <= 129)
            check_frob(sizes[i], sizes[i]);
    }
}

/* ---- dispatch -------------------------------------------------------------------------- */

Test(dispatch, forced_path_and_errors)
{
    char err[256];
    setenv("FA_KERNEL", "scalar", 1);
    cr_assert(kernels_init(err, sizeof err) == 0);
    cr_assert_str_eq(kernels_path(), "scalar");

    setenv("FA_KERNEL", "sse9", 1);
    cr_assert(kernels_init(err, sizeof err) == -1);
    cr_assert(strstr(err, "unknown kernel path") != NULL, "message: %s", err);

    for (int p = 0; p < KPATH_COUNT; p++) {
        setenv("FA_KERNEL", kpath_name((kpath)p), 1);
        int rc = kernels_init(err, sizeof err);
        if (kernels_table((kpath)p)) {
            cr_assert(rc == 0);
            cr_assert_str_eq(kernels_path(), kpath_name((kpath)p));
        } else {
            cr_assert(rc == -1 && strstr(err, "cannot run") != NULL, "message: %s", err);
        }
    }
    unsetenv("FA_KERNEL");
    cr_assert(kernels_init(err, sizeof err) == 0);
    cr_assert(kernels_table(KPATH_COUNT) == NULL);
}

/* ---- Gaussian sampler ---------------------------------------------------------------- */

/* The stream's words are SplitMix64's outputs, written here the sequential
 * way (state += gamma; mix), independently of the counter formula. */
Test(rand, words_are_splitmix64)
{
    uint64_t seed = 0x0123456789abcdefULL, state = seed;
    rand_stream s = rand_stream_make(seed);
    for (int c = 0; c < 1000; c++) {
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        cr_assert(rand_word(&s) == z, "word %d", c);
    }
}

/* Fill lengths that straddle every vector width, odd ones (a half-word left
 * unused) and a long one that reaches the slow path hundreds of times,
 * tail included: same bits and same stream state as the scalar path. */
Test(rand, paths_agree)
{
    static const size_t lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 600, 100001};
    const kernel_table *simd[KPATH_COUNT];
    size_t np = simd_paths(simd);
    size_t total = 0;
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
        total += lens[i];
    float *want = malloc(total * sizeof *want), *got = malloc(total * sizeof *got);
    cr_assert(want && got);
    rand_stream ref = rand_stream_make(42);
    const kernel_table *scalar = kernels_table(KPATH_SCALAR);
    for (size_t i = 0, t = 0; i < sizeof lens / sizeof lens[0]; t += lens[i++])
        scalar->rand_normal(&ref, lens[i], want + t);
    cr_assert(ref.spare_next > 1000, "the slow path ran only %llu spare words",
              (unsigned long long)ref.spare_next);
    for (size_t p = 0; p < np; p++) {
        rand_stream s = rand_stream_make(42);
        for (size_t i = 0, t = 0; i < sizeof lens / sizeof lens[0]; t += lens[i++])
            simd[p]->rand_normal(&s, lens[i], got + t);
        cr_assert(memcmp(want, got, total * sizeof *got) == 0, "%s differs from scalar",
                  what_paths(simd[p]));
        cr_assert(s.next == ref.next && s.spare_next == ref.spare_next,
                  "%s leaves the stream elsewhere", what_paths(simd[p]));
    }
    for (size_t t = 0; t < total; t++)
        cr_assert(isfinite(want[t]) && fabsf(want[t]) < 10.0f, "sample %zu = %g", t, want[t]);
    free(want);
    free(got);
}

/* On every path, splitting a fill at an even length continues the same
 * samples: at 34 (inside the first vectors) and at 514 (past the AVX2 and
 * AVX-512 rounds of 512 samples). */
Test(rand, fills_compose)
{
    static const size_t splits[] = {34, 514};
    const kernel_table *all[KPATH_COUNT + 1];
    size_t np = simd_paths(all + 1) + 1;
    all[0] = kernels_table(KPATH_SCALAR);
    for (size_t p = 0; p < np; p++)
        for (size_t i = 0; i < sizeof splits / sizeof splits[0]; i++) {
            float a[1100], b[1100];
            rand_stream s = rand_stream_make(7), r = rand_stream_make(7);
            all[p]->rand_normal(&s, 1100, a);
            all[p]->rand_normal(&r, splits[i], b);
            all[p]->rand_normal(&r, 1100 - splits[i], b + splits[i]);
            cr_assert(memcmp(a, b, sizeof a) == 0, "%s: split at %zu", what_paths(all[p]),
                      splits[i]);
            cr_assert(s.next == r.next && s.spare_next == r.spare_next, "%s: stream state",
                      what_paths(all[p]));
        }
}

/* Signs: bit t % 64 of word t / 64, set = +1; every path, lengths around
 * the word and vector widths, several calls in a row. */
Test(rand, signs)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 450, 1200};
    const kernel_table *all[KPATH_COUNT + 1];
    size_t np = simd_paths(all + 1) + 1;
    all[0] = kernels_table(KPATH_SCALAR);
    for (size_t p = 0; p < np; p++) {
        rand_stream s = rand_stream_make(99), words = rand_stream_make(99);
        for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            float x[1200];
            all[p]->rand_signs(&s, lens[i], x);
            uint64_t w = 0;
            for (size_t t = 0; t < lens[i]; t++) {
                if (t % 64 == 0)
                    w = rand_word(&words);
                float want = (w >> (t % 64)) & 1 ? 1.0f : -1.0f;
                cr_assert(x[t] == want, "%s: length %zu, element %zu", what_paths(all[p]),
                          lens[i], t);
            }
        }
        cr_assert(s.next == words.next, "%s: words used", what_paths(all[p]));
    }
}
