/* bench.c — `make bench`: how fast the kernels are, reported, never asserted.
 *
 * 1. The machine: CPU, compiler, flags, date, commit, threads, load.
 * 2. The measured single-core FP32 FMA peak (AVX2, and AVX-512 when present),
 *    from a loop of independent FMAs; "% of peak" below is of the higher.
 * 3. Single-threaded float32 GEMM in the shapes and forms the rs21 deep MNIST
 *    network (225-w-w-w-w-w, batch 1000) uses, for every kernel path this
 *    build and CPU can run and for OpenBLAS (the kernels it picks for this
 *    CPU and, each in a child process, its other kernel sets that run on
 *    this CPU; the fastest is the yardstick). Every
 *    path is first checked against the scalar specification (bits must be
 *    identical; OpenBLAS within a rounding-error bound).
 * 4. One FA training epoch of that network per path, on synthetic data of
 *    MNIST's shape, against the time its GEMM FLOPs need at the peak, with
 *    the time split into GEMM, elementwise work, angles and the rest; and
 *    the same epoch in PyTorch (bench/torch_epoch.py) when it is installed.
 * 5. The figures' hot loops: an epoch of each long-running figure's
 *    training through its own code (figures.c).
 * 6. Repetitions in parallel: par_for on 1 and 2 threads, two workloads.
 * 7. Random numbers: N(0, 1) samples and random signs per path against GSL's
 *    MT19937 + ziggurat, the reference sampler (bits checked against the
 *    scalar path first).
 */
#include <cblas.h>
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "bench.h"
#include "codes.h"
#include "kernels.h"
#include "mat.h"
#include "net.h"
#include "par.h"
#include "rng.h"
#include "util.h"


static volatile double sink;   /* keeps the compiler from dropping results */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Single-threaded measurements use the calling thread's CPU time: on a
 * shared machine, wall time would also count the time slices of other jobs.
 * Thread scaling needs wall time. */
double now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }
static double wall(void) { return clock_s(CLOCK_MONOTONIC); }

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

static void print_load(const char *when)
{
    char line[128] = "unknown";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fgets(line, sizeof line, f))
            strip_newline(line);
        fclose(f);
    }
    printf("  load      %s (%s; 1, 5, 15 min averages)\n", line, when);
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
    if (producer_of("kernels/gemm_avx512.c", flags, sizeof flags))
        printf("            gemm_avx512.c: %s\n", flags);
#ifdef __FAST_MATH__
    printf("  WARNING   built with -ffast-math: results are not the specification\n");
#endif
    printf("  date      %s\n", date);
    printf("  commit    %s\n", commit);
    printf("  threads   1 (our kernels are single-threaded; OpenBLAS set to 1), except\n"
           "            in the thread-scaling table; times are thread CPU time elsewhere\n");
    printf("  openblas  %s (core %s)\n", openblas_get_config(), openblas_get_corename());
    if (*blas_note)
        printf("            %s\n", blas_note);
    printf("  paths    ");
    for (int p = 0; p < KPATH_COUNT; p++)
        printf(" %s%s", kpath_name((kpath)p), kernels_table((kpath)p) ? "" : " (n/a)");
    printf("\n");
    print_load("at the start");
    printf("\n");
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

/* The machine's FP32 FMA peak in GFLOP/s (the higher of the AVX2 and
 * AVX-512 measurements), or 0 when it cannot be measured. */
static double measure_peaks(void)
{
    double avx2 = 0.0, avx512 = 0.0;
    printf("Single-core FP32 FMA peak (measured; 2 flops per FMA lane, median of 7)\n");
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        avx2 = fma_peak(fma_loop_avx2, (size_t)ACC_AVX2 * 8 * 2);
        printf("  AVX2+FMA  %2d x ymm FMA chains    %8.1f GFLOP/s\n", ACC_AVX2, avx2);
    } else {
        printf("  AVX2+FMA  not supported by this CPU\n");
    }
    if (__builtin_cpu_supports("avx512f")) {
        avx512 = fma_peak(fma_loop_avx512, (size_t)ACC_AVX512 * 16 * 2);
        printf("  AVX-512F  %2d x zmm FMA chains    %8.1f GFLOP/s\n", ACC_AVX512, avx512);
    } else {
        printf("  AVX-512F  not supported by this CPU\n");
    }
    printf("  peak      %.1f GFLOP/s (the higher one)   <- %% of peak and bounds below\n",
           avx2 > avx512 ? avx2 : avx512);
#else
    printf("  (not measured on this architecture)\n");
#endif
    printf("\n");
    return avx2 > avx512 ? avx2 : avx512;
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

/* The last path this build and CPU can run (the fastest): for |A||B|. */
static const kernel_table *fastest_table(void)
{
    const kernel_table *fast = kernels_table(KPATH_SCALAR);
    for (int p = 0; p < KPATH_COUNT; p++)
        if (kernels_table((kpath)p))
            fast = kernels_table((kpath)p);
    return fast;
}

/* OpenBLAS's check column: its largest error as a fraction of the bound. */
static void blas_check(char *out, size_t len, double e)
{
    if (e == 0.0)
        snprintf(out, len, "ok: identical here");
    else
        snprintf(out, len, "%s: max err %.1e x bound", e <= 1.0 ? "ok" : "*** OUTSIDE BOUND",
                 e);
}

/* OpenBLAS's error against the scalar result for one case (C from C0). */
static double blas_case_error(const gemm_case *c, const float *C0)
{
    size_t ncc = c->m * c->n;
    float *Cs = fa_malloc(ncc * sizeof(float)), *Cb = fa_malloc(ncc * sizeof(float));
    memcpy(Cs, C0, ncc * sizeof(float));
    memcpy(Cb, C0, ncc * sizeof(float));
    call(table_fn(kernels_table(KPATH_SCALAR), c->form), c, Cs);
    call(blas_fn(c->form), c, Cb);
    double e = blas_error(c, C0, Cs, Cb, fastest_table());
    free(Cs);
    free(Cb);
    return e;
}

void gemm_rule(void)
{
    printf("  ------------------------------------------------------------------"
           "---------------------------------\n");
}

enum { CASES_MAX = 16 };

/* The shapes timed, in table order; returns their number. */
static size_t gemm_cases(gemm_case cases[CASES_MAX])
{
    enum { MAXW = 2 };
    static const size_t widths[MAXW] = {50, 100};
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
    return nc;
}

/* A case's operands: A, B and C0 uniform in [-1, 1) from r; C is the
 * buffer the timed calls write. */
static void case_alloc(gemm_case *c, float **C0, gsl_rng *r)
{
    c->lda = c->form == TN ? c->m : c->k;
    c->ldb = c->form == NT ? c->k : c->n;
    size_t na = c->m * c->k, nb = c->k * c->n, ncc = c->m * c->n;
    float *A = fa_malloc(na * sizeof(float)), *B = fa_malloc(nb * sizeof(float));
    *C0 = fa_malloc(ncc * sizeof(float));
    fill_uniform(A, na, r);
    fill_uniform(B, nb, r);
    fill_uniform(*C0, ncc, r);
    c->A = A;
    c->B = B;
    c->C = fa_malloc(ncc * sizeof(float));
}

static void case_free(gemm_case *c, float *C0)
{
    free((void *)c->A);
    free((void *)c->B);
    free(c->C);
    free(C0);
}

/* One OpenBLAS timing: seconds per call, C starting from C0. */
static double time_blas(const gemm_case *c, const float *C0)
{
    memcpy(c->C, C0, c->m * c->n * sizeof(float));
    return time_gemm(blas_fn(c->form), c, 0.2);
}

/* ---- OpenBLAS's other kernel sets, each in a child process ------------------------
 *
 * OpenBLAS built with DYNAMIC_ARCH (Debian's is) picks its kernels for the
 * CPU when it loads, and only OPENBLAS_CORETYPE set before that changes the
 * pick. Its pick is not always its fastest (on Zen 4, which splits every
 * 512-bit FMA into two halves, it takes its AVX-512 kernels while its AVX2
 * Haswell ones are often faster; on an Intel CPU it does not know it falls
 * back to SSE3 Prescott kernels). So the bench times every kernel set that
 * runs on this CPU, each by running itself as "bench --blas-child" with
 * OPENBLAS_CORETYPE set, and the yardstick of a shape is the best of them.
 * The child prints the core OpenBLAS took, then for every case the seconds
 * per call and the error against the scalar path (as blas_error). */
typedef struct blas_core {
    const char *core, *row;   /* OPENBLAS_CORETYPE value; row name in the table */
    const char *isa;          /* what the CPU must have: "avx2" or "avx512" */
} blas_core;

static const blas_core blas_cores[] = {
    {"Haswell", "openblas-hsw", "avx2"},
    {"Zen", "openblas-zen", "avx2"},
    {"SkylakeX", "openblas-skx", "avx512"},
    {"Cooperlake", "openblas-cpx", "avx512"},
};
enum { BLAS_CORES = FA_ARRAY_LEN(blas_cores) };

static int blas_child(void)
{
    blas_resolve();
    openblas_set_num_threads(1);
    char err[256];
    if (kernels_init(err, sizeof err) != 0)
        fprintf(stderr, "bench --blas-child: %s\n", err);
    printf("%s\n", openblas_get_corename());
    gemm_case cases[CASES_MAX];
    size_t nc = gemm_cases(cases);
    gsl_rng *r = rng_stream(SEED, 0, 1);
    for (size_t ci = 0; ci < nc; ci++) {
        float *C0;
        case_alloc(&cases[ci], &C0, r);
        double e = blas_case_error(&cases[ci], C0);
        printf("%.9e %.9e\n", time_blas(&cases[ci], C0), e);
        fflush(stdout);
        case_free(&cases[ci], C0);
    }
    rng_free(r);
    return 0;
}

/* 1 if this CPU can run a kernel set that needs isa, else 0 with the reason. */
static int cpu_runs(const char *isa, char *why, size_t why_len)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    /* OpenBLAS's SkylakeX/Cooperlake sgemm needs AVX-512F (and VL, BW, DQ,
     * CD, which every AVX-512 CPU so far has with F) */
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") &&
                 __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
                 __builtin_cpu_supports("avx512dq");
    if (strcmp(isa, "avx2") == 0 ? avx2 : avx512)
        return 1;
    snprintf(why, why_len, "needs %s, which this CPU lacks",
             strcmp(isa, "avx2") == 0 ? "AVX2+FMA" : "AVX-512");
#else
    (void)isa;
    snprintf(why, why_len, "not an x86-64 CPU");
#endif
    return 0;
}

/* Runs `exe args...` as a child with env NAME=VALUE (NULL: none) and its
 * stdout on a pipe; returns the read end, or NULL. *pid gets the child. */
static FILE *child_pipe(const char *name, const char *value, char *const argv[], pid_t *pid)
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    fflush(stdout);
    *pid = fork();
    if (*pid == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDOUT_FILENO) < 0)
            _exit(127);
        close(fd[1]);
        if (name)
            setenv(name, value, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    if (*pid < 0) {
        close(fd[0]);
        return NULL;
    }
    FILE *f = fdopen(fd[0], "r");
    if (!f)
        close(fd[0]);
    return f;
}

/* 1 if the child exited with status 0 (reaps it). */
static int child_ok(pid_t pid)
{
    int status;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Runs the child for kernel set bc; fills sec[0 .. nc-1] and err[0 .. nc-1]
 * and returns 1 if it ran on those kernels, else 0 with the reason in why
 * (the CPU cannot run them, they are OpenBLAS's own pick, or OpenBLAS
 * ignored the request). */
static int blas_alt_times(const blas_core *bc, double *sec, double *err, size_t nc, char *why,
                          size_t why_len)
{
    if (!cpu_runs(bc->isa, why, why_len))
        return 0;
    if (strcmp(openblas_get_corename(), bc->core) == 0) {
        snprintf(why, why_len, "OpenBLAS's own pick here: the openblas row");
        return 0;
    }
    char *argv[] = {"/proc/self/exe", "--blas-child", NULL};
    pid_t pid;
    FILE *f = child_pipe("OPENBLAS_CORETYPE", bc->core, argv, &pid);
    if (!f) {
        snprintf(why, why_len, "could not start the child");
        return 0;
    }
    char core[64] = "";
    size_t got = 0;
    if (fgets(core, sizeof core, f))
        strip_newline(core);
    while (got < nc && fscanf(f, "%lf %lf", &sec[got], &err[got]) == 2)
        got++;
    fclose(f);
    if (!child_ok(pid) || got != nc) {
        snprintf(why, why_len, "the child run failed");
        return 0;
    }
    if (strcmp(core, bc->core) != 0) {
        snprintf(why, why_len, "OpenBLAS took core %s instead (not a DYNAMIC_ARCH build?)",
                 core);
        return 0;
    }
    return 1;
}

static void bench_gemm(double peak)
{
    gemm_case cases[CASES_MAX];
    size_t nc = gemm_cases(cases);
    double alt_s[BLAS_CORES][CASES_MAX], alt_err[BLAS_CORES][CASES_MAX];
    char alt_why[BLAS_CORES][128];
    int have_alt[BLAS_CORES];
    for (size_t b = 0; b < BLAS_CORES; b++)
        have_alt[b] = blas_alt_times(&blas_cores[b], alt_s[b], alt_err[b], nc, alt_why[b],
                                     sizeof alt_why[b]);

    const kernel_table *scalar = kernels_table(KPATH_SCALAR), *fast = fastest_table();

    printf("GEMM, float32, 1 thread. GFLOP/s = 2mnk / time (median of %d measurements).\n"
           "%%peak is of the measured peak (header);\n"
           "xBLAS and xscalar are speed ratios to the fastest OpenBLAS row of the shape\n"
           "and to our scalar path. openblas: the kernels OpenBLAS picks for this CPU (%s).\n"
           "Its other kernel sets, each timed in a child process of the bench\n"
           "(OPENBLAS_CORETYPE):\n",
           MEASUREMENTS, openblas_get_corename());
    for (size_t b = 0; b < BLAS_CORES; b++)
        printf("  %-13s %-10s %s\n", blas_cores[b].row, blas_cores[b].core,
               have_alt[b] ? "timed" : alt_why[b]);
    printf("The 'fwd Z = L W' and 'FA d B' products are the same call (1000 x w times w x w).\n");
    gemm_rule();
    printf("  %-21s %-4s %5s %4s %5s  %-12s %8s %6s %6s %8s  %s\n", "use", "form", "m",
           "n", "k", "path", "GFLOP/s", "%peak", "xBLAS", "xscalar", "check vs scalar");
    gemm_rule();

    gsl_rng *r = rng_stream(SEED, 0, 1);
    for (size_t ci = 0; ci < nc; ci++) {
        gemm_case *c = &cases[ci];
        float *C0;
        case_alloc(c, &C0, r);
        size_t ncc = c->m * c->n;
        float *Cs = fa_malloc(ncc * sizeof(float)), *Cp = fa_malloc(ncc * sizeof(float));
        memcpy(Cs, C0, ncc * sizeof(float));
        call(table_fn(scalar, c->form), c, Cs);

        /* rows: the kernel paths in order, then OpenBLAS's pick, then its
         * other kernel sets */
        enum { BLAS_ROW = KPATH_COUNT, ROWS = KPATH_COUNT + 1 + BLAS_CORES };
        double gf[ROWS];
        char check[ROWS][96];
        const char *name[ROWS];
        int have[ROWS];
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
                blas_check(check[p], sizeof check[p], blas_error(c, C0, Cs, Cp, fast));
            }
            /* the scalar path is slow: ~0.3 s per shape in total */
            double min_s = p == KPATH_SCALAR ? 0.3 / MEASUREMENTS : 0.2;
            memcpy(c->C, C0, ncc * sizeof(float));
            gf[p] = flops / time_gemm(fn, c, min_s) * 1e-9;
        }
        double blas_best = gf[BLAS_ROW];
        for (size_t b = 0; b < BLAS_CORES; b++) {
            int row = BLAS_ROW + 1 + (int)b;
            have[row] = have_alt[b];
            if (!have[row])
                continue;
            name[row] = blas_cores[b].row;
            blas_check(check[row], sizeof check[row], alt_err[b][ci]);
            gf[row] = flops / alt_s[b][ci] * 1e-9;
            blas_best = fmax(blas_best, gf[row]);
        }
        for (int p = 0; p < ROWS; p++) {
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
            printf(" %-12s %8.2f %6s %6.2f %8.1f  %s\n", name[p], gf[p], pk,
                   gf[p] / blas_best, gf[p] / gf[KPATH_SCALAR], check[p]);
        }
        case_free(c, C0);
        free(Cs);
        free(Cp);
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

/* Where the time of some iterations went, in thread CPU seconds: GEMM (the
 * three GEMM entry points, wrapped below), elementwise work (the rest of the
 * time spent inside the net functions: bias rows, activations, errors,
 * derivative products, bias sums, updates), the angles, and the rest (loop,
 * views, clock reads) as other. */
typedef struct breakdown { double total, gemm, elementwise, angles; } breakdown;

/* The bench is linked with -Wl,--wrap=gemm_{nn,tn,nt}_f32 (GNUmakefile), so
 * the net functions' GEMM calls come here first: while gemm_clock is set,
 * each call adds its thread CPU time to it. The model code knows nothing of
 * this. */
_Thread_local double *gemm_clock, *gemm_flops;
#define GEMM_WRAP(name)                                                                    \
    void __real_##name(size_t m, size_t n, size_t k, float alpha, const float *A,          \
                       size_t lda, const float *B, size_t ldb, float beta, float *C,       \
                       size_t ldc);                                                        \
    void __wrap_##name(size_t m, size_t n, size_t k, float alpha, const float *A,          \
                       size_t lda, const float *B, size_t ldb, float beta, float *C,       \
                       size_t ldc);                                                        \
    void __wrap_##name(size_t m, size_t n, size_t k, float alpha, const float *A,          \
                       size_t lda, const float *B, size_t ldb, float beta, float *C,       \
                       size_t ldc)                                                         \
    {                                                                                      \
        double t0 = gemm_clock ? now() : 0.0;                                              \
        __real_##name(m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);                       \
        if (gemm_clock)                                                                    \
            *gemm_clock += now() - t0;                                                     \
        if (gemm_flops)                                                                    \
            *gemm_flops += 2.0 * (double)m * (double)n * (double)k;                        \
    }
GEMM_WRAP(gemm_nn_f32)
GEMM_WRAP(gemm_tn_f32)
GEMM_WRAP(gemm_nt_f32)

/* One training iteration on batch b, exactly as described in the README;
 * with bd, its time is added to *bd. */
static void train_iter(trainer *t, size_t b, breakdown *bd)
{
    double gemm = 0.0;
    gemm_clock = bd ? &gemm : NULL;
    double t0 = bd ? now() : 0.0;
    mat Xb = mat_rows(t->X, b * BATCH, BATCH), Yb = mat_rows(t->Y, b * BATCH, BATCH);
    double tn0 = bd ? now() : 0.0;
    net_forward(&t->nt, Xb, &t->f);
    net_error(&t->f, Yb, t->E);
    net_backward(&t->nt, &t->f, t->E, FB_FA, ETA, &t->fa);
    net_backward(&t->nt, &t->f, t->E, FB_BP, ETA, &t->bp);
    double ta = bd ? now() : 0.0, s = 0.0;
    for (size_t l = 0; l < DEPTH; l++)
        s += mat_angle(t->fa.dW[l], t->bp.dW[l]);
    for (size_t l = 1; l < DEPTH; l++)
        s += mat_angle_t(t->nt.W[l], t->nt.B[l]);
    sink = s;
    double tb = bd ? now() : 0.0;
    net_apply(&t->nt, &t->fa);
    gemm_clock = NULL;
    if (bd) {
        double t1 = now();
        bd->total += t1 - t0;
        bd->gemm += gemm;
        bd->elementwise += (ta - tn0) + (t1 - tb) - gemm;
        bd->angles += tb - ta;
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

/* Seconds of n iterations; with bd, also their breakdown. */
static double time_iters(trainer *t, size_t n, breakdown *bd)
{
    double t0 = now();
    for (size_t b = 0; b < n; b++)
        train_iter(t, b, bd);
    return now() - t0;
}

static void scale_breakdown(breakdown *bd, double f)
{
    bd->total *= f;
    bd->gemm *= f;
    bd->elementwise *= f;
    bd->angles *= f;
}

/* Seconds per epoch (*total, median of EPOCHS epochs) and the breakdown of
 * one more, instrumented epoch. A path too slow for that budget runs
 * *partial instrumented iterations once, extrapolated to an epoch
 * (*partial = 0 when whole epochs were run). */
static void time_epochs(trainer *t, double *total, breakdown *bd, size_t *partial)
{
    double t1 = time_iters(t, 1, NULL);   /* warm-up and probe */
    *partial = 0;
    memset(bd, 0, sizeof *bd);
    if (t1 * ITERS * (EPOCHS + 1) > EPOCH_BUDGET_S) {
        size_t n = (size_t)(PARTIAL_BUDGET_S / t1);
        n = n < 3 ? 3 : n > ITERS ? ITERS : n;
        *partial = n;
        time_iters(t, n, bd);
        scale_breakdown(bd, ITERS / (double)n);
        *total = bd->total;
        return;
    }
    double e[EPOCHS];
    for (size_t ep = 0; ep < EPOCHS; ep++)
        e[ep] = time_iters(t, ITERS, NULL);
    *total = median(e, EPOCHS);
    time_iters(t, ITERS, bd);
}

/* Synthetic data of MNIST's shape: X uniform in [0, 1), random labels and
 * their n-hot targets for width w. */
dataset dataset_make(void)
{
    size_t rows = (size_t)BATCH * ITERS;
    dataset d = {mat_alloc(rows, N_IN), fa_malloc(rows)};
    gsl_rng *r = rng_stream(SEED, 0, 3);
    mat_uniform(d.X, r, 0.0, 1.0);
    for (size_t i = 0; i < rows; i++)
        d.labels[i] = (uint8_t)gsl_rng_uniform_int(r, 10);
    rng_free(r);
    return d;
}

static mat targets_make(const dataset *d, size_t w)
{
    mat codes = mat_alloc(10, w), Y = mat_alloc(d->X.rows, w);
    gsl_rng *rc = rng_stream(SEED, 0, 4);
    nhot_codes(rc, w / 10, codes);
    rng_free(rc);
    nhot_targets(codes, d->labels, Y);
    mat_free(&codes);
    return Y;
}

void dataset_free(dataset *d)
{
    mat_free(&d->X);
    free(d->labels);
}

/* ---- the same epoch in PyTorch (bench/torch_epoch.py) ------------------------------
 *
 * The yardstick for the whole epoch: Debian's python3-torch doing the same
 * work on one thread (the script's header says how), its BLAS (OpenBLAS, as
 * Debian links it) on each kernel set that runs here; the best counts. The
 * bench hands the script its synthetic data and initial network as raw
 * float32 files, and compares the weights the script reaches after one epoch
 * with its own: a small relative difference (rounding, not a different
 * computation) shows the two do the same work. Skipped, with the reason,
 * when python3-torch is not installed (`make deps-bench` installs it). */
#define TORCH_PYTHON "/usr/bin/python3"
#define TORCH_SCRIPT FA_ROOT "/bench/torch_epoch.py"
enum { TORCH_EPOCHS = 3 };

static int write_mat(FILE *f, mat a)
{
    for (size_t i = 0; i < a.rows; i++)
        if (fwrite(mat_at(a, i, 0), sizeof(float), a.cols, f) != a.cols)
            return -1;
    return 0;
}

static int write_file(const char *dir, const char *name, const mat *m, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int bad = !f;
    for (size_t i = 0; f && i < n; i++)
        if (m[i].v)
            bad |= write_mat(f, m[i]) != 0;
    if (f)
        bad |= fclose(f) != 0;
    return bad ? -1 : 0;
}

/* The initial network of trainer_create(w): W_0..W_4, B_1..B_4, b_1..b_5. */
static int write_init(const char *dir, const trainer *t, size_t w)
{
    mat m[3 * DEPTH];
    size_t n = 0;
    for (size_t l = 0; l < DEPTH; l++)
        m[n++] = t->nt.W[l];
    for (size_t l = 1; l < DEPTH; l++)
        m[n++] = t->nt.B[l];
    for (size_t l = 1; l <= DEPTH; l++)
        m[n++] = t->nt.b[l];
    char name[32];
    snprintf(name, sizeof name, "init-%zu.f32", w);
    return write_file(dir, name, m, n);
}

/* One run of the script on kernel set core (NULL: OpenBLAS's own pick):
 * the median of its timed epochs, or -1 with the reason in why. */
static double torch_run(const char *dir, size_t w, const char *core, char *why, size_t len)
{
    char ws[16], es[16];
    snprintf(ws, sizeof ws, "%zu", w);
    snprintf(es, sizeof es, "%d", TORCH_EPOCHS);
    char *argv[] = {TORCH_PYTHON, TORCH_SCRIPT, (char *)dir, ws, es, NULL};
    pid_t pid;
    FILE *f = child_pipe(core ? "OPENBLAS_CORETYPE" : NULL, core, argv, &pid);
    if (!f) {
        snprintf(why, len, "could not start " TORCH_PYTHON);
        return -1;
    }
    char head[256] = "";
    double e[TORCH_EPOCHS];
    size_t got = 0;
    if (fgets(head, sizeof head, f))
        strip_newline(head);
    while (got < TORCH_EPOCHS && fscanf(f, "%lf", &e[got]) == 1)
        got++;
    fclose(f);
    if (!child_ok(pid) || got != TORCH_EPOCHS) {
        snprintf(why, len, "the script failed (see its message above)");
        return -1;
    }
    const char *c = strstr(head, "core ");
    if (core && (!c || strcmp(c + 5, core) != 0)) {
        snprintf(why, len, "OpenBLAS ignored OPENBLAS_CORETYPE=%s (%s)", core, head);
        return -1;
    }
    snprintf(why, len, "%s", head);
    return median(e, TORCH_EPOCHS);
}

/* Largest |W_torch - W_ours| over all weights after one epoch from the
 * same start W0, relative to the largest |W_ours|; -1 if unreadable.
 * *moved: the largest |W_ours - W0|, on the same scale. */
static double torch_compare(const char *dir, const trainer *t, const mat *W0, size_t w,
                            double *moved)
{
    char path[512];
    snprintf(path, sizeof path, "%s/final-%zu.f32", dir, w);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    double diff = 0, big = 0, step = 0;
    int ok = 1;
    for (size_t l = 0; ok && l < DEPTH; l++) {
        mat W = t->nt.W[l];
        for (size_t i = 0; ok && i < W.rows * W.cols; i++) {
            float x;
            ok = fread(&x, sizeof x, 1, f) == 1;
            size_t at = i / W.cols * W.ld + i % W.cols;
            double y = W.v[at];
            diff = fmax(diff, fabs((double)x - y));
            step = fmax(step, fabs(y - W0[l].v[at]));
            big = fmax(big, fabs(y));
        }
    }
    ok &= fgetc(f) == EOF;
    fclose(f);
    *moved = step / big;
    return ok ? diff / big : -1;
}

/* The PyTorch rows of width w: the script on OpenBLAS's own pick and each
 * other kernel set that runs here; prints them and returns the best median
 * seconds per epoch (0 when it could not run). t is a fresh trainer of width
 * w: it is trained one epoch here for the comparison. */
static double torch_rows(const char *dir, trainer *t, size_t w, double bound)
{
    char yname[32];
    snprintf(yname, sizeof yname, "Y-%zu.f32", w);
    if (write_init(dir, t, w) != 0 || write_file(dir, yname, &t->Y, 1) != 0) {
        printf("  %-24s %-7s skipped: could not write its input files to %s\n", "", "torch", dir);
        return 0;
    }
    double best = 0;
    for (int b = -1; b < (int)BLAS_CORES; b++) {
        const char *core = b < 0 ? NULL : blas_cores[b].core;
        char why[256];
        if (core && (!cpu_runs(blas_cores[b].isa, why, sizeof why) ||
                     strcmp(core, openblas_get_corename()) == 0))
            continue;
        double s = torch_run(dir, w, core, why, sizeof why);
        if (s < 0) {
            printf("  %-24s %-7s %s: %s\n", "", "torch", core ? core : "own pick", why);
            continue;
        }
        char xb[16] = "-";
        if (bound > 0)
            snprintf(xb, sizeof xb, "%.2f", s / bound);
        printf("  %-24s %-7s %8.4f %7s   %s%s\n", "", "torch", s, xb, why,
               core ? " (OPENBLAS_CORETYPE)" : " (its own pick)");
        if (best == 0 || s < best)
            best = s;
    }
    if (best > 0) {
        mat W0[DEPTH];
        for (size_t l = 0; l < DEPTH; l++) {
            W0[l] = mat_alloc(t->nt.W[l].rows, t->nt.W[l].cols);
            mat_copy(W0[l], t->nt.W[l]);
        }
        for (size_t b = 0; b < ITERS; b++)
            train_iter(t, b, NULL);
        double moved, d = torch_compare(dir, t, W0, w, &moved);
        if (d < 0)
            printf("  %-24s same work? the script's final weights could not be read\n", "");
        else
            printf("  %-24s same work: after one epoch from the same start its W differ from\n"
                   "  %-24s ours by at most %.1e x max|W|; the epoch moved them %.1e x max|W|\n",
                   "", "", d, moved);
        for (size_t l = 0; l < DEPTH; l++)
            mat_free(&W0[l]);
    }
    return best;
}

/* A temporary directory with the data for the script, or NULL (why says so). */
static char *torch_setup(const dataset *ds, char *why, size_t len)
{
    if (access(TORCH_PYTHON, X_OK) != 0 ||
        system(TORCH_PYTHON " -c 'import torch, numpy' >/dev/null 2>&1") != 0) {
        snprintf(why, len, "python3-torch or python3-numpy is not installed "
                           "(make deps-bench installs them)");
        return NULL;
    }
    static char dir[] = "/tmp/fa-bench-torch-XXXXXX";
    if (!mkdtemp(dir) || write_file(dir, "X.f32", &ds->X, 1) != 0) {
        snprintf(why, len, "could not write its input files to /tmp");
        return NULL;
    }
    return dir;
}

static void torch_cleanup(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
}

static void bench_epoch(double peak)
{
    dataset ds = dataset_make();
    printf("One FA training epoch: net 225-w-w-w-w-w, tanh(relu) hidden and output, bias,\n"
           "init N(0, 0.1^2), %d iterations of batch %d. SYNTHETIC data of MNIST's shape\n"
           "(X uniform in [0,1), 10 classes of random labels with %s n-hot codes) —\n"
           "the speed does not depend on the values. Each iteration: forward, error,\n"
           "FA backward (applied), BP backward (compared), 5 gradient angles dW_FA/dW_BP,\n"
           "4 angles W_l/B_l^T, apply. GEMM FLOPs per epoch = %d x (3F + 2D), with\n"
           "F = sum_{l=0..4} 2 nb n_l n_{l+1}, D = sum_{l=1..4} 2 nb n_l n_{l+1};\n"
           "bound = GEMM FLOPs / peak. s/epoch: median of %d epochs. The breakdown is\n"
           "one more epoch with the time of every GEMM call, of the elementwise work\n"
           "(the rest of the net functions: bias rows, tanh, errors, tanh', bias sums,\n"
           "updates) and of the angles taken separately; other = its total - the three\n"
           "(loop, views, clock reads). torch: the same epoch in PyTorch (one thread),\n"
           "its BLAS on each OpenBLAS kernel set that runs here; x torch = its best\n"
           "s/epoch over ours.\n",
           ITERS, BATCH, "5-of-50 / 10-of-100", ITERS, EPOCHS);
    gemm_rule();
    printf("  %-24s %-7s %8s %7s %8s %7s %8s %8s %8s\n", "net", "path", "s/epoch",
           "x bound", "GEMM s", "GFLOP/s", "elem s", "angles s", "other s");
    gemm_rule();

    char torch_why[160] = "";
    char *torch_dir = torch_setup(&ds, torch_why, sizeof torch_why);
    int extrapolated = 0;
    static const size_t widths[2] = {50, 100};
    for (size_t wi = 0; wi < 2; wi++) {
        size_t w = widths[wi];
        mat Y = targets_make(&ds, w);
        double gflop = iter_flops(w) * ITERS * 1e-9;
        char netname[32];
        snprintf(netname, sizeof netname, "225-%zu-%zu-%zu-%zu-%zu", w, w, w, w, w);
        printf("  %-24s GEMM %.2f GFLOP per epoch, bound %.4f s at the peak\n", netname, gflop,
               peak > 0 ? gflop / peak : 0.0);
        double ours[KPATH_COUNT] = {0};
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
            trainer t = trainer_create(w, ds.X, Y);
            size_t partial;
            double total;
            breakdown bd;
            time_epochs(&t, &total, &bd, &partial);
            int finite = 1;
            for (size_t l = 0; l < DEPTH; l++)
                finite &= mat_finite(t.nt.W[l]);
            trainer_free(&t);
            ours[p] = total;
            char xb[16] = "-";
            if (peak > 0)
                snprintf(xb, sizeof xb, "%.2f", total / (gflop / peak));
            double other = bd.total - bd.gemm - bd.elementwise - bd.angles;
            printf("  %-24s %-7s %8.4f %7s %8.4f %7.1f %8.4f %8.4f %8.4f%s%s\n", "",
                   kpath_name((kpath)p), total, xb, bd.gemm, gflop / bd.gemm, bd.elementwise,
                   bd.angles, other, partial ? " *" : "", finite ? "" : "  (weights not finite!)");
            if (partial) {
                printf("  %-24s * extrapolated from %zu of %d iterations, one run\n", "",
                       partial, ITERS);
                extrapolated = 1;
            }
        }
        if (torch_dir) {
            trainer t = trainer_create(w, ds.X, Y);
            double best = torch_rows(torch_dir, &t, w, peak > 0 ? gflop / peak : 0.0);
            trainer_free(&t);
            if (best > 0) {
                printf("  %-24s x torch (its best s/epoch / ours):", "");
                for (int p = 1; p < KPATH_COUNT; p++)
                    if (ours[p] > 0)
                        printf(" %s %.2f", kpath_name((kpath)p), best / ours[p]);
                printf("\n");
            }
        }
        mat_free(&Y);
    }
    gemm_rule();
    if (!torch_dir)
        printf("  (no PyTorch rows: %s)\n", torch_why);
    else
        torch_cleanup(torch_dir);
    if (extrapolated)
        printf("  (* too slow for %d full epochs within the bench's time budget)\n", EPOCHS + 1);
    unsetenv("FA_KERNEL");
    char err[256];
    kernels_init(err, sizeof err);
    dataset_free(&ds);
}

/* ---- 5. repetitions in parallel ---------------------------------------------------
 *
 * Two multi-repetition workloads shaped like the figure programs, run by
 * par_for on 1 and on 2 threads (the automatic kernel path):
 *   fig5-like  blocks of rs21-fig5's sample: four Gaussian matrices (the
 *              package's sampler, as the figure draws them), two
 *              30x15 . 15x40 products and their angle, per sample;
 *   training   one FA epoch (as above, w = 50) per repetition.
 * Throughput = repetitions per wall-clock second, median of 3 runs. */

enum { SCALE_BLOCKS = 16, SCALE_SAMPLES = 1500, SCALE_TRAIN_REPS = 4, SCALE_RUNS = 3 };

typedef struct scale_job {
    const dataset *ds;
    mat Y;
    double *out;   /* one slot per repetition */
} scale_job;

static void fig5_block(size_t blk, void *ctx)
{
    scale_job *job = ctx;
    rand_stream r = rng_rand_stream(SEED, blk, 5);
    mat B1 = mat_alloc(15, 40), W1 = mat_alloc(15, 40), B2 = mat_alloc(30, 15),
        W2 = mat_alloc(30, 15), P = mat_alloc(30, 40), Q = mat_alloc(30, 40);
    double s = 0.0;
    for (size_t i = 0; i < SCALE_SAMPLES; i++) {
        mat_rand_normal(B1, &r, 0, 1);
        mat_rand_normal(W1, &r, 0, 1);
        mat_rand_normal(B2, &r, 0, 1);
        mat_rand_normal(W2, &r, 0, 1);
        gemm_nn_f32(30, 40, 15, 1.0f, B2.v, B2.ld, B1.v, B1.ld, 0.0f, P.v, P.ld);
        gemm_nn_f32(30, 40, 15, 1.0f, W2.v, W2.ld, W1.v, W1.ld, 0.0f, Q.v, Q.ld);
        s += mat_angle(P, Q);
    }
    job->out[blk] = s;
    mat *m[] = {&B1, &W1, &B2, &W2, &P, &Q};
    for (size_t i = 0; i < FA_ARRAY_LEN(m); i++)
        mat_free(m[i]);
}

static void train_rep(size_t rep, void *ctx)
{
    scale_job *job = ctx;
    trainer t = trainer_create(50, job->ds->X, job->Y);
    for (size_t b = 0; b < ITERS; b++)
        train_iter(&t, b, NULL);
    job->out[rep] = t.nt.W[0].v[0];
    trainer_free(&t);
}

/* Wall seconds of par_for(reps, threads, fn), median of SCALE_RUNS, and the
 * process CPU seconds of the median run. */
static double time_par(size_t reps, int threads, void (*fn)(size_t, void *), scale_job *job,
                       double *cpu)
{
    double w[SCALE_RUNS], c[SCALE_RUNS];
    for (size_t r = 0; r < SCALE_RUNS; r++) {
        double w0 = wall(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        par_for(reps, threads, fn, job);
        w[r] = wall() - w0;
        c[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    double wm[SCALE_RUNS];
    memcpy(wm, w, sizeof w);
    double med = median(wm, SCALE_RUNS);
    for (size_t r = 0; r < SCALE_RUNS; r++)
        if (w[r] == med)
            *cpu = c[r];
    return med;
}

static void bench_threads(void)
{
    dataset ds = dataset_make();
    scale_job job = {&ds, targets_make(&ds, 50), fa_malloc(SCALE_BLOCKS * sizeof(double))};
    printf("Repetitions in parallel (par_for, %s path): throughput on 2 threads relative\n"
           "to 1. Wall time, median of %d runs; CPU s = the process's CPU time in that run\n"
           "(equal on 1 and 2 threads when the repetitions do not slow each other down).\n"
           "On a machine shared with other jobs, wall-time scaling is only as good as the\n"
           "second core is free: see the load average in the header.\n",
           kernels_path(), SCALE_RUNS);
    gemm_rule();
    printf("  %-44s %7s %8s %8s %10s\n", "workload", "threads", "wall s", "CPU s",
           "throughput");
    gemm_rule();
    struct {
        const char *name;
        size_t reps;
        void (*fn)(size_t, void *);
    } loads[] = {
        {"fig5-like: 16 blocks x 1500 samples", SCALE_BLOCKS, fig5_block},
        {"training: 4 reps x 1 epoch of 225-50-..-50", SCALE_TRAIN_REPS, train_rep},
    };
    for (size_t l = 0; l < FA_ARRAY_LEN(loads); l++) {
        par_for(1, 1, loads[l].fn, &job);   /* warm-up */
        double c1, c2, w1 = time_par(loads[l].reps, 1, loads[l].fn, &job, &c1);
        double w2 = time_par(loads[l].reps, 2, loads[l].fn, &job, &c2);
        printf("  %-44s %7d %8.3f %8.3f %10s\n", loads[l].name, 1, w1, c1, "1.00x");
        char x[16];
        snprintf(x, sizeof x, "%.2fx", w1 / w2);
        printf("  %-44s %7d %8.3f %8.3f %10s\n", "", 2, w2, c2, x);
    }
    gemm_rule();
    free(job.out);
    mat_free(&job.Y);
    dataset_free(&ds);
}

/* ---- 6. random numbers -------------------------------------------------------------
 *
 * The open-loop figures spend most of their time drawing matrices. Per path:
 * nanoseconds per N(0, 1) sample when filling vectors of 600 (rs21-fig5's
 * 15 x 40 matrix) and of 100 000 elements, and per random sign (ReLU masks),
 * against GSL's gsl_ran_gaussian_ziggurat on MT19937 one draw at a time (as
 * mat_gauss fills a matrix) and against the scalar path. CPU time, best of
 * 5 runs of at least 0.1 s each. */

enum { RAND_SHORT = 600, RAND_LONG = 100000 };

typedef void (*fill_fn)(rand_stream *, size_t, float *);

static double time_fill(fill_fn fn, size_t n, float *x)
{
    double best = INFINITY;
    for (int run = 0; run < 5; run++) {
        rand_stream s = rand_stream_make(SEED + (uint64_t)run);
        size_t calls = 0, batch = n < 100000 ? 100000 / n : 1;   /* the clock costs ~0.5 us */
        double t0 = now(), t;
        do {
            for (size_t i = 0; i < batch; i++)
                fn(&s, n, x);
            calls += batch;
        } while ((t = now() - t0) < 0.1);
        sink += x[n / 2];
        best = fmin(best, t / ((double)calls * (double)n));
    }
    return best * 1e9;
}

static void gsl_fill(rand_stream *s, size_t n, float *x)
{
    static gsl_rng *r;
    (void)s;
    if (!r)
        r = rng_stream(SEED, 0, 6);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)rng_gauss(r);   /* gsl_ran_gaussian_ziggurat */
}

static void bench_rand(void)
{
    float *x = fa_malloc(RAND_LONG * sizeof *x), *ref = fa_malloc(RAND_LONG * sizeof *ref);
    printf("Random numbers: ns per sample (CPU time, best of 5), GSL's MT19937 + ziggurat\n"
           "one draw at a time as the reference; \"bits\" compares a long fill with the\n"
           "scalar path's.\n");
    gemm_rule();
    printf("  %-30s %-7s %9s %9s %9s %9s %5s\n", "draw", "path", "ns/600", "ns/100k", "vs GSL",
           "vs scalar", "bits");
    gemm_rule();
    double g_short = time_fill(gsl_fill, RAND_SHORT, x), g_long = time_fill(gsl_fill, RAND_LONG, x);
    printf("  %-30s %-7s %9.2f %9.2f %9s %9s %5s\n", "N(0,1) floats", "GSL", g_short, g_long,
           "1.00x", "", "");
    const kernel_table *scalar = kernels_table(KPATH_SCALAR);
    for (int kind = 0; kind < 2; kind++) {
        double sc_long = 0;
        rand_stream a = rand_stream_make(SEED);
        (kind == 0 ? scalar->rand_normal : scalar->rand_signs)(&a, RAND_LONG, ref);
        for (int p = 0; p < KPATH_COUNT; p++) {
            const kernel_table *t = kernels_table((kpath)p);
            if (!t)
                continue;
            fill_fn fn = kind == 0 ? t->rand_normal : t->rand_signs;
            rand_stream b = rand_stream_make(SEED);
            fn(&b, RAND_LONG, x);
            int same = memcmp(x, ref, RAND_LONG * sizeof *x) == 0;
            double ns = time_fill(fn, RAND_SHORT, x), nl = time_fill(fn, RAND_LONG, x);
            if (p == KPATH_SCALAR)
                sc_long = nl;
            char vg[16] = "", vs[16];
            if (kind == 0)
                snprintf(vg, sizeof vg, "%.1fx", g_long / nl);
            snprintf(vs, sizeof vs, "%.1fx", sc_long / nl);
            printf("  %-30s %-7s %9.2f %9.2f %9s %9s %5s\n",
                   p == KPATH_SCALAR ? (kind == 0 ? "N(0,1) floats (rand_normal)"
                                                  : "signs +-1 (rand_signs)")
                                     : "",
                   t->name, ns, nl, vg, vs, same ? "same" : "DIFF");
        }
    }
    gemm_rule();
    free(x);
    free(ref);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--blas-child") == 0)
        return blas_child();
    int all = argc < 2;
    int do_gemm = all, do_epoch = all, do_threads = all, do_rand = all, do_figures = all;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "gemm") == 0)
            do_gemm = 1;
        else if (strcmp(argv[i], "epoch") == 0)
            do_epoch = 1;
        else if (strcmp(argv[i], "threads") == 0)
            do_threads = 1;
        else if (strcmp(argv[i], "rand") == 0)
            do_rand = 1;
        else if (strcmp(argv[i], "figures") == 0)
            do_figures = 1;
        else {
            int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
            fprintf(help ? stdout : stderr,
                    "usage: %s [gemm] [epoch] [figures] [threads] [rand]   (default: all)\n"
                    "Times the kernel paths, OpenBLAS, a training epoch, thread scaling\n"
                    "and the samplers, and prints the tables (bench/README.md reads them).\n",
                    argv[0]);
            return help ? 0 : 2;
        }
    }
    double t0 = wall();
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
    if (do_figures)
        bench_figures(peak);
    if (do_threads)
        bench_threads();
    if (do_rand)
        bench_rand();
    printf("\n");
    print_load("at the end");
    printf("(total bench time %.0f s)\n", wall() - t0);
    return 0;
}
