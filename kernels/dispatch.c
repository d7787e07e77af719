/* dispatch.c — the kernel tables of the paths this build has, CPU detection,
 * the FA_KERNEL override, and the bare-named entry points of kernels.h.
 * Compiled without ISA flags, so it runs on any CPU of the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define TABLE(X)                                                                \
    {                                                                           \
        #X, gemm_nn_f32_##X, gemm_tn_f32_##X, gemm_nt_f32_##X, act_relu_f32_##X, \
            act_tanh_relu_f32_##X, dact_relu_f32_##X, dact_tanh_relu_f32_##X,   \
            dact_tanh_relu_l_f32_##X, colsum_f32_##X, axpy_f32_##X, scale_f32_##X, \
            colnorm_f32_##X, frob_dot_f32_##X, frob_sums_f32_##X,               \
            rand_normal_f32_##X, rand_signs_f32_##X                             \
    }

static const kernel_table table_scalar = TABLE(scalar);
#if defined(__x86_64__)
static const kernel_table table_avx2 = TABLE(avx2);
/* AVX-512 where it pays (GEMM, tanh, sampling); the memory-bound rest is
 * AVX2's. */
static const kernel_table table_avx512 = {
    .name = "avx512",
    .gemm_nn = gemm_nn_f32_avx512,
    .gemm_tn = gemm_tn_f32_avx512,
    .gemm_nt = gemm_nt_f32_avx512,
    .act_relu = act_relu_f32_avx2,
    .act_tanh_relu = act_tanh_relu_f32_avx512,
    .dact_relu = dact_relu_f32_avx2,
    .dact_tanh_relu = dact_tanh_relu_f32_avx512,
    .dact_tanh_relu_l = dact_tanh_relu_l_f32_avx2,
    .colsum = colsum_f32_avx2,
    .axpy = axpy_f32_avx2,
    .scale = scale_f32_avx2,
    .colnorm = colnorm_f32_avx2,
    .frob_dot = frob_dot_f32_avx2,
    .frob_sums = frob_sums_f32_avx2,
    .rand_normal = rand_normal_f32_avx512,
    .rand_signs = rand_signs_f32_avx512,
};
#endif
#if defined(__aarch64__)
static const kernel_table table_neon = TABLE(neon);
#endif

static const kernel_table *active = &table_scalar;

static const char *const names[KPATH_COUNT] = {"scalar", "avx2", "avx512", "neon"};

const char *kpath_name(kpath path)
{
    return (unsigned)path < KPATH_COUNT ? names[path] : NULL;
}

const kernel_table *kernels_table(kpath path)
{
    switch (path) {
    case KPATH_SCALAR:
        return &table_scalar;
#if defined(__x86_64__)
    case KPATH_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                   ? &table_avx2 : NULL;
    case KPATH_AVX512:   /* libgcc also checks that the OS saves the zmm state */
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                       __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") &&
                       __builtin_cpu_supports("fma")
                   ? &table_avx512 : NULL;
#endif
#if defined(__aarch64__)
    case KPATH_NEON:   /* Advanced SIMD is mandatory on AArch64 */
        return &table_neon;
#endif
    default:
        return NULL;
    }
}

int kernels_init(char *err, size_t errlen)
{
    active = &table_scalar;
    for (int p = KPATH_COUNT - 1; p >= 0; p--)
        if (kernels_table((kpath)p)) {
            active = kernels_table((kpath)p);
            break;
        }
    const char *want = getenv("FA_KERNEL");
    if (!want || !*want || strcmp(want, "auto") == 0)
        return 0;
    for (int p = 0; p < KPATH_COUNT; p++)
        if (strcmp(want, names[p]) == 0) {
            const kernel_table *t = kernels_table((kpath)p);
            if (!t) {
                snprintf(err, errlen,
                         "FA_KERNEL=%s: this CPU or build cannot run the %s path",
                         want, want);
                active = &table_scalar;
                return -1;
            }
            active = t;
            return 0;
        }
    snprintf(err, errlen,
             "FA_KERNEL=%s: unknown kernel path (use scalar, avx2, avx512, neon or auto)",
             want);
    active = &table_scalar;
    return -1;
}

const char *kernels_path(void) { return active->name; }

void gemm_nn_f32(size_t m, size_t n, size_t k, float alpha, const float *A,
                 size_t lda, const float *B, size_t ldb, float beta, float *C,
                 size_t ldc)
{
    active->gemm_nn(m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemm_tn_f32(size_t m, size_t n, size_t k, float alpha, const float *A,
                 size_t lda, const float *B, size_t ldb, float beta, float *C,
                 size_t ldc)
{
    active->gemm_tn(m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemm_nt_f32(size_t m, size_t n, size_t k, float alpha, const float *A,
                 size_t lda, const float *B, size_t ldb, float beta, float *C,
                 size_t ldc)
{
    active->gemm_nt(m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

void act_relu_f32(size_t m, size_t n, const float *Z, size_t ldz, float *L,
                  size_t ldl)
{
    active->act_relu(m, n, Z, ldz, L, ldl);
}

void act_tanh_relu_f32(size_t m, size_t n, const float *Z, size_t ldz, float *L,
                       size_t ldl)
{
    active->act_tanh_relu(m, n, Z, ldz, L, ldl);
}

void dact_relu_f32(size_t m, size_t n, const float *G, size_t ldg,
                   const float *Z, size_t ldz, float *D, size_t ldd)
{
    active->dact_relu(m, n, G, ldg, Z, ldz, D, ldd);
}

void dact_tanh_relu_f32(size_t m, size_t n, const float *G, size_t ldg,
                        const float *Z, size_t ldz, float *D, size_t ldd)
{
    active->dact_tanh_relu(m, n, G, ldg, Z, ldz, D, ldd);
}

void dact_tanh_relu_l_f32(size_t m, size_t n, const float *G, size_t ldg,
                          const float *Z, size_t ldz, const float *L, size_t ldl,
                          float *D, size_t ldd)
{
    active->dact_tanh_relu_l(m, n, G, ldg, Z, ldz, L, ldl, D, ldd);
}

void colsum_f32(size_t m, size_t n, const float *A, size_t lda, float alpha, float *out)
{
    active->colsum(m, n, A, lda, alpha, out);
}

void axpy_f32(size_t m, size_t n, float alpha, const float *X, size_t ldx, float *Y,
              size_t ldy)
{
    active->axpy(m, n, alpha, X, ldx, Y, ldy);
}

void scale_f32(size_t m, size_t n, float alpha, float *X, size_t ldx)
{
    active->scale(m, n, alpha, X, ldx);
}

void colnorm_f32(size_t m, size_t n, float *W, size_t ldw, double gamma)
{
    active->colnorm(m, n, W, ldw, gamma);
}

double frob_dot_f32(size_t m, size_t n, const float *A, size_t lda,
                    const float *B, size_t ldb)
{
    return active->frob_dot(m, n, A, lda, B, ldb);
}

void frob_sums_f32(size_t m, size_t n, const float *A, size_t lda,
                   const float *B, size_t ldb, double out[3])
{
    active->frob_sums(m, n, A, lda, B, ldb, out);
}

void rand_normal_f32(rand_stream *s, size_t n, float *x) { active->rand_normal(s, n, x); }

void rand_signs_f32(rand_stream *s, size_t n, float *x) { active->rand_signs(s, n, x); }
