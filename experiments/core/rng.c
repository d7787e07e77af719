#include "rng.h"

#include <gsl/gsl_randist.h>

#include "util.h"

/* One step of SplitMix64 from state x: the first word of the sampler's
 * stream keyed x (kernels.h), so the generator is written down once. */
static uint64_t splitmix64(uint64_t x)
{
    rand_stream s = rand_stream_make(x);
    return rand_word(&s);
}

static uint64_t stream_hash(uint64_t seed, uint64_t rep, uint64_t stream)
{
    return splitmix64(splitmix64(splitmix64(seed) ^ rep) ^ stream);
}

unsigned long rng_stream_seed(uint64_t seed, uint64_t rep, uint64_t stream)
{
    uint64_t h = stream_hash(seed, rep, stream);
    /* mt19937 takes 32 bits of seed and maps 0 to its default; avoid 0 */
    unsigned long s = (unsigned long)(h & 0xffffffffu);
    return s ? s : 1;
}

gsl_rng *rng_stream(uint64_t seed, uint64_t rep, uint64_t stream)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        fa_die("out of memory (random number generator)");
    gsl_rng_set(r, rng_stream_seed(seed, rep, stream));
    return r;
}

void rng_free(gsl_rng *r) { gsl_rng_free(r); }

double rng_gauss(gsl_rng *r) { return gsl_ran_gaussian_ziggurat(r, 1.0); }

rand_stream rng_rand_stream(uint64_t seed, uint64_t rep, uint64_t stream)
{
    /* one more round, so that the key is not GSL's seed of the same stream */
    return rand_stream_make(splitmix64(stream_hash(seed, rep, stream)));
}
