/* dispatch.c — the kernel tables of the paths this build has, CPU detection,
 * the FA_KERNEL override, and the bare-named entry points of kernels.h.
 * Compiled without ISA flags, so it runs on any CPU of the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* The slots of path X: every kernel of kernels.h from name_f32_X. */
#define SLOT(ret, name, params, args) .name = FA_CAT(name##_f32, TABLE_PATH),

#define TABLE_PATH scalar
static const kernel_table table_scalar = {.name = "scalar", FA_KERNELS(SLOT)};
#undef TABLE_PATH
#if defined(__x86_64__)
#define TABLE_PATH avx2
static const kernel_table table_avx2 = {.name = "avx2", FA_KERNELS(SLOT)};
/* AVX-512 is AVX2's table with the slots where 512-bit registers pay (GEMM,
 * tanh, sampling) replaced; the memory-bound rest stays AVX2's. The later
 * initialisers override the earlier ones on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const kernel_table table_avx512 = {
    FA_KERNELS(SLOT)
    .name = "avx512",
    .gemm_nn = gemm_nn_f32_avx512,
    .gemm_tn = gemm_tn_f32_avx512,
    .gemm_nt = gemm_nt_f32_avx512,
    .act_tanh_relu = act_tanh_relu_f32_avx512,
    .dact_tanh_relu = dact_tanh_relu_f32_avx512,
    .rand_normal = rand_normal_f32_avx512,
    .rand_signs = rand_signs_f32_avx512,
};
#pragma GCC diagnostic pop
#undef TABLE_PATH
#endif
#if defined(__aarch64__)
#define TABLE_PATH neon
static const kernel_table table_neon = {.name = "neon", FA_KERNELS(SLOT)};
#undef TABLE_PATH
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
#ifdef FA_AVX512_EMULATED   /* test build on SIMDe (make check-avx512-emu): any CPU */
        return &table_avx512;
#endif
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

/* The bare names call the selected path. */
#define RETURN_void
#define RETURN_double return
#define WRAPPER(ret, name, params, args) \
    ret name##_f32 params { RETURN_##ret active->name args; }
FA_KERNELS(WRAPPER)
