/* bench.c — `make bench`: how fast the kernels are, reported, never asserted.
 *
 * 1. The machine: CPU, compiler, flags, date, commit, threads.
 * 2. The measured single-core FP32 FMA peak (AVX2, and AVX-512 when present),
 *    from a loop of independent FMAs; "% of peak" below is of the AVX2 peak.
 * 3. Single-threaded float32 GEMM in the shapes and forms the rs21 deep MNIST
 *    network (225-w-w-w-w-w, batch 1000) uses, for every kernel path this
 *    build and CPU can run and for OpenBLAS. Every path is first checked
 *    against the scalar specification (bits must be identical; OpenBLAS
 *    within a rounding-error bound).
 * 4. One FA training epoch of that network per path, on synthetic data of
 *    MNIST's shape, against the time its GEMM FLOPs need at the AVX2 peak.
 */
#include <cblas.h>
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "codes.h"
#include "kernels.h"
#include "mat.h"
#include "net.h"
#include "rng.h"
#include "util.h"

#define SEED 20240601u

static volatile double sink;   /* keeps the compiler from dropping results */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n values (sorts them). */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---- OpenBLAS's sgemm ----------------------------------------------------------
 *
 * The link line also has GSL's reference CBLAS (-lgslcblas, from pkg-config
 * gsl), which defines cblas_sgemm too; whichever library comes first wins.
 * So take OpenBLAS's cblas_sgemm from OpenBLAS itself and say so when the
 * linked one is a different function. */
static __typeof__(cblas_sgemm) *blas_sgemm = cblas_sgemm;
static char blas_note[256] = "";

static void *symbol_in(const char *lib, const char *name)
{
    void *h = dlopen(lib, RTLD_LAZY | RTLD_LOCAL);
    return h ? dlsym(h, name) : NULL;   /* h stays open: we keep using it */
}

static void blas_resolve(void)
{
    _Static_assert(sizeof(void *) == sizeof blas_sgemm, "dlsym result size");
    void *sym = symbol_in("libopenblas.so.0", "cblas_sgemm");
    if (!sym)
        sym = symbol_in("libopenblas.so", "cblas_sgemm");
    if (!sym) {
        snprintf(blas_note, sizeof blas_note,
                 "WARNING: libopenblas not found by dlopen; using the linked "
                 "cblas_sgemm, which may not be OpenBLAS's");
        return;
    }
    memcpy(&blas_sgemm, &sym, sizeof sym);   /* POSIX: void * -> function */
    if (blas_sgemm != cblas_sgemm) {
        void *gsl = symbol_in("libgslcblas.so.0", "cblas_sgemm");
        __typeof__(cblas_sgemm) *g = NULL;
        if (gsl)
            memcpy(&g, &gsl, sizeof gsl);
        snprintf(blas_note, sizeof blas_note,
                 "note: the linked cblas_sgemm is %s, not OpenBLAS's; "
                 "OpenBLAS's is called through dlsym",
                 g == cblas_sgemm ? "GSL's (libgslcblas precedes -lopenblas)"
                                  : "another library's");
    }
}

/* ---- 1. the machine --------------------------------------------------------- */

static void strip_newline(char *s) { s[strcspn(s, "\r\n")] = '\0'; }

static void cpu_model(char *out, size_t len)
{
    snprintf(out, len, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
            char *v = strchr(line, ':') + 1;
            v += strspn(v, " \t");
            strip_newline(v);
            snprintf(out, len, "%s", v);
            break;
        }
    fclose(f);
}

/* First line of a shell command's output, or "unknown". */
static void command_line(const char *cmd, char *out, size_t len)
{
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(out, (int)len, p))
        *out = '\0';
    strip_newline(out);
    if (!*out)
        snprintf(out, len, "unknown");
    if (p)
        pclose(p);
}

/* The flags GCC recorded (DW_AT_producer, present with -g) for the compile
 * units whose name ends in `unit`. GCC leaves out -D, -I and -W options. */
static int producer_of(const char *unit, char *out, size_t len)
{
    /* our own binary: /proc/self inside popen would be the shell's */
    char cmd[128];
    snprintf(cmd, sizeof cmd,
             "readelf --debug-dump=info --dwarf-depth=1 /proc/%ld/exe 2>/dev/null",
             (long)getpid());
    FILE *p = popen(cmd, "r");
    if (!p)
        return 0;
    char line[1024], prod[1024] = "";
    int found = 0;
    while (!found && fgets(line, sizeof line, p)) {
        strip_newline(line);
        if (strstr(line, "DW_AT_producer")) {
            /* "... DW_AT_producer : (indirect string, offset: 0x..): GNU C11 ..." */
            char *v = strstr(line, "GNU ");
            snprintf(prod, sizeof prod, "%s", v ? v : "");
        } else if (strstr(line, "DW_AT_name")) {
            size_t n = strlen(line), u = strlen(unit);
            if (n >= u && strcmp(line + n - u, unit) == 0 && *prod) {
                snprintf(out, len, "%s", prod);
                found = 1;
            }
        }
    }
    while (fgets(line, sizeof line, p))   /* drain, so readelf exits cleanly */
        ;
    pclose(p);
    return found;
}

static void print_header(void)
{
    char cpu[256], flags[1024], commit[64], date[64];
    cpu_model(cpu, sizeof cpu);
#ifdef FA_ROOT
    command_line("git -C '" FA_ROOT "' rev-parse --short HEAD 2>/dev/null", commit,
                 sizeof commit);
#else
    command_line("git rev-parse --short HEAD 2>/dev/null", commit, sizeof commit);
#endif
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", localtime(&t));

    printf("fa bench — kernel paths, OpenBLAS and a training epoch (float32)\n");
    printf("  cpu       %s\n", cpu);
    printf("  compiler  gcc %s\n", __VERSION__);
    if (producer_of("bench/bench.c", flags, sizeof flags))
        printf("  flags     bench.c:     %s\n", flags);
    else
        printf("  flags     (not recorded: build without -g)%s\n",
#ifdef __OPTIMIZE__
               ", optimised"
#else
               ", NOT optimised"
#endif
        );
    if (producer_of("kernels/gemm_avx2.c", flags, sizeof flags))
        printf("            gemm_avx2.c: %s\n", flags);
#ifdef __FAST_MATH__
    printf("  WARNING   built with -ffast-math: results are not the specification\n");
#endif
    printf("  date      %s\n", date);
    printf("  commit    %s\n", commit);
    printf("  threads   1 (our kernels are single-threaded; OpenBLAS set to 1)\n");
    printf("  openblas  %s (core %s)\n", openblas_get_config(), openblas_get_corename());
    if (*blas_note)
        printf("            %s\n", blas_note);
    printf("  paths    ");
    for (int p = 0; p < KPATH_COUNT; p++)
        printf(" %s%s", kpath_name((kpath)p), kernels_table((kpath)p) ? "" : " (n/a)");
    printf("\n\n");
}

/* ---- 2. FMA peak -------------------------------------------------------------
 *
 * acc = fma(acc, x, y) on independent accumulators: enough of them to cover
 * FMA latency x the number of FMA pipes, so the loop is throughput-bound.
 * x < 1 keeps every value finite and normal (it converges to y / (1 - x)).
 * Distinct starting values stop the compiler from merging the chains. */

#if defined(__x86_64__)
#define A8(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7)
#define A12(M) A8(M) M(8) M(9) M(10) M(11)
#define A24(M) A12(M) M(12) M(13) M(14) M(15) M(16) M(17) M(18) M(19) M(20) \
    M(21) M(22) M(23)

enum { ACC_AVX2 = 12, ACC_AVX512 = 24 };

__attribute__((target("avx2,fma"), noinline))
static float fma_loop_avx2(size_t iters, float x, float y)
{
    __m256 vx = _mm256_set1_ps(x), vy = _mm256_set1_ps(y);
#define DECL(i) __m256 a##i = _mm256_set1_ps(0.01f * (float)(i));
#define STEP(i) a##i = _mm256_fmadd_ps(a##i, vx, vy);
#define SUM(i) s = _mm256_add_ps(s, a##i);
    A12(DECL)
    for (size_t it = 0; it < iters; it++) {
        A12(STEP)
    }
    __m256 s = _mm256_setzero_ps();
    A12(SUM)
    float lanes[8];
    _mm256_storeu_ps(lanes, s);
    return lanes[0] + lanes[7];
#undef DECL
#undef STEP
#undef SUM
}

__attribute__((target("avx512f"), noinline))
static float fma_loop_avx512(size_t iters, float x, float y)
{
    __m512 vx = _mm512_set1_ps(x), vy = _mm512_set1_ps(y);
#define DECL(i) __m512 a##i = _mm512_set1_ps(0.01f * (float)(i));
#define STEP(i) a##i = _mm512_fmadd_ps(a##i, vx, vy);
#define SUM(i) s = _mm512_add_ps(s, a##i);
    A24(DECL)
    for (size_t it = 0; it < iters; it++) {
        A24(STEP)
    }
    __m512 s = _mm512_setzero_ps();
    A24(SUM)
    return _mm512_reduce_add_ps(s);
#undef DECL
#undef STEP
#undef SUM
}

/* GFLOP/s of one of the loops: median of 7 timed runs of ~40 ms. */
static double fma_peak(float (*loop)(size_t, float, float), size_t flops_per_iter)
{
    size_t iters = 1u << 16;
    double t;
    for (;;) {   /* calibrate; also warms the core up */
        double t0 = now();
        sink = loop(iters, 0.999999f, 1e-3f);
        t = now() - t0;
        if (t > 0.02)
            break;
        iters *= 2;
    }
    iters = (size_t)((double)iters * 0.04 / t) + 1;
    double g[7];
    for (size_t r = 0; r < 7; r++) {
        double t0 = now();
        sink = loop(iters, 0.999999f, 1e-3f);
        g[r] = (double)iters * (double)flops_per_iter / (now() - t0) * 1e-9;
    }
    return median(g, 7);
}
#endif

/* The AVX2 FMA peak in GFLOP/s, or 0 when it cannot be measured. */
static double measure_peaks(void)
{
    double avx2 = 0.0;
    printf("Single-core FP32 FMA peak (measured; 2 flops per FMA lane, median of 7)\n");
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        avx2 = fma_peak(fma_loop_avx2, (size_t)ACC_AVX2 * 8 * 2);
        printf("  AVX2+FMA  %2d x ymm FMA chains    %8.1f GFLOP/s   <- %% of peak below\n",
               ACC_AVX2, avx2);
    } else {
        printf("  AVX2+FMA  not supported by this CPU\n");
    }
    if (__builtin_cpu_supports("avx512f")) {
        double z = fma_peak(fma_loop_avx512, (size_t)ACC_AVX512 * 16 * 2);
        printf("  AVX-512F  %2d x zmm FMA chains    %8.1f GFLOP/s\n", ACC_AVX512, z);
    } else {
        printf("  AVX-512F  not supported by this CPU\n");
    }
#else
    printf("  (not measured on this architecture)\n");
#endif
    printf("\n");
    return avx2;
}

/* ---- 3. GEMM ------------------------------------------------------------------ */

typedef void (*gemm_fn)(size_t, size_t, size_t, float, const float *, size_t,
                        const float *, size_t, float, float *, size_t);

enum form { NN, TN, NT };
static const char *const form_name[] = {"nn", "tn", "nt"};

/* OpenBLAS in the same three forms, row-major, same leading dimensions. */
static void blas_gemm(enum form f, size_t m, size_t n, size_t k, float alpha,
                      const float *A, size_t lda, const float *B, size_t ldb,
                      float beta, float *C, size_t ldc)
{
    blas_sgemm(CblasRowMajor, f == TN ? CblasTrans : CblasNoTrans,
               f == NT ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,
               (blasint)k, alpha, A, (blasint)lda, B, (blasint)ldb, beta, C,
               (blasint)ldc);
}
#define BLAS_FORM(F, f)                                                              \
    static void blas_##f(size_t m, size_t n, size_t k, float alpha, const float *A, \
                         size_t lda, const float *B, size_t ldb, float beta,        \
                         float *C, size_t ldc)                                      \
    {                                                                               \
        blas_gemm(F, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);                 \
    }
BLAS_FORM(NN, nn)
BLAS_FORM(TN, tn)
BLAS_FORM(NT, nt)

typedef struct gemm_case {
    const char *use;
    enum form form;
    size_t m, n, k;
    float beta;        /* 1 where the training starts C from the bias */
    size_t lda, ldb;   /* derived from the form */
    const float *A, *B;
    float *C;
} gemm_case;

static gemm_fn table_fn(const kernel_table *t, enum form f)
{
    return f == NN ? t->gemm_nn : f == TN ? t->gemm_tn : t->gemm_nt;
}

static gemm_fn blas_fn(enum form f) { return f == NN ? blas_nn : f == TN ? blas_tn : blas_nt; }

static void call(gemm_fn fn, const gemm_case *c, float *C)
{
    fn(c->m, c->n, c->k, 1.0f, c->A, c->lda, c->B, c->ldb, c->beta, C, c->n);
}

static double time_calls(gemm_fn fn, const gemm_case *c, size_t calls)
{
    double t0 = now();
    for (size_t i = 0; i < calls; i++)
        call(fn, c, c->C);
    return now() - t0;
}

enum { MEASUREMENTS = 5 };

/* Seconds per call: median of MEASUREMENTS measurements of >= min_s each.
 * Repeated calls with beta = 1 keep adding to C: the values grow linearly,
 * far from overflow, and the speed does not depend on them. */
static double time_gemm(gemm_fn fn, const gemm_case *c, double min_s)
{
    size_t calls = 1;
    double t = time_calls(fn, c, 1);   /* also the warm-up */
    while (t < min_s / 8) {
        calls *= 2;
        t = time_calls(fn, c, calls);
    }
    calls = t >= min_s ? calls : (size_t)ceil((double)calls * min_s / t);
    double per[MEASUREMENTS];
    for (size_t r = 0; r < MEASUREMENTS; r++)
        per[r] = time_calls(fn, c, calls) / (double)calls;
    return median(per, MEASUREMENTS);
}

static void fill_uniform(float *x, size_t n, gsl_rng *r)
{
    mat v = {1, n, n, x};
    mat_uniform(v, r, -1.0, 1.0);
}

/* OpenBLAS against the scalar result: |C_blas - C_scalar| <= bound, with
 * bound = 2 (k+2) u (|A||B| + |beta C0|) elementwise, u = 2^-24 — twice the
 * classical error bound of a dot product of length k plus the epilogue.
 * Returns max |diff| / bound (<= 1 is within the bound). */
static double blas_error(const gemm_case *c, const float *C0, const float *Cs,
                         const float *Cb, const kernel_table *fast)
{
    size_t na = c->m * c->k, nb = c->k * c->n, nc = c->m * c->n;
    float *aA = fa_malloc(na * sizeof(float)), *aB = fa_malloc(nb * sizeof(float));
    float *ab = fa_malloc(nc * sizeof(float));
    for (size_t i = 0; i < na; i++)
        aA[i] = fabsf(c->A[i]);
    for (size_t i = 0; i < nb; i++)
        aB[i] = fabsf(c->B[i]);
    table_fn(fast, c->form)(c->m, c->n, c->k, 1.0f, aA, c->lda, aB, c->ldb, 0.0f, ab,
                            c->n);
    double u = ldexp(1.0, -24), worst = 0.0;
    for (size_t i = 0; i < nc; i++) {
        double bound = 2.0 * (double)(c->k + 2) * u *
                           ((double)ab[i] + fabs((double)c->beta * C0[i])) +
                       FLT_MIN;
        double e = fabs((double)Cb[i] - (double)Cs[i]) / bound;
        if (!(e <= worst))   /* NaN counts as worst */
            worst = e;
    }
    free(aA);
    free(aB);
    free(ab);
    return worst;
}

static void gemm_rule(void)
{
    printf("  ------------------------------------------------------------------"
           "-----------------------------\n");
}

static void bench_gemm(double peak)
{
    enum { MAXW = 2 };
    static const size_t widths[MAXW] = {50, 100};
    gemm_case cases[16];
    size_t nc = 0;
    for (size_t wi = 0; wi < MAXW; wi++) {
        size_t w = widths[wi];
        cases[nc++] = (gemm_case){"fwd Z1 = X W0", NN, 1000, w, 225, 1.0f, 0, 0, 0, 0, 0};
        cases[nc++] = (gemm_case){"fwd Z = L W / FA d B", NN, 1000, w, w, 1.0f, 0, 0, 0, 0, 0};
        cases[nc++] = (gemm_case){"BP delta d W^T", NT, 1000, w, w, 0.0f, 0, 0, 0, 0, 0};
        cases[nc++] = (gemm_case){"dW0 = X^T d", TN, 225, w, 1000, 0.0f, 0, 0, 0, 0, 0};
        cases[nc++] = (gemm_case){"dW = L^T d", TN, w, w, 1000, 0.0f, 0, 0, 0, 0, 0};
    }
    cases[nc++] = (gemm_case){"rs21-fig5 B2 B1", NN, 30, 40, 15, 0.0f, 0, 0, 0, 0, 0};

    const kernel_table *scalar = kernels_table(KPATH_SCALAR), *fast = scalar;
    for (int p = 0; p < KPATH_COUNT; p++)
        if (kernels_table((kpath)p))
            fast = kernels_table((kpath)p);

    printf("GEMM, float32, 1 thread. GFLOP/s = 2mnk / time (median of %d measurements).\n"
           "%%peak is of the measured AVX2+FMA peak (the ISA of our fastest x86 path);\n"
           "xBLAS and xscalar are speed ratios to OpenBLAS and to our scalar path.\n"
           "The 'fwd Z = L W' and 'FA d B' products are the same call (1000 x w times w x w).\n",
           MEASUREMENTS);
    gemm_rule();
    printf("  %-21s %-4s %5s %4s %5s  %-8s %8s %6s %6s %8s  %s\n", "use", "form", "m",
           "n", "k", "path", "GFLOP/s", "%peak", "xBLAS", "xscalar", "check vs scalar");
    gemm_rule();

    gsl_rng *r = rng_stream(SEED, 0, 1);
    for (size_t ci = 0; ci < nc; ci++) {
        gemm_case *c = &cases[ci];
        c->lda = c->form == TN ? c->m : c->k;
        c->ldb = c->form == NT ? c->k : c->n;
        size_t na = c->m * c->k, nb = c->k * c->n, ncc = c->m * c->n;
        float *A = fa_malloc(na * sizeof(float)), *B = fa_malloc(nb * sizeof(float));
        float *C0 = fa_malloc(ncc * sizeof(float)), *Cs = fa_malloc(ncc * sizeof(float));
        float *Cp = fa_malloc(ncc * sizeof(float)), *C = fa_malloc(ncc * sizeof(float));
        fill_uniform(A, na, r);
        fill_uniform(B, nb, r);
        fill_uniform(C0, ncc, r);
        c->A = A;
        c->B = B;
        c->C = C;
        memcpy(Cs, C0, ncc * sizeof(float));
        call(table_fn(scalar, c->form), c, Cs);

        /* rows: the kernel paths in order, then OpenBLAS */
        double gf[KPATH_COUNT + 1];
        char check[KPATH_COUNT + 1][96];
        const char *name[KPATH_COUNT + 1];
        int have[KPATH_COUNT + 1];
        double flops = 2.0 * (double)c->m * (double)c->n * (double)c->k;
        for (int p = 0; p <= KPATH_COUNT; p++) {
            const kernel_table *t = p < KPATH_COUNT ? kernels_table((kpath)p) : NULL;
            have[p] = p == KPATH_COUNT || t != NULL;
            if (!have[p])
                continue;
            gemm_fn fn = t ? table_fn(t, c->form) : blas_fn(c->form);
            name[p] = t ? t->name : "openblas";
            memcpy(Cp, C0, ncc * sizeof(float));
            call(fn, c, Cp);
            if (p == KPATH_SCALAR) {
                snprintf(check[p], sizeof check[p], "(the specification)");
            } else if (t) {
                size_t bad = 0;
                for (size_t i = 0; i < ncc; i++)
                    bad += memcmp(&Cp[i], &Cs[i], sizeof(float)) != 0;
                if (bad)
                    snprintf(check[p], sizeof check[p], "*** BITS DIFFER in %zu of %zu ***",
                             bad, ncc);
                else
                    snprintf(check[p], sizeof check[p], "bit-identical");
            } else {
                double e = blas_error(c, C0, Cs, Cp, fast);
                if (e == 0.0)
                    snprintf(check[p], sizeof check[p], "ok: identical here");
                else
                    snprintf(check[p], sizeof check[p], "%s: max err %.1e x bound",
                             e <= 1.0 ? "ok" : "*** OUTSIDE BOUND", e);
            }
            /* the scalar path is slow: ~0.3 s per shape in total */
            double min_s = p == KPATH_SCALAR ? 0.3 / MEASUREMENTS : 0.2;
            memcpy(C, C0, ncc * sizeof(float));
            gf[p] = flops / time_gemm(fn, c, min_s) * 1e-9;
        }
        for (int p = 0; p <= KPATH_COUNT; p++) {
            if (!have[p])
                continue;
            char pk[16] = "-";
            if (peak > 0)
                snprintf(pk, sizeof pk, "%.1f", 100.0 * gf[p] / peak);
            if (p == 0)
                printf("  %-21s %-4s %5zu %4zu %5zu ", c->use, form_name[c->form], c->m,
                       c->n, c->k);
            else
                printf("  %-21s %-4s %5s %4s %5s ", "", "", "", "", "");
            printf(" %-8s %8.2f %6s %6.2f %8.1f  %s\n", name[p], gf[p], pk,
                   gf[p] / gf[KPATH_COUNT], gf[p] / gf[KPATH_SCALAR], check[p]);
        }
        free(A);
        free(B);
        free(C0);
        free(Cs);
        free(Cp);
        free(C);
    }
    gemm_rule();
    printf("\n");
    rng_free(r);
}

/* ---- 4. a training epoch -------------------------------------------------------- */

enum { BATCH = 1000, ITERS = 60, DEPTH = 5, N_IN = 225, EPOCHS = 3 };
#define ETA 1e-4
/* A path whose 3 epochs would take longer than this runs fewer iterations
 * once and is extrapolated to an epoch (only the scalar path, in practice). */
#define EPOCH_BUDGET_S 8.0
#define PARTIAL_BUDGET_S 4.0

typedef struct trainer {
    net nt;
    net_fwd f;
    net_grad fa, bp;
    mat X, Y, E;
} trainer;

static trainer trainer_create(size_t w, mat X, mat Y)
{
    size_t widths[DEPTH + 1] = {N_IN, w, w, w, w, w};
    trainer t;
    t.nt = net_create(DEPTH, widths, ACT_TANH_RELU, ACT_TANH_RELU, 1, 1);
    gsl_rng *r = rng_stream(SEED, 0, 2);   /* the same start for every path */
    net_init_gauss(&t.nt, r, 0.1);
    rng_free(r);
    t.f = net_fwd_alloc(&t.nt, BATCH);
    t.fa = net_grad_alloc(&t.nt, BATCH);
    t.bp = net_grad_alloc(&t.nt, BATCH);
    t.X = X;
    t.Y = Y;
    t.E = mat_alloc(BATCH, w);
    return t;
}

static void trainer_free(trainer *t)
{
    net_fwd_free(&t->f);
    net_grad_free(&t->fa);
    net_grad_free(&t->bp);
    net_free(&t->nt);
    mat_free(&t->E);
}

/* One training iteration on batch b, exactly as described in the README. */
static void train_iter(trainer *t, size_t b)
{
    mat Xb = mat_rows(t->X, b * BATCH, BATCH), Yb = mat_rows(t->Y, b * BATCH, BATCH);
    net_forward(&t->nt, Xb, &t->f);
    net_error(&t->f, Yb, t->E);
    net_backward(&t->nt, &t->f, t->E, FB_FA, ETA, &t->fa);
    net_backward(&t->nt, &t->f, t->E, FB_BP, ETA, &t->bp);
    double s = 0.0;
    for (size_t l = 0; l < DEPTH; l++)
        s += mat_angle(t->fa.dW[l], t->bp.dW[l]);
    for (size_t l = 1; l < DEPTH; l++)
        s += mat_angle_t(t->nt.W[l], t->nt.B[l]);
    sink = s;
    net_apply(&t->nt, &t->fa);
}

/* Only the GEMM calls of train_iter, with the same shapes, leading dimensions
 * and buffers, in the same order (net_forward, then net_backward twice). */
static void gemm_iter(trainer *t, size_t b)
{
    const net *nt = &t->nt;
    mat Xb = mat_rows(t->X, b * BATCH, BATCH);
    for (size_t l = 1; l <= DEPTH; l++) {
        mat Z = t->f.Z[l], Lp = l == 1 ? Xb : t->f.L[l - 1], W = nt->W[l - 1];
        gemm_nn_f32(BATCH, W.cols, W.rows, 1.0f, Lp.v, Lp.ld, W.v, W.ld, 1.0f, Z.v, Z.ld);
    }
    for (int fb = 0; fb < 2; fb++) {
        net_grad *g = fb == 0 ? &t->fa : &t->bp;
        for (size_t l = DEPTH - 1; l >= 1; l--) {
            mat up = g->delta[l + 1], G = g->G[l], W = nt->W[l], B = nt->B[l];
            if (fb == 0)
                gemm_nn_f32(BATCH, B.cols, B.rows, 1.0f, up.v, up.ld, B.v, B.ld, 0.0f,
                            G.v, G.ld);
            else
                gemm_nt_f32(BATCH, W.rows, W.cols, 1.0f, up.v, up.ld, W.v, W.ld, 0.0f,
                            G.v, G.ld);
        }
        for (size_t l = 0; l < DEPTH; l++) {
            mat L = l == 0 ? Xb : t->f.L[l], D = g->delta[l + 1], dW = g->dW[l];
            gemm_tn_f32(dW.rows, dW.cols, BATCH, (float)ETA, L.v, L.ld, D.v, D.ld, 0.0f,
                        dW.v, dW.ld);
        }
    }
}

/* GEMM FLOPs of one iteration: with F = sum_{l=0}^{d-1} 2 nb n_l n_{l+1} and
 * D = sum_{l=1}^{d-1} 2 nb n_{l+1} n_l, forward F, FA deltas D, BP deltas D,
 * FA and BP weight gradients F each: 3F + 2D. */
static double iter_flops(size_t w)
{
    size_t n[DEPTH + 1] = {N_IN, w, w, w, w, w};
    double F = 0, D = 0;
    for (size_t l = 0; l < DEPTH; l++) {
        double p = 2.0 * BATCH * (double)n[l] * (double)n[l + 1];
        F += p;
        if (l >= 1)
            D += p;
    }
    return 3 * F + 2 * D;
}

/* Seconds of n iterations of iter. */
static double time_iters(trainer *t, void (*iter)(trainer *, size_t), size_t n)
{
    double t0 = now();
    for (size_t b = 0; b < n; b++)
        iter(t, b);
    return now() - t0;
}

/* Seconds per epoch of the training (*total) and of its GEMM calls alone
 * (*gemm): medians of EPOCHS epochs each, run alternately so that a drift of
 * the machine's speed hits both alike. A path too slow for that budget runs
 * *partial iterations of each once, extrapolated to an epoch (*partial = 0
 * when whole epochs were run). */
static void time_epochs(trainer *t, double *total, double *gemm, size_t *partial)
{
    double t1 = time_iters(t, train_iter, 1);   /* warm-up and probe */
    *partial = 0;
    if (t1 * ITERS * EPOCHS > EPOCH_BUDGET_S) {
        size_t n = (size_t)(PARTIAL_BUDGET_S / t1);
        n = n < 3 ? 3 : n > ITERS ? ITERS : n;
        *partial = n;
        *total = time_iters(t, train_iter, n) * ITERS / (double)n;
        *gemm = time_iters(t, gemm_iter, n) * ITERS / (double)n;
        return;
    }
    double e[EPOCHS], g[EPOCHS];
    for (size_t ep = 0; ep < EPOCHS; ep++) {
        e[ep] = time_iters(t, train_iter, ITERS);
        g[ep] = time_iters(t, gemm_iter, ITERS);
    }
    *total = median(e, EPOCHS);
    *gemm = median(g, EPOCHS);
}

static void bench_epoch(double peak)
{
    size_t rows = (size_t)BATCH * ITERS;
    mat X = mat_alloc(rows, N_IN);
    gsl_rng *r = rng_stream(SEED, 0, 3);
    mat_uniform(X, r, 0.0, 1.0);
    uint8_t *labels = fa_malloc(rows);
    for (size_t i = 0; i < rows; i++)
        labels[i] = (uint8_t)gsl_rng_uniform_int(r, 10);

    printf("One FA training epoch: net 225-w-w-w-w-w, tanh(relu) hidden and output, bias,\n"
           "init N(0, 0.1^2), %d iterations of batch %d. SYNTHETIC data of MNIST's shape\n"
           "(X uniform in [0,1), 10 classes of random labels with %s n-hot codes) —\n"
           "the speed does not depend on the values. Each iteration: forward, error,\n"
           "FA backward (applied), BP backward (compared), 5 gradient angles dW_FA/dW_BP,\n"
           "4 angles W_l/B_l^T, apply. GEMM FLOPs per epoch = %d x (3F + 2D), with\n"
           "F = sum_{l=0..4} 2 nb n_l n_{l+1}, D = sum_{l=1..4} 2 nb n_l n_{l+1}.\n"
           "bound = GEMM FLOPs / AVX2 peak; GEMM-only time is an ESTIMATE: the same GEMM\n"
           "calls replayed in isolation; rest = total - GEMM-only. Median of %d epochs.\n",
           ITERS, BATCH, "5-of-50 / 10-of-100", ITERS, EPOCHS);
    gemm_rule();
    printf("  %-24s %-7s %8s %10s %8s %7s %10s %7s %7s\n", "net", "path", "s/epoch",
           "GEMM GFLOP", "bound s", "x bound", "GEMM s est", "rest s", "GEMM %");
    gemm_rule();

    int extrapolated = 0, noisy = 0;
    static const size_t widths[2] = {50, 100};
    for (size_t wi = 0; wi < 2; wi++) {
        size_t w = widths[wi];
        mat codes = mat_alloc(10, w), Y = mat_alloc(rows, w);
        gsl_rng *rc = rng_stream(SEED, 0, 4);
        nhot_codes(rc, w / 10, codes);
        rng_free(rc);
        nhot_targets(codes, labels, Y);
        double gflop = iter_flops(w) * ITERS * 1e-9;
        char netname[32];
        snprintf(netname, sizeof netname, "225-%zu-%zu-%zu-%zu-%zu", w, w, w, w, w);
        for (int p = 0; p < KPATH_COUNT; p++) {
            if (!kernels_table((kpath)p))
                continue;
            /* the net calls the dispatched kernels: select the path */
            char err[256];
            setenv("FA_KERNEL", kpath_name((kpath)p), 1);
            if (kernels_init(err, sizeof err) != 0) {
                printf("  %s\n", err);
                continue;
            }
            trainer t = trainer_create(w, X, Y);
            size_t partial;
            double total, gemm;
            time_epochs(&t, &total, &gemm, &partial);
            int finite = 1;
            for (size_t l = 0; l < DEPTH; l++)
                finite &= mat_finite(t.nt.W[l]);
            trainer_free(&t);
            char bound[16] = "-", xb[16] = "-", mark[4] = "";
            if (peak > 0) {
                snprintf(bound, sizeof bound, "%.3f", gflop / peak);
                snprintf(xb, sizeof xb, "%.1f", total / (gflop / peak));
            }
            if (partial) {
                snprintf(mark, sizeof mark, " *");
                extrapolated = 1;
            }
            /* the estimate can exceed the total by the run-to-run noise */
            char rest[16] = "-", share[16] = "-";
            if (gemm <= total) {
                snprintf(rest, sizeof rest, "%.3f", total - gemm);
                snprintf(share, sizeof share, "%.0f%%", 100.0 * gemm / total);
            } else {
                noisy = 1;
            }
            printf("  %-24s %-7s %8.3f %10.2f %8s %7s %10.3f %7s %7s%s%s\n", netname,
                   kpath_name((kpath)p), total, gflop, bound, xb, gemm, rest, share, mark,
                   finite ? "" : "  (weights not finite!)");
            if (partial)
                printf("  %-24s * extrapolated from %zu of %d iterations, one run\n", "",
                       partial, ITERS);
        }
        mat_free(&codes);
        mat_free(&Y);
    }
    gemm_rule();
    if (extrapolated)
        printf("  (* too slow for %d full epochs within the bench's time budget)\n", EPOCHS);
    if (noisy)
        printf("  (- : the GEMM-only estimate exceeded the total: the rest is below the noise)\n");
    unsetenv("FA_KERNEL");
    char err[256];
    kernels_init(err, sizeof err);
    free(labels);
    mat_free(&X);
    rng_free(r);
}

int main(int argc, char **argv)
{
    int do_gemm = argc < 2, do_epoch = argc < 2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "gemm") == 0)
            do_gemm = 1;
        else if (strcmp(argv[i], "epoch") == 0)
            do_epoch = 1;
        else {
            fprintf(stderr, "usage: %s [gemm] [epoch]   (default: both)\n", argv[0]);
            return 2;
        }
    }
    double t0 = now();
    blas_resolve();
    openblas_set_num_threads(1);
    char err[256];
    if (kernels_init(err, sizeof err) != 0)
        fprintf(stderr, "bench: %s (FA_KERNEL is ignored here: every path is run)\n", err);
    print_header();
    double peak = measure_peaks();
    if (do_gemm)
        bench_gemm(peak);
    if (do_epoch)
        bench_epoch(peak);
    printf("\n(total bench time %.0f s)\n", now() - t0);
    return 0;
}
