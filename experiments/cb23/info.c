#include "info.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

/* qsort has no context argument; each thread sorts its own table. */
static _Thread_local const int64_t *sort_keys;
static _Thread_local size_t sort_width;

static int cmp_rows(const void *a, const void *b)
{
    const int64_t *x = sort_keys + *(const size_t *)a * sort_width;
    const int64_t *y = sort_keys + *(const size_t *)b * sort_width;
    for (size_t j = 0; j < sort_width; j++)
        if (x[j] != y[j])
            return x[j] < y[j] ? -1 : 1;
    return 0;
}

/* Bins of X in columns [c0, c0 + X.cols) of the n x width key table. */
static void put_bins(int64_t *keys, size_t width, size_t c0, mat X, double w)
{
    for (size_t i = 0; i < X.rows; i++)
        for (size_t j = 0; j < X.cols; j++)
            keys[i * width + c0 + j] = (int64_t)floor((double)*mat_at(X, i, j) / w);
}

/* Sort the rows of the key table; then the entropies of the first `prefix`
 * columns (out[0]) and of all columns (out[1]) from the run lengths. */
static void sorted_entropies(const int64_t *keys, size_t n, size_t width, size_t prefix,
                             double out[2])
{
    out[0] = out[1] = 0.0;
    if (n == 0)
        return;
    size_t *order = fa_malloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_keys = keys, sort_width = width;
    qsort(order, n, sizeof *order, cmp_rows);
    size_t lens[2] = {1, 1}, widths[2] = {prefix, width};
    for (size_t i = 1; i <= n; i++)
        for (int k = 0; k < 2; k++) {
            int same = 0;
            if (i < n) {
                const int64_t *x = keys + order[i - 1] * width, *y = keys + order[i] * width;
                same = 1;
                for (size_t j = 0; j < widths[k] && same; j++)
                    same = x[j] == y[j];
            }
            if (same) {
                lens[k]++;
            } else {
                double p = (double)lens[k] / (double)n;
                out[k] -= p * log2(p);
                lens[k] = 1;
            }
        }
    free(order);
}

double binned_entropy(mat X, double width)
{
    int64_t *keys = fa_malloc((X.rows * X.cols + 1) * sizeof *keys);
    put_bins(keys, X.cols, 0, X, width);
    double h[2];
    sorted_entropies(keys, X.rows, X.cols, X.cols, h);
    free(keys);
    return h[1];
}

double binned_mi(mat X, mat Y, double width)
{
    if (X.rows != Y.rows)
        fa_die("binned_mi: X has %zu rows, Y %zu", X.rows, Y.rows);
    size_t n = X.rows, w = X.cols + Y.cols;
    int64_t *keys = fa_malloc((n * w + 1) * sizeof *keys);
    put_bins(keys, w, 0, X, width);
    put_bins(keys, w, X.cols, Y, width);
    double hx_hxy[2];
    sorted_entropies(keys, n, w, X.cols, hx_hxy);
    free(keys);
    return hx_hxy[0] + binned_entropy(Y, width) - hx_hxy[1];
}
