/* dump.h — the text format the reference checks read (the scripts beside it):
 * a block per quantity, a line "name rows cols" and then its values row by
 * row, each printed with 9 significant digits (a float's round trip). */
#ifndef FA_REF_DUMP_H
#define FA_REF_DUMP_H

#include <stdio.h>

#include "mat.h"

static inline void dump_mat(FILE *o, const char *name, mat a)
{
    fprintf(o, "%s %zu %zu\n", name, a.rows, a.cols);
    for (size_t i = 0; i < a.rows; i++)
        for (size_t j = 0; j < a.cols; j++)
            fprintf(o, "%.9g%c", *mat_at(a, i, j), j + 1 == a.cols ? '\n' : ' ');
}

static inline void dump_floats(FILE *o, const char *name, const float *x, size_t n)
{
    mat a = {1, n, n, (float *)x};
    dump_mat(o, name, a);
}

static inline void dump_doubles(FILE *o, const char *name, const double *x, size_t n)
{
    fprintf(o, "%s 1 %zu\n", name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%.17g%c", x[i], i + 1 == n ? '\n' : ' ');
}

#endif
