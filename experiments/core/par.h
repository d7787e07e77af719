/* par.h — repetitions in parallel, and the jobs a figure can shard.
 *
 * par_for runs fn(i, ctx) for i = 0..n-1 on up to `threads` OpenMP threads,
 * handing out indices one at a time. Each index must write only its own
 * results (and draw from its own rng_stream(seed, i, ...)), and the caller
 * combines them in index order afterwards: then the output does not depend
 * on the number of threads or on scheduling.
 *
 * par_jobs is par_for for a figure's job list (shard.h): the same without
 * --shard or --merge. With them, `io` names job i's results — everything the
 * job leaves behind that the program reads later — by calling par_io_bytes
 * and par_io_alloc on them in a fixed order; the same function saves a job
 * into a shard file and loads it back at the merge. */
#ifndef FA_PAR_H
#define FA_PAR_H

#include <stddef.h>

void par_for(size_t n, int threads, void (*fn)(size_t i, void *ctx), void *ctx);

typedef struct par_io par_io;
typedef void (*par_io_fn)(size_t i, void *ctx, par_io *io);

void par_jobs(size_t n, int threads, void (*fn)(size_t i, void *ctx), par_io_fn io,
              void *ctx);

/* `bytes` bytes at p: saved, or loaded into p. */
void par_io_bytes(par_io *io, void *p, size_t bytes);

/* An array the job allocated (p, `bytes` long, or NULL): saved with a mark
 * of presence and returned; or loaded into a new fa_malloc'ed block, which
 * is returned (NULL if it was). `bytes` must be computable by the loader,
 * from what it loaded before: rec->x = par_io_alloc(io, rec->x, bytes). */
void *par_io_alloc(par_io *io, void *p, size_t bytes);

/* The job's part of one array: elements i*per .. (i+1)*per-1 of base
 * (elem bytes each). The common case: job i owns a fixed-size block. */
void par_io_block(par_io *io, void *base, size_t i, size_t per, size_t elem);

#endif
