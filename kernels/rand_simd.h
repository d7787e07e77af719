/* rand_simd.h — the Gaussian sampler of kernels.h for the SIMD paths,
 * written once: VL samples (VL / 2 words) per step. An ISA file (rand_avx2.c,
 * rand_avx512.c, rand_neon.c) includes its simd_*.h, defines FA_PATH and
 * what the sampler needs beyond the vocabulary:
 *   rand_tables, r_tables(t)      the ziggurat tables, as the lookup wants them
 *   r_lookup(t, i, &k, &w)        zig_k[i] and zig_w[i] for the VL layers i
 *   RMASK r_rejected(j, k)        the lanes with j >= zig_k[i] (slow path)
 *   rand_queue, rq_start, rq_push(q, rej, u, off), rq_drain(q, s, x, steps):
 *                                 how the rejected lanes of a round of
 *                                 RAND_ROUND samples wait for the slow path
 *   VEC r_signs(b)                lane l = +1 if bit l of b is set, else -1
 * rand_scalar.c is the specification. Rejected lanes go to its slow path
 * after their round, in increasing order as there, so the spare words are
 * drawn in the same order and the bits agree.
 */
#ifndef FA_RAND_SIMD_H
#define FA_RAND_SIMD_H

#include "paths.h"
#include "ziggurat.h"

#define FA_FN(name) FA_CAT(name, FA_PATH)

/* SplitMix64's finaliser on every word (rand_mix64 in paths.h). */
static FA_INLINE WVEC rand_mix_v(WVEC w)
{
    w = w_mullo(w_xor(w, w_srl(w, 30)), RAND_MIX1);
    w = w_mullo(w_xor(w, w_srl(w, 27)), RAND_MIX2);
    return w_xor(w, w_srl(w, 31));
}

/* The fast test of kernels.h on the VL half-words u of w: x[0 .. VL-1] =
 * the candidates (float)j * zig_w[i], signed by bit 7 of u; returns the
 * lanes that the slow path must redo. */
static FA_INLINE RMASK rand_fast_v(WVEC u, const rand_tables *tab, float *x)
{
    WVEC i = h_and(u, 127), j = h_srl(u, 8), k;
    VEC w;
    r_lookup(tab, i, &k, &w);
    VEC v = v_mul(h_to_f32(j), w);   /* j < 2^24: exact */
    v_storeu(x, v_xor_bits(v, h_shl(h_and(u, 128), 24)));
    return r_rejected(j, k);
}

void FA_FN(rand_normal_f32)(rand_stream *s, size_t n, float *x)
{
    size_t t = 0;
    if (n >= VL) {
        rand_tables tab;
        r_tables(&tab);
        const WVEC step = w_set1((uint64_t)(VL / 2) * RAND_GAMMA);
        /* lane q: the state of word next + q */
        WVEC z = w_counters(s->key + (s->next + 1) * RAND_GAMMA, RAND_GAMMA);
        rand_queue q;
        while (t + VL <= n) {
            size_t t0 = t;
            size_t end = n - t >= RAND_ROUND ? t + RAND_ROUND : t + ((n - t) & ~(size_t)(VL - 1));
            rq_start(&q);
            for (; t < end; t += VL) {
                WVEC w = rand_mix_v(z);
                z = w_add(z, step);
                rq_push(&q, rand_fast_v(w, &tab, x + t), w, t - t0);
            }
            s->next += (end - t0) / 2;
            rq_drain(&q, s, x + t0, (end - t0) / VL);
        }
    }
    /* t is even, so the rest continues the stream exactly as the spec does */
    rand_normal_f32_scalar(s, n - t, x + t);
}

/* VL signs per step from the bits of the word. */
void FA_FN(rand_signs_f32)(rand_stream *s, size_t n, float *x)
{
    size_t t = 0;
    for (; n - t >= 64; t += 64) {
        uint64_t w = rand_word(s);
        for (int q = 0; q < 64 / VL; q++)
            v_storeu(x + t + VL * q, r_signs(w >> (VL * q)));
    }
    rand_signs_f32_scalar(s, n - t, x + t);
}

#endif
