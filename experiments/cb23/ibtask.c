#include "ibtask.h"

#include <gsl/gsl_randist.h>

/* Icosahedron neighbours and antipodes of the 12 bit positions (MISSION.md). */
static const unsigned char nbr[IB_BITS][5] = {
    {1, 3, 5, 10, 11}, {0, 2, 3, 4, 11}, {1, 3, 4, 8, 9},  {0, 1, 2, 8, 10},
    {1, 2, 6, 9, 11},  {0, 6, 7, 10, 11}, {4, 5, 7, 9, 11}, {5, 6, 8, 9, 10},
    {2, 3, 7, 9, 10},  {2, 4, 6, 7, 8},  {0, 3, 5, 7, 8},  {0, 1, 4, 5, 6},
};
static const unsigned char antipodal[6][2] = {{0, 9}, {1, 7}, {2, 5}, {3, 6}, {4, 10}, {8, 11}};

/* Bit b of pattern i, b = 0 being the most significant of the 12. */
static int bit(unsigned i, unsigned b) { return (i >> (IB_BITS - 1 - b)) & 1u; }

int ib_label(unsigned i)
{
    int k = 0, ne = 0, na = 0;
    for (unsigned b = 0; b < IB_BITS; b++) {
        k += bit(i, b);
        for (int e = 0; e < 5; e++)   /* each edge once: from its lower end */
            ne += nbr[b][e] > b && bit(i, b) && bit(i, nbr[b][e]);
    }
    for (int p = 0; p < 6; p++)
        na += bit(i, antipodal[p][0]) && bit(i, antipodal[p][1]);
    if (k <= 4)
        return 0;
    if (k >= 8)
        return 1;
    if (k == 5)
        return ne == 7;
    if (k == 6)
        return ne >= 7 || (ne == 6 && na == 0);
    return !(ne == 8 && na == 2);   /* k == 7 */
}

void ib_rows(const size_t *idx, mat X, unsigned char *labels)
{
    for (size_t r = 0; r < X.rows; r++) {
        unsigned i = (unsigned)idx[r];
        for (unsigned b = 0; b < IB_BITS; b++)
            *mat_at(X, r, b) = (float)bit(i, b);
        if (labels)
            labels[r] = (unsigned char)ib_label(i);
    }
}

void ib_split(gsl_rng *r, size_t order[IB_PATTERNS])
{
    for (size_t i = 0; i < IB_PATTERNS; i++)
        order[i] = i;
    gsl_ran_shuffle(r, order, IB_PATTERNS, sizeof *order);
}
