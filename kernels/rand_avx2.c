/* rand_avx2.c — the Gaussian sampler of kernels.h, eight samples (four
 * words) per step. AVX2 has no 64-bit multiply, so SplitMix64's products
 * are built from three 32 x 32 -> 64-bit ones (the high x high part falls
 * out of the low 64 bits). Rejected lanes go to the shared slow path in
 * increasing order, as in the scalar path, so the bits agree. */
#include <immintrin.h>
#include <string.h>

#include "paths.h"
#include "ziggurat.h"

/* a * b mod 2^64 per lane, b = (bhi << 32) + blo given as its halves */
static inline __m256i mullo64(__m256i a, __m256i blo, __m256i bhi)
{
    __m256i lo = _mm256_mul_epu32(a, blo);
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), blo),
                                     _mm256_mul_epu32(a, bhi));
    return _mm256_add_epi64(lo, _mm256_slli_epi64(cross, 32));
}

/* Samples per round: a round stores its words and the masks of its rejected
 * lanes, and the slow path takes them after it, still in increasing order;
 * a branch per step would mispredict on a fifth of the steps. */
enum { ROUND = 512 };

void rand_normal_f32_avx2(rand_stream *s, size_t n, float *x)
{
    size_t t = 0;
    if (n >= 8) {
        const __m256i m1lo = _mm256_set1_epi64x((long long)(RAND_MIX1 & 0xffffffffu));
        const __m256i m1hi = _mm256_set1_epi64x((long long)(RAND_MIX1 >> 32));
        const __m256i m2lo = _mm256_set1_epi64x((long long)(RAND_MIX2 & 0xffffffffu));
        const __m256i m2hi = _mm256_set1_epi64x((long long)(RAND_MIX2 >> 32));
        const __m256i step = _mm256_set1_epi64x((long long)(4 * RAND_GAMMA));
        const __m256i low7 = _mm256_set1_epi32(127), bit7 = _mm256_set1_epi32(128);
        uint64_t z0 = s->key + (s->next + 1) * RAND_GAMMA;
        __m256i z = _mm256_set_epi64x((long long)(z0 + 3 * RAND_GAMMA),
                                      (long long)(z0 + 2 * RAND_GAMMA),
                                      (long long)(z0 + RAND_GAMMA), (long long)z0);
        uint32_t u[ROUND];                   /* the round's half-words */
        uint8_t rej[ROUND / 8 + 8] = {0};    /* one mask per step; zero padding */
        while (t + 8 <= n) {
            size_t t0 = t;
            size_t end = n - t >= ROUND ? t + ROUND : t + ((n - t) & ~(size_t)7);
            for (; t < end; t += 8) {
                __m256i w = z;
                z = _mm256_add_epi64(z, step);
                w = mullo64(_mm256_xor_si256(w, _mm256_srli_epi64(w, 30)), m1lo, m1hi);
                w = mullo64(_mm256_xor_si256(w, _mm256_srli_epi64(w, 27)), m2lo, m2hi);
                w = _mm256_xor_si256(w, _mm256_srli_epi64(w, 31));
                __m256i i = _mm256_and_si256(w, low7);
                __m256i j = _mm256_srli_epi32(w, 8);
                __m256i k = _mm256_i32gather_epi32((const int *)zig_k, i, 4);
                __m256 v =
                    _mm256_mul_ps(_mm256_cvtepi32_ps(j), _mm256_i32gather_ps(zig_w, i, 4));
                __m256i sign = _mm256_slli_epi32(_mm256_and_si256(w, bit7), 24);
                _mm256_storeu_ps(x + t, _mm256_castsi256_ps(
                                            _mm256_xor_si256(_mm256_castps_si256(v), sign)));
                _mm256_storeu_si256((__m256i *)(u + (t - t0)), w);
                /* j, k < 2^24, so the signed comparison is the unsigned one */
                rej[(t - t0) / 8] = (uint8_t)~_mm256_movemask_ps(
                    _mm256_castsi256_ps(_mm256_cmpgt_epi32(k, j)));
            }
            s->next += (end - t0) / 2;
            /* eight steps' masks at a time, one iteration per rejected lane */
            size_t steps = (end - t0) / 8;
            for (size_t q = 0; q < steps; q += 8) {
                uint64_t m;
                memcpy(&m, rej + q, sizeof m);
                if (steps - q < 8)
                    m &= (UINT64_C(1) << (8 * (steps - q))) - 1;
                for (; m; m &= m - 1) {
                    size_t l = 8 * q + (size_t)__builtin_ctzll(m);
                    x[t0 + l] = rand_normal_slow(u[l], s);
                }
            }
        }
    }
    /* t is even, so the rest continues the stream exactly as the spec does */
    rand_normal_f32_scalar(s, n - t, x + t);
}

/* Eight signs per byte of the word: the byte in every lane, one bit tested
 * per lane. */
void rand_signs_f32_avx2(rand_stream *s, size_t n, float *x)
{
    const __m256 plus = _mm256_set1_ps(1.0f), minus = _mm256_set1_ps(-1.0f);
    const __m256i bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    size_t t = 0;
    for (; n - t >= 64; t += 64) {
        uint64_t w = rand_word(s);
        for (int q = 0; q < 8; q++) {
            __m256i b = _mm256_and_si256(_mm256_set1_epi32((int)((w >> (8 * q)) & 0xff)), bit);
            __m256 set = _mm256_castsi256_ps(_mm256_cmpeq_epi32(b, bit));
            _mm256_storeu_ps(x + t + 8 * q, _mm256_blendv_ps(minus, plus, set));
        }
    }
    rand_signs_f32_scalar(s, n - t, x + t);
}
