/* rand_avx512.c — the Gaussian sampler of kernels.h, sixteen samples (eight
 * words) per step: SplitMix64 with AVX-512DQ's 64-bit multiplies, the
 * ziggurat tables held in registers (a 128-entry table is eight of them;
 * two-source permutes pick within 32 entries, two blends between the four
 * quarters: cheaper than gathers, which are slow on some CPUs). Rejected lanes
 * go to the shared slow path in increasing order, as in the scalar path, so
 * the spare words are drawn in the same order and the bits agree. */
#include <immintrin.h>

#include "paths.h"
#include "ziggurat.h"

typedef struct table128 { __m512i q[8]; } table128;

static inline table128 table_load(const void *t)
{
    table128 r;
    for (int i = 0; i < 8; i++)
        r.q[i] = _mm512_loadu_si512((const char *)t + 64 * i);
    return r;
}

/* t[i] per lane for i in 0..127; m5, m6: lanes whose bit 5, bit 6 of i is set */
static inline __m512i table_lookup(const table128 *t, __m512i i, __mmask16 m5, __mmask16 m6)
{
    __m512i a = _mm512_permutex2var_epi32(t->q[0], i, t->q[1]);
    __m512i b = _mm512_permutex2var_epi32(t->q[2], i, t->q[3]);
    __m512i c = _mm512_permutex2var_epi32(t->q[4], i, t->q[5]);
    __m512i d = _mm512_permutex2var_epi32(t->q[6], i, t->q[7]);
    return _mm512_mask_blend_epi32(m6, _mm512_mask_blend_epi32(m5, a, b),
                                   _mm512_mask_blend_epi32(m5, c, d));
}

/* Samples per round: the rejected lanes of a round are queued without a
 * branch (compressed into a list) and sent to the slow path after it, still
 * in increasing order; a branch per step would mispredict a third of the
 * time. */
enum { ROUND = 512 };

void rand_normal_f32_avx512(rand_stream *s, size_t n, float *x)
{
    size_t t = 0;
    if (n >= 16) {
        const __m512i gamma = _mm512_set1_epi64((long long)RAND_GAMMA);
        const __m512i mix1 = _mm512_set1_epi64((long long)RAND_MIX1);
        const __m512i mix2 = _mm512_set1_epi64((long long)RAND_MIX2);
        const __m512i step = _mm512_set1_epi64((long long)(8 * RAND_GAMMA));
        const __m512i low7 = _mm512_set1_epi32(127), bit7 = _mm512_set1_epi32(128);
        const __m512i bit5 = _mm512_set1_epi32(32), bit6 = _mm512_set1_epi32(64);
        const __m512i lane =
            _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        const table128 kt = table_load(zig_k), wt = table_load(zig_w);
        /* lane q holds key + (next + q + 1) * gamma: the state of word next + q */
        __m512i z = _mm512_add_epi64(
            _mm512_set1_epi64((long long)(s->key + s->next * RAND_GAMMA)),
            _mm512_mullo_epi64(_mm512_set_epi64(8, 7, 6, 5, 4, 3, 2, 1), gamma));
        uint32_t ru[ROUND + 16], rt[ROUND + 16];   /* rejected: half-word, index */
        while (t + 16 <= n) {
            size_t t0 = t, nr = 0;
            size_t end = n - t >= ROUND ? t + ROUND : t + ((n - t) & ~(size_t)15);
            for (; t < end; t += 16) {
                __m512i w = z;
                z = _mm512_add_epi64(z, step);
                w = _mm512_mullo_epi64(_mm512_xor_si512(w, _mm512_srli_epi64(w, 30)), mix1);
                w = _mm512_mullo_epi64(_mm512_xor_si512(w, _mm512_srli_epi64(w, 27)), mix2);
                w = _mm512_xor_si512(w, _mm512_srli_epi64(w, 31));
                /* as sixteen 32-bit lanes: lane 2q = low half of word q, 2q+1 = high */
                __m512i i = _mm512_and_si512(w, low7);
                __m512i j = _mm512_srli_epi32(w, 8);
                __mmask16 m5 = _mm512_test_epi32_mask(w, bit5);
                __mmask16 m6 = _mm512_test_epi32_mask(w, bit6);
                __m512i k = table_lookup(&kt, i, m5, m6);
                __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(j),
                                         _mm512_castsi512_ps(table_lookup(&wt, i, m5, m6)));
                __m512i sign = _mm512_slli_epi32(_mm512_and_si512(w, bit7), 24);
                _mm512_storeu_ps(x + t, _mm512_castsi512_ps(
                                            _mm512_xor_si512(_mm512_castps_si512(v), sign)));
                __mmask16 rej = _mm512_cmpge_epu32_mask(j, k);
                /* compress in registers, then a plain store: memory-destination
                 * compress is microcoded on some CPUs */
                __m512i idx = _mm512_add_epi32(lane, _mm512_set1_epi32((int)(t - t0)));
                _mm512_storeu_si512((void *)(ru + nr), _mm512_maskz_compress_epi32(rej, w));
                _mm512_storeu_si512((void *)(rt + nr), _mm512_maskz_compress_epi32(rej, idx));
                nr += (size_t)__builtin_popcount(rej);
            }
            s->next += (end - t0) / 2;
            for (size_t r = 0; r < nr; r++)
                x[t0 + rt[r]] = rand_normal_slow(ru[r], s);
        }
    }
    /* t is even, so the rest continues the stream exactly as the spec does */
    rand_normal_f32_scalar(s, n - t, x + t);
}

/* Sixteen signs per mask register: a blend under 16 bits of the word. */
void rand_signs_f32_avx512(rand_stream *s, size_t n, float *x)
{
    const __m512 plus = _mm512_set1_ps(1.0f), minus = _mm512_set1_ps(-1.0f);
    size_t t = 0;
    for (; n - t >= 64; t += 64) {
        uint64_t w = rand_word(s);
        for (int q = 0; q < 4; q++)
            _mm512_storeu_ps(x + t + 16 * q,
                             _mm512_mask_blend_ps((__mmask16)(w >> (16 * q)), minus, plus));
    }
    rand_signs_f32_scalar(s, n - t, x + t);
}
