/* series.h — the one layout of every series file a figure writes.
 *
 * A series file is long: one row per point of one curve, with the columns
 *
 *     quantity   what is measured ("dw", "test_acc", ...)
 *     condition  the run it comes from (the setup's name: "fa", "fa-wn", ...)
 *     layer      the layer (0 where the quantity has none)
 *     x          the position along the curve (iteration, epoch, lag, ...)
 *     mean       mean over the repetitions that define the value
 *     sem        its standard error (NaN for a single value)
 *     n          the number of repetitions of the run (values that are
 *                undefined, NaN, in a repetition are left out of mean and sem)
 *
 * A condition made of several factors joins them with commas, the factor
 * that changes least first: "IBTask,FA", "BP,dWo=on", "beta=0.2,wn".
 *
 * Curves summarised by quartiles over repetitions instead of mean and SEM
 * (sse19, which reports medians) have the same layout with the three
 * quartiles in place of mean and sem:
 *
 *     quantity  condition  layer  x  q25  median  q75  n
 *
 * The plots select rows by these names (figures/common.gpi), so a condition
 * is named once, by the program. Tables that are not curves over repetitions
 * (per sample or per neuron values, histograms, summaries) keep a layout of
 * their own, described where they are written. */
#ifndef FA_SERIES_H
#define FA_SERIES_H

#include <stddef.h>

#include "out.h"

#define SERIES_COLUMNS "quantity\tcondition\tlayer\tx\tmean\tsem\tn"
#define QUARTILE_COLUMNS "quantity\tcondition\tlayer\tx\tq25\tmedian\tq75\tn"

/* Open DIR/NAME as a series file (out_open with SERIES_COLUMNS). */
out_file *series_open(const struct run_config *cfg, const char *name);

/* Open DIR/NAME as a quartile file (out_open with QUARTILE_COLUMNS). */
out_file *series_open_quartiles(const struct run_config *cfg, const char *name);

/* One row. Means and SEMs are written with 6 significant digits. */
void series_row(out_file *o, const char *quantity, const char *condition, size_t layer,
                size_t x, double mean, double sem, size_t n);

/* The same with `digits` significant digits (%.*g). */
void series_row_digits(out_file *o, const char *quantity, const char *condition, size_t layer,
                       size_t x, double mean, double sem, size_t n, int digits);

/* One row of a quartile file: q[0] = 25 %, q[1] = median, q[2] = 75 %, with 6
 * significant digits. */
void series_row_quartiles(out_file *o, const char *quantity, const char *condition,
                          size_t layer, size_t x, const double q[3], size_t n);

/* The same with `decimals` digits after the point (%.*f), for angles. */
void series_row_fixed(out_file *o, const char *quantity, const char *condition, size_t layer,
                      size_t x, double mean, double sem, size_t n, int decimals);

#endif
