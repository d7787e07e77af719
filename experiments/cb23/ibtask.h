/* ibtask.h — IBTask, the binary classification task of Shwartz-Ziv & Tishby
 * (2017) that cb23 uses (their var_u.mat), regenerated from its rule.
 *
 * Input i in [0, 4096) is the 12-bit binary of i, most significant bit first.
 * The 12 bits sit on the vertices of an icosahedron; with k set bits, n_e
 * edges whose two ends are set and n_a antipodal pairs both set:
 *   y = 0 if k <= 4,  y = 1 if k >= 8,
 *   k = 5: y = 1 iff n_e = 7,
 *   k = 6: y = 1 iff n_e >= 7 or (n_e = 6 and n_a = 0),
 *   k = 7: y = 0 iff n_e = 8 and n_a = 2.
 * This gives 2118 ones (51.7 %); the test suite checks the labels' sha256. */
#ifndef CB23_IBTASK_H
#define CB23_IBTASK_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "mat.h"

enum {
    IB_BITS = 12,
    IB_PATTERNS = 4096,
    IB_TRAIN = 3277,   /* authors' code: the first 80 % of a shuffled copy */
    IB_TEST = IB_PATTERNS - IB_TRAIN,
};

/* The label (0 or 1) of pattern i. */
int ib_label(unsigned i);

/* Row r of X (rows x 12) gets the bits (0/1) of pattern idx[r]; labels[r]
 * its label. */
void ib_rows(const size_t *idx, mat X, unsigned char *labels);

/* A uniformly random order of the 4096 patterns (GSL shuffle); the first
 * IB_TRAIN are the training set, the rest the test set. */
void ib_split(gsl_rng *r, size_t order[IB_PATTERNS]);

#endif
