/* par.h — repetitions in parallel.
 *
 * par_for runs fn(i, ctx) for i = 0..n-1 on up to `threads` OpenMP threads,
 * handing out indices one at a time. Each index must write only its own
 * results (and draw from its own rng_stream(seed, i, ...)), and the caller
 * combines them in index order afterwards: then the output does not depend
 * on the number of threads or on scheduling. */
#ifndef FA_PAR_H
#define FA_PAR_H

#include <stddef.h>

void par_for(size_t n, int threads, void (*fn)(size_t i, void *ctx), void *ctx);

#endif
