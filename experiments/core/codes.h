/* codes.h — mutually exclusive n-hot class codes (rs21 Methods 4.9).
 *
 * For classes c = 0, 1, ..., C-1 in turn, n output units are drawn without
 * replacement from those no earlier class uses, so no two codes share a unit
 * (5-of-50 for width 50, 10-of-100 for width 100). A prediction is decoded as
 * the class whose code has the largest inner product with the output. */
#ifndef FA_CODES_H
#define FA_CODES_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "mat.h"

/* Fill codes (classes x width, 0/1) with fresh codes; needs classes*nhot <= width. */
void nhot_codes(gsl_rng *r, size_t nhot, mat codes);

/* Y[i] = codes[labels[i]] for i < Y.rows. */
void nhot_targets(mat codes, const uint8_t *labels, mat Y);

/* argmax_c <y, codes[c]>; the lowest class wins a tie. */
size_t nhot_decode(mat codes, const float *y);

/* Fraction of rows of Yhat decoded to their label. */
double nhot_accuracy(mat codes, mat Yhat, const uint8_t *labels);

#endif
