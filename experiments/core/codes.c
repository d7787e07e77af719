#include "codes.h"

#include <gsl/gsl_randist.h>

#include "util.h"

void nhot_codes(gsl_rng *r, size_t nhot, mat codes)
{
    size_t classes = codes.rows, width = codes.cols;
    if (classes * nhot > width)
        fa_die("%zu classes of %zu-hot codes need %zu units, have %zu", classes, nhot,
               classes * nhot, width);
    size_t *free_units = fa_malloc(width * sizeof *free_units);
    size_t *pick = fa_malloc((nhot ? nhot : 1) * sizeof *pick);
    size_t nfree = width;
    for (size_t j = 0; j < width; j++)
        free_units[j] = j;
    mat_fill(codes, 0.0f);
    for (size_t c = 0; c < classes; c++) {
        gsl_ran_choose(r, pick, nhot, free_units, nfree, sizeof *pick);
        for (size_t k = 0; k < nhot; k++)
            *mat_at(codes, c, pick[k]) = 1.0f;
        /* keep the unused units, in order */
        size_t kept = 0;
        for (size_t j = 0; j < nfree; j++)
            if (*mat_at(codes, c, free_units[j]) == 0.0f)
                free_units[kept++] = free_units[j];
        nfree = kept;
    }
    free(free_units);
    free(pick);
}

void nhot_targets(mat codes, const uint8_t *labels, mat Y)
{
    for (size_t i = 0; i < Y.rows; i++)
        mat_copy(mat_rows(Y, i, 1), mat_rows(codes, labels[i], 1));
}

size_t nhot_decode(mat codes, const float *y)
{
    size_t best = 0;
    double best_score = 0;
    for (size_t c = 0; c < codes.rows; c++) {
        double s = 0;
        for (size_t j = 0; j < codes.cols; j++)
            s += (double)*mat_at(codes, c, j) * y[j];
        if (c == 0 || s > best_score) {
            best = c;
            best_score = s;
        }
    }
    return best;
}

double nhot_accuracy(mat codes, mat Yhat, const uint8_t *labels)
{
    size_t right = 0;
    for (size_t i = 0; i < Yhat.rows; i++)
        right += nhot_decode(codes, mat_at(Yhat, i, 0)) == labels[i];
    return Yhat.rows ? (double)right / (double)Yhat.rows : 0.0;
}
