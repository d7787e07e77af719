/* kernels.h — the numerical kernels of the package and their contracts.
 *
 * Every operation exists in four paths: scalar (the specification), AVX2+FMA,
 * AVX-512 and NEON; the signatures are listed once, in FA_KERNELS below.
 * The SIMD paths are faster ways of computing *the same bits*: each output
 * element is produced by the same sequence of IEEE-754 operations in every
 * path. That is why the same seed gives the same figure data on any
 * machine and with any number of threads. The tests in tests/test_kernels.c
 * prove bit-equality path by path.
 *
 * Conventions shared by all kernels
 *   - Matrices are float32, row-major, with a leading dimension (the distance in
 *     elements between the starts of two consecutive rows), ld >= columns.
 *     Only the m x n logical elements are read or written; padding between
 *     rows is never touched.
 *   - No alignment is assumed for any pointer.
 *   - Outputs must not overlap inputs unless a kernel says otherwise
 *     (restrict). Elementwise kernels allow the exact aliasing out == in
 *     with equal leading dimensions.
 *   - Sizes of 0 are valid and do nothing (reductions then return 0).
 *   - Tails: a SIMD path computes the leftover columns of a row (fewer than
 *     a vector) in one partial vector whose missing lanes hold +0 and are
 *     never stored; the scalar path has no tails. Either way each output
 *     element sees the specification's operations.
 *   - Multiply-adds are fused everywhere (scalar: fmaf), the build uses
 *     -ffp-contract=off and never -ffast-math, so the compiler cannot change
 *     the rounding behind our back.
 *   - Comparisons are ordered and quiet: a NaN compares false (z > 0 is
 *     _CMP_GT_OQ on AVX2 and vcgtq_f32 on NEON).
 *   - NaN propagates wherever the arithmetic propagates it, but NaN payloads
 *     and the sign of a NaN are not specified and may differ between paths.
 *
 * Choosing a path
 *   kernels_init() selects the fastest path the CPU supports: AVX-512 (needs
 *   AVX-512F, VL and DQ besides AVX2 and FMA), else AVX2 (needs AVX2 and
 *   FMA); NEON when compiled for AArch64. The AVX-512 path has its own GEMM
 *   and elementwise kernels where 512-bit registers pay, and shares the AVX2
 *   ones elsewhere.
 *   The environment variable FA_KERNEL=scalar|avx2|avx512|neon forces a path;
 *   FA_KERNEL=auto or unset means automatic. The bare names below (gemm_nn_f32,
 *   ...) call the selected path; kernels_table() gives any path explicitly.
 */
#ifndef FA_KERNELS_H
#define FA_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* ---- GEMM ---------------------------------------------------------------
 *
 * Three forms, all C (m x n) = alpha * op(A) op(B) + beta * C:
 *   gemm_nn_f32: A is m x k, B is k x n      C = alpha A B   + beta C
 *   gemm_tn_f32: A is k x m, B is k x n      C = alpha A^T B + beta C
 *   gemm_nt_f32: A is m x k, B is n x k      C = alpha A B^T + beta C
 *
 * Reduction order (the bit-exact specification): for each output element
 *     s = +0;  for p = 0, 1, ..., k-1:  s = fmaf(a_ip, b_pj, s)
 *     t = alpha * s
 *     C_ij = (beta == 0) ? t : fmaf(beta, C_ij, t)
 * where a_ip, b_pj are the elements of op(A), op(B). The sum runs over p in
 * increasing order in every path; SIMD paths vectorise across independent
 * outputs (columns of C) and keep each chain in a register over all of k.
 * beta == 0 means C is write-only: it is not read and may hold NaN or garbage.
 * k == 0 gives s = +0, so C = alpha*0 (+ beta C).
 * C must not overlap A or B.
 */

/* ---- Activations ----------------------------------------------------------
 *
 * act_relu_f32:       L = relu(Z),        relu(z) = (z < 0) ? +0 : z
 * act_tanh_relu_f32:  L = tanh(relu(Z)),  computed as (z < 0) ? +0 : tanh(z)
 * Both on an m x n matrix; L may alias Z exactly (L == Z, ldl == ldz).
 * relu keeps -0 as -0 and NaN as NaN (NaN < 0 is false), so a NaN produced
 * upstream is still visible downstream. tanh is SLEEF's 1.0-ULP FMA variant
 * (Sleef_finz_tanhf*_u10*), which gives identical bits in its scalar, AVX2,
 * AVX-512 and NEON builds. Checked exhaustively over all 2^32 inputs: the
 * scalar purecfma build against AVX2 (Sleef_finz_tanhf8_u10avx2), and
 * Sleef_finz_tanhf16_u10avx512f against AVX2 (SLEEF 3.5.1: no difference,
 * not even in a NaN payload).
 */

/* ---- Masked derivative products ------------------------------------------
 *
 * D = G (.) f'(Z) on an m x n matrix; D may alias G exactly.
 * dact_relu_f32:       D_ij = (z_ij >= 0) ? g_ij : +0
 *     ReLU with f'(0) = 1, the convention of rs21's two-layer experiments
 *     (mask z >= 0). A NaN z selects +0.
 * dact_tanh_relu_f32:  D_ij = (z_ij > 0) ? g_ij * fmaf(-t, t, 1) : +0,
 *     t = tanh(z_ij): the derivative [z > 0] (1 - tanh^2 z) of tanh(relu(z)),
 *     so f'(0) = 0 as in the authors' MNIST network. A NaN z selects +0.
 * The mask is a select, not a multiplication: masked entries are +0 even when
 * g is infinite or NaN.
 */
/* dact_tanh_relu_l_f32: the same product when the forward pass has already
 * computed L = act_tanh_relu(Z): D_ij = (z_ij > 0) ? g_ij * fmaf(-l, l, 1) : +0
 * with l = L_ij. Where z > 0, l is exactly tanh(z), so D has the same bits
 * as dact_tanh_relu_f32 without evaluating tanh again. D may alias G. */

/* ---- Column sums, axpy and scaling -------------------------------------------
 *
 * colsum_f32: out[j] = alpha * s_j for the n columns of the m x n matrix A,
 *     s_j = +0;  for i = 0..m-1:  s_j = s_j + a_ij      (float additions,
 *     down the rows in order; the bias gradient eta * sum_batch delta).
 * axpy_f32: Y_ij = fmaf(alpha, x_ij, y_ij) on an m x n matrix; Y may alias X
 *     exactly.
 * scale_f32: X_ij = alpha * x_ij (one float multiplication) in place.
 */

/* ---- Column renormalisation ----------------------------------------------
 *
 * colnorm_f32: W[:, j] <- gamma * W[:, j] / ||W[:, j]|| for every column j
 * of the m x n matrix W (in place). In rs21's notation a column of W_l holds the incoming
 * weights of one neuron of layer l+1, so this is neuron-wise weight
 * normalisation. Exact recipe per column:
 *     ss = +0 (double);  for i = 0..m-1:  ss = ss + (double)w_ij * w_ij
 *     (the product is exact in double; the additions run down the rows)
 *     scale = gamma / sqrt(ss)                       (double)
 *     w_ij = (float)((double)w_ij * scale)
 * A column with ss == 0 is left unchanged (it has no direction to keep).
 * Columns holding Inf or NaN come out NaN.
 */

/* ---- Frobenius reductions --------------------------------------------------
 *
 * Sums over the m x n elements of A and B, accumulated in double. The
 * products (double)a*b are exact, so only the additions round. The order
 * is fixed by eight lanes: element (i, j) goes into lane j mod 8 (rows
 * restart at lane 0), rows are visited in order and, within a row, columns
 * in increasing order; each lane starts at +0 and the lanes are combined as
 *     ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)).
 * frob_dot_f32 returns <A, B>_F.
 * frob_sums_f32 returns, in out[0..2], <A, B>_F, ||A||_F^2 and ||B||_F^2 in
 * one pass (everything an angle needs).
 */

/* ---- Gaussian random numbers ------------------------------------------------
 *
 * Where an experiment's work is mostly drawing random matrices (the open-loop
 * figures), GSL's generator behind a function pointer per draw dominates the
 * run; this sampler fills whole vectors. It is exactly specified, so every
 * path gives the same bits:
 *
 * Words. A stream has a 64-bit key; its word c (c = 0, 1, ...) is
 *     W_c = mix64(key + (c + 1) * 0x9e3779b97f4a7c15)
 * with SplitMix64's finaliser mix64(z): z ^= z >> 30; z *= 0xbf58476d1ce4e5b9;
 * z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31 — i.e. the stream is
 * SplitMix64 (Steele, Lea & Flood 2014, the generator of Java's
 * SplittableRandom) started at key, and word c depends on (key, c) alone.
 * A second, independent word sequence (the spare words, its own key and
 * counter) feeds the rare draws that need more than one word.
 *
 * Samples. rand_normal_f32(s, n, x) takes the next ceil(n / 2) words; sample
 * t is the low (t even) or high (t odd) 32-bit half u of word t / 2. An odd n
 * leaves the last high half unused. From u, with the tables of ziggurat.h
 * (Marsaglia & Tsang's 128-layer ziggurat, layer, sign and magnitude from
 * separate bits as in GSL's gsl_ran_gaussian_ziggurat):
 *     i = u & 127,  j = u >> 8 (24 bits),  x = (float)j * zig_w[i]
 *     if j < zig_k[i]:  z = x, negated when bit 7 of u is set
 * 97.2 % of the half-words pass at once. The others go, in increasing t, to
 * the slow path, which draws spare words (uniform U = ((w >> 12) + 0.5)
 * 2^-52, in (0, 1)):
 *     layer 0 (the tail beyond R): repeat a = -log(U1) / R, b = -log(U2)
 *         until 2b >= a^2; z = (float)(R + a), signed by bit 7 of u
 *     layer i > 0 (a wedge): accept x if
 *         zig_f[i] + U (zig_f[i-1] - zig_f[i]) < exp(-x^2 / 2)   (double)
 *     otherwise u = the low half of the next spare word, and start again.
 * The result is N(0, 1) to float precision; tests/test_rand.c checks it
 * against the exact distribution function and against GSL's ziggurat
 * (Kolmogorov-Smirnov, moments, tail mass). z is never NaN or Inf; -0 occurs
 * (j = 0 with bit 7 set).
 */
typedef struct rand_stream {
    uint64_t key, next;              /* word `next` is drawn next */
    uint64_t spare_key, spare_next;  /* the slow path's words */
} rand_stream;

/* A stream from a 64-bit seed (use a well-mixed one: rng.h derives it from
 * the run's seed, repetition and purpose). */
rand_stream rand_stream_make(uint64_t seed);
/* The next word of the stream (64 random bits, e.g. for Bernoulli masks). */
uint64_t rand_word(rand_stream *s);
/* rand_normal_f32(s, n, x): x[0 .. n-1] = the next n standard normal
 * samples. */
/* rand_signs_f32(s, n, x): x[0 .. n-1] = +1 or -1, a fair coin each: the next
 * ceil(n / 64) words, x[t] = +1.0f if bit t % 64 of word t / 64 is set,
 * else -1.0f; the unused high bits of the last word are dropped. (Random
 * ReLU derivative masks: f'(z) = [z >= 0] for z ~ N(0, 1).) */

/* ---- Signatures ---------------------------------------------------------------
 *
 * Every dispatched kernel, once: K(ret, name, params, args) stands for the
 * public function name_f32 declared here (the parameter names are those of
 * the contracts above), each path's name_f32_<path> (paths.h), the slot
 * `name` of kernel_table and the wrapper that calls the selected path
 * (dispatch.c). */
#define FA_GEMM_PARAMS                                                                       \
    (size_t m, size_t n, size_t k, float alpha, const float *A, size_t lda, const float *B,  \
     size_t ldb, float beta, float *C, size_t ldc)
#define FA_GEMM_ARGS (m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)
#define FA_KERNELS(K)                                                                        \
    K(void, gemm_nn, FA_GEMM_PARAMS, FA_GEMM_ARGS)                                         \
    K(void, gemm_tn, FA_GEMM_PARAMS, FA_GEMM_ARGS)                                         \
    K(void, gemm_nt, FA_GEMM_PARAMS, FA_GEMM_ARGS)                                         \
    K(void, act_relu, (size_t m, size_t n, const float *Z, size_t ldz, float *L, size_t ldl), \
      (m, n, Z, ldz, L, ldl))                                                                \
    K(void, act_tanh_relu,                                                                   \
      (size_t m, size_t n, const float *Z, size_t ldz, float *L, size_t ldl),                \
      (m, n, Z, ldz, L, ldl))                                                                \
    K(void, dact_relu, (size_t m, size_t n, const float *G, size_t ldg, const float *Z,      \
                        size_t ldz, float *D, size_t ldd),                                   \
      (m, n, G, ldg, Z, ldz, D, ldd))                                                        \
    K(void, dact_tanh_relu, (size_t m, size_t n, const float *G, size_t ldg, const float *Z, \
                             size_t ldz, float *D, size_t ldd),                              \
      (m, n, G, ldg, Z, ldz, D, ldd))                                                        \
    K(void, dact_tanh_relu_l, (size_t m, size_t n, const float *G, size_t ldg,               \
                               const float *Z, size_t ldz, const float *L, size_t ldl,       \
                               float *D, size_t ldd),                                        \
      (m, n, G, ldg, Z, ldz, L, ldl, D, ldd))                                                \
    K(void, colsum, (size_t m, size_t n, const float *A, size_t lda, float alpha, float *out), \
      (m, n, A, lda, alpha, out))                                                            \
    K(void, axpy, (size_t m, size_t n, float alpha, const float *X, size_t ldx, float *Y,    \
                   size_t ldy),                                                              \
      (m, n, alpha, X, ldx, Y, ldy))                                                         \
    K(void, scale, (size_t m, size_t n, float alpha, float *X, size_t ldx),                  \
      (m, n, alpha, X, ldx))                                                                 \
    K(void, colnorm, (size_t m, size_t n, float *W, size_t ldw, double gamma),               \
      (m, n, W, ldw, gamma))                                                                 \
    K(double, frob_dot, (size_t m, size_t n, const float *A, size_t lda, const float *B,     \
                         size_t ldb),                                                        \
      (m, n, A, lda, B, ldb))                                                                \
    K(void, frob_sums, (size_t m, size_t n, const float *A, size_t lda, const float *B,      \
                        size_t ldb, double out[3]),                                          \
      (m, n, A, lda, B, ldb, out))                                                           \
    K(void, rand_normal, (rand_stream *s, size_t n, float *x), (s, n, x))                    \
    K(void, rand_signs, (rand_stream *s, size_t n, float *x), (s, n, x))

#define FA_DECLARE(ret, name, params, args) ret name##_f32 params;
FA_KERNELS(FA_DECLARE)
#undef FA_DECLARE

/* ---- Paths and dispatch ---------------------------------------------------- */

typedef enum { KPATH_SCALAR = 0, KPATH_AVX2, KPATH_AVX512, KPATH_NEON, KPATH_COUNT } kpath;

typedef struct kernel_table {
    const char *name;   /* "scalar", "avx2", "avx512", "neon" */
#define FA_SLOT(ret, name, params, args) ret(*name) params;
    FA_KERNELS(FA_SLOT)
#undef FA_SLOT
} kernel_table;

/* Select the path (CPU detection, then FA_KERNEL). Returns 0 on success; on
 * an unknown or unavailable FA_KERNEL value it writes a message to err
 * (errlen bytes) and returns -1, leaving the scalar path selected. Calling
 * it again re-reads the environment. Until it is called, the scalar path is
 * used. */
int kernels_init(char *err, size_t errlen);

/* The selected path's name: "scalar", "avx2", "avx512" or "neon". */
const char *kernels_path(void);

/* The table of a given path, or NULL when this build or CPU cannot run it. */
const kernel_table *kernels_table(kpath path);

/* Path names for messages and for FA_KERNEL; NULL for an invalid path. */
const char *kpath_name(kpath path);

#endif
