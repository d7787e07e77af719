/* rand_avx512.c — the AVX-512 sampler: rand_simd.h on simd_avx512.h,
 * sixteen samples per step; the ziggurat tables are held in registers (a
 * 128-entry table is eight of them; two-source permutes pick within 32
 * entries, two blends between the four quarters: cheaper than gathers,
 * which are slow on some CPUs). Compiled with -mavx512f -mavx512vl
 * -mavx512dq. */
#include "paths.h"
#include "simd_avx512.h"
#include "ziggurat.h"

typedef struct table128 { __m512i q[8]; } table128;
typedef struct rand_tables { table128 k, w; } rand_tables;
typedef __mmask16 RMASK;   /* bit l: lane l rejected */

static inline table128 table_load(const void *t)
{
    table128 r;
    for (int i = 0; i < 8; i++)
        r.q[i] = _mm512_loadu_si512((const char *)t + 64 * i);
    return r;
}

static inline void r_tables(rand_tables *t)
{
    t->k = table_load(zig_k);
    t->w = table_load(zig_w);
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

static FA_INLINE void r_lookup(const rand_tables *t, WVEC i, WVEC *k, VEC *w)
{
    __mmask16 m5 = _mm512_test_epi32_mask(i, _mm512_set1_epi32(32));
    __mmask16 m6 = _mm512_test_epi32_mask(i, _mm512_set1_epi32(64));
    *k = table_lookup(&t->k, i, m5, m6);
    *w = _mm512_castsi512_ps(table_lookup(&t->w, i, m5, m6));
}

#define r_rejected(j, k) _mm512_cmpge_epu32_mask(j, k)

/* The rejected lanes of a round as a list, compressed without a branch. */
typedef rand_list rand_queue;
#define rq_start(q) ((q)->n = 0)

/* compress in registers, then a plain store: memory-destination compress is
 * microcoded on some CPUs */
static FA_INLINE void rq_push(rand_queue *q, RMASK rej, WVEC u, size_t off)
{
    const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    __m512i idx = _mm512_add_epi32(lane, _mm512_set1_epi32((int)off));
    _mm512_storeu_si512((void *)(q->u + q->n), _mm512_maskz_compress_epi32(rej, u));
    _mm512_storeu_si512((void *)(q->t + q->n), _mm512_maskz_compress_epi32(rej, idx));
    q->n += (size_t)__builtin_popcount(rej);
}

#define rq_drain(q, s, x, steps) rand_list_drain(q, s, x)

/* Sixteen signs per mask register: a blend under 16 bits of the word. */
#define r_signs(b) _mm512_mask_blend_ps((__mmask16)(b), _mm512_set1_ps(-1.0f), _mm512_set1_ps(1.0f))

#define FA_PATH avx512
#include "rand_simd.h"
