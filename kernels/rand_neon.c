/* rand_neon.c — the NEON sampler: rand_simd.h on simd_neon.h, four samples
 * per step. NEON has no gather, so the table entries are loaded lane by
 * lane. */
#include "paths.h"
#include "simd_neon.h"
#include "ziggurat.h"

typedef int rand_tables;   /* read in place */
typedef uint32x4_t RMASK;  /* all ones: lane rejected */
#define r_tables(t) ((void)(t))

static inline void r_lookup(const rand_tables *t, WVEC iw, WVEC *kw, VEC *w)
{
    (void)t;
    uint32x4_t i = H32(iw), k = vdupq_n_u32(0);
    VEC v = vdupq_n_f32(0.0f);
    k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 0)], k, 0);
    k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 1)], k, 1);
    k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 2)], k, 2);
    k = vld1q_lane_u32(&zig_k[vgetq_lane_u32(i, 3)], k, 3);
    v = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 0)], v, 0);
    v = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 1)], v, 1);
    v = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 2)], v, 2);
    v = vld1q_lane_f32(&zig_w[vgetq_lane_u32(i, 3)], v, 3);
    *kw = W64(k);
    *w = v;
}

#define r_rejected(j, k) vcgeq_u32(H32(j), H32(k))

/* A list of the rejected lanes (about one step in nine has one). */
typedef rand_list rand_queue;

#define rq_start(q) ((q)->n = 0)

static inline void rq_push(rand_queue *q, RMASK rej, WVEC u, size_t off)
{
    if (vmaxvq_u32(rej) == 0)
        return;
    uint32_t ul[4], rl[4];
    h_storeu(ul, u);
    vst1q_u32(rl, rej);
    for (int l = 0; l < 4; l++)
        if (rl[l]) {
            q->u[q->n] = ul[l];
            q->t[q->n++] = (uint32_t)off + (uint32_t)l;
        }
}

#define rq_drain(q, s, x, steps) rand_list_drain(q, s, x)

/* Four signs per nibble: the nibble in every lane, one bit tested per lane. */
static inline VEC r_signs(uint64_t b)
{
    static const uint32_t bits[4] = {1, 2, 4, 8};
    uint32x4_t set = vtstq_u32(vdupq_n_u32((uint32_t)b & 0xfu), vld1q_u32(bits));
    return vbslq_f32(set, vdupq_n_f32(1.0f), vdupq_n_f32(-1.0f));
}

#define FA_PATH neon
#include "rand_simd.h"
