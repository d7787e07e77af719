/* rng.h — independent, reproducible random streams.
 *
 * A stream is identified by (seed, rep, stream): the run's --seed, the
 * repetition, and a small number naming what the stream is for inside the
 * repetition (e.g. 0 for weights, 1 for data order). The three are mixed by
 * SplitMix64 into the seed of a GSL Mersenne Twister, so repetitions never
 * share random numbers and a repetition's numbers do not depend on which
 * thread runs it or on how many repetitions there are. */
#ifndef FA_RNG_H
#define FA_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "kernels.h"

gsl_rng *rng_stream(uint64_t seed, uint64_t rep, uint64_t stream);
void rng_free(gsl_rng *r);

/* The 32-bit GSL seed of a stream (exposed for tests). */
unsigned long rng_stream_seed(uint64_t seed, uint64_t rep, uint64_t stream);

/* N(0, 1) by GSL's ziggurat sampler. */
double rng_gauss(gsl_rng *r);

/* The same stream for the package's own vectorised sampler (kernels.h,
 * "Gaussian random numbers"), seeded with all 64 bits of the mix. GSL stays
 * the reference and serves every draw made a handful of times per run
 * (initial weights, data order, codes); the open-loop figures, whose work
 * is mostly drawing random matrices, draw those matrices from this one
 * (tests/test_rand.c validates it against GSL). */
rand_stream rng_rand_stream(uint64_t seed, uint64_t rep, uint64_t stream);

#endif
