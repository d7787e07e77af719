/* hist.h — histograms of samples over their own range, as densities, written
 * as TSV rows, and per-block summaries of samples. The range is numpy's
 * default (the samples' minimum to maximum), which is what the authors'
 * plots use when they give no bins. */
#ifndef FA_HIST_H
#define FA_HIST_H

#include <stddef.h>

#include "out.h"

/* Density of the finite values of x[0..n) in `bins` equal bins spanning
 * their minimum to maximum (the maximum belongs to the last bin; a single
 * distinct value gets the range value +- 0.5, as numpy does). Stores the
 * first bin's lower edge in *lo and the bin width in *width; returns the
 * number of finite values (0: density is all zero). */
size_t hist_own_range(const double *x, size_t n, size_t bins, double *density,
                      double *lo, double *width);

/* Write one row per bin: "<prefix>\t<bin_lo>\t<bin_hi>\t<density>\n". */
void hist_write(out_file *o, const char *prefix, const double *x, size_t n,
                size_t bins);

/* Mean and SD (n - 1) of the finite values in each of `blocks` blocks of
 * `block` consecutive samples, the samples being x[0], x[stride], ...;
 * either output may be NULL, and a block with too few finite values gets NaN.
 * In the sampling figures a block is one repetition, drawn from its own
 * random stream, so its summaries are independent replicates: the values
 * the claims' intervals are taken over. */
void block_stats(const double *x, size_t stride, size_t blocks, size_t block, double *mean,
                 double *sd);

#endif
