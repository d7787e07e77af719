#include "par.h"

#include "shard.h"

void par_for(size_t n, int threads, void (*fn)(size_t i, void *ctx), void *ctx)
{
    long long count = (long long)n;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long long i = 0; i < count; i++)
        fn((size_t)i, ctx);
}

void par_jobs(size_t n, int threads, void (*fn)(size_t i, void *ctx), par_io_fn io,
              void *ctx)
{
    if (!shard_stage(n, threads, fn, io, ctx))
        par_for(n, threads, fn, ctx);
}

void par_io_block(par_io *io, void *base, size_t i, size_t per, size_t elem)
{
    par_io_bytes(io, (char *)base + i * per * elem, per * elem);
}
