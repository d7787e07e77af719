/* rand_scalar.c — the specification of the Gaussian sampler (kernels.h) and
 * its slow path, which every path shares. */
#include <math.h>
#include <string.h>

#include "paths.h"
#include "ziggurat.h"

rand_stream rand_stream_make(uint64_t seed)
{
    /* the spare words: a second SplitMix64 sequence from a re-mixed key */
    rand_stream s = {seed, 0, rand_mix64(seed ^ 0x6a09e667f3bcc909ULL), 0};
    return s;
}

uint64_t rand_word(rand_stream *s) { return rand_word_at(s->key, s->next++); }

static uint64_t spare_word(rand_stream *s) { return rand_word_at(s->spare_key, s->spare_next++); }

/* U in (0, 1): 52 random bits and a half, exact in double. */
static double spare_uniform(rand_stream *s)
{
    return ((double)(spare_word(s) >> 12) + 0.5) * 0x1p-52;
}

static float with_sign(float x, uint32_t u)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    b ^= (u & 128u) << 24;   /* bit 7 of u becomes the sign bit */
    memcpy(&x, &b, sizeof x);
    return x;
}

float rand_normal_slow(uint32_t u, rand_stream *s)
{
    for (;;) {
        uint32_t i = u & 127u, j = u >> 8;
        float x = (float)j * zig_w[i];
        if (j < zig_k[i])
            return with_sign(x, u);
        if (i == 0) {   /* the tail beyond R (Marsaglia 1964) */
            double a, b;
            do {
                a = -log(spare_uniform(s)) / ZIG_R;
                b = -log(spare_uniform(s));
            } while (b + b < a * a);
            return with_sign((float)(ZIG_R + a), u);
        }
        double y = zig_f[i] + spare_uniform(s) * (zig_f[i - 1] - zig_f[i]);
        if (y < exp(-0.5 * (double)x * (double)x))
            return with_sign(x, u);
        u = (uint32_t)spare_word(s);
    }
}

void rand_normal_f32_scalar(rand_stream *s, size_t n, float *x)
{
    uint64_t w = 0;
    for (size_t t = 0; t < n; t++) {
        if (t % 2 == 0)
            w = rand_word(s);
        uint32_t u = (uint32_t)(t % 2 == 0 ? w : w >> 32);
        uint32_t i = u & 127u, j = u >> 8;
        x[t] = j < zig_k[i] ? with_sign((float)j * zig_w[i], u) : rand_normal_slow(u, s);
    }
}

void rand_signs_f32_scalar(rand_stream *s, size_t n, float *x)
{
    uint64_t w = 0;
    for (size_t t = 0; t < n; t++) {
        if (t % 64 == 0)
            w = rand_word(s);
        x[t] = (w >> (t % 64)) & 1 ? 1.0f : -1.0f;
    }
}
