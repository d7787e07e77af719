/* hist.h — histograms of samples over their own range, as densities, written
 * as TSV rows. The range is numpy's default (the samples' minimum to
 * maximum), which is what the authors' plots use when they give no bins. */
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

#endif
