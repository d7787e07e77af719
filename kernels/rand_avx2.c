/* rand_avx2.c — the AVX2 sampler: rand_simd.h on simd_avx2.h, eight samples
 * per step, the tables read by gathers. Compiled with -mavx2 -mfma. */
#include <string.h>

#include "paths.h"
#include "simd_avx2.h"
#include "ziggurat.h"

typedef int rand_tables;   /* the gathers read zig_k and zig_w in place */
typedef uint8_t RMASK;     /* bit l: lane l rejected */
#define r_tables(t) ((void)(t))

static FA_INLINE void r_lookup(const rand_tables *t, WVEC i, WVEC *k, VEC *w)
{
    (void)t;
    *k = _mm256_i32gather_epi32((const int *)zig_k, i, 4);
    *w = _mm256_i32gather_ps(zig_w, i, 4);
}

/* j, k < 2^24, so the signed comparison is the unsigned one */
#define r_rejected(j, k) \
    ((RMASK)~_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(k, j))))

/* The round's half-words and one mask per step; the zero padding lets the
 * drain read eight masks at a time. */
typedef struct rand_queue {
    uint32_t u[RAND_ROUND];
    uint8_t rej[RAND_ROUND / 8 + 8];
} rand_queue;

#define rq_start(q) memset((q)->rej, 0, sizeof (q)->rej)

static FA_INLINE void rq_push(rand_queue *q, RMASK rej, WVEC u, size_t off)
{
    h_storeu(q->u + off, u);
    q->rej[off / 8] = rej;
}

/* eight steps' masks at a time, one iteration per rejected lane */
static void rq_drain(rand_queue *q, rand_stream *s, float *x, size_t steps)
{
    for (size_t i = 0; i < steps; i += 8) {
        uint64_t m;
        memcpy(&m, q->rej + i, sizeof m);
        for (; m; m &= m - 1) {
            size_t l = 8 * i + (size_t)__builtin_ctzll(m);
            x[l] = rand_normal_slow(q->u[l], s);
        }
    }
}

/* Eight signs per byte: the byte in every lane, one bit tested per lane. */
static FA_INLINE VEC r_signs(uint64_t b)
{
    const __m256i bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)(b & 0xff)), bit), bit);
    return _mm256_blendv_ps(_mm256_set1_ps(-1.0f), _mm256_set1_ps(1.0f), _mm256_castsi256_ps(set));
}

#define FA_PATH avx2
#include "rand_simd.h"
