/* info.h — binned entropy and mutual information, the estimator of
 * Shwartz-Ziv & Tishby (2017) and Saxe et al. (2019) that cb23 uses.
 *
 * Every element x of a row is replaced by its bin floor(x / width) (computed
 * in double, no range limits), and a row is one symbol: two rows are the same
 * symbol only when all their bins agree. The entropy of n rows is that of the
 * empirical distribution of their distinct symbols,
 *     H = -sum_s (c_s / n) log2(c_s / n)      (bits),
 * and MI(X; Y) = H(X) + H(Y) - H(X, Y), with (X, Y) the rows side by side.
 * With few samples per symbol the estimate saturates at log2(n) for H and at
 * H(Y) for MI: every distinct row of X then predicts its Y exactly. */
#ifndef FA_INFO_H
#define FA_INFO_H

#include <stddef.h>

#include "mat.h"

/* Entropy (bits) of the rows of X binned at width. 0 for X.rows == 0. */
double binned_entropy(mat X, double width);

/* MI(X; Y) in bits, X and Y with the same number of rows, both binned at
 * width. */
double binned_mi(mat X, mat Y, double width);

#endif
