#include "par.h"

void par_for(size_t n, int threads, void (*fn)(size_t i, void *ctx), void *ctx)
{
    long long count = (long long)n;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long long i = 0; i < count; i++)
        fn((size_t)i, ctx);
}
