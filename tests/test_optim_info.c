/* test_optim_info.c — the core pieces cb23 added: Adam against a step worked
 * by hand, and the binned entropy / mutual information on distributions whose
 * entropy is known, and against a brute-force count. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "../experiments/cb23/adam.h"
#include "core.h"
#include "../experiments/cb23/info.h"

/* Two steps of Adam(lr = 0.1) on p = [1, -2, 0.5] with gradients
 * g1 = [0.2, -0.1, 0] and g2 = [0.4, 0.3, 0], worked by hand:
 * step 1: m = 0.1 g1, v = 0.001 g1^2, m/(1-0.9) = g1, sqrt(v/(1-0.999)) = |g1|,
 *         so p -= 0.1 g1 / (|g1| + 1e-8) = 0.1 sign(g1) (to 1e-7 relative).
 * step 2: m = 0.9 m + 0.1 g2, v = 0.999 v + 0.001 g2^2,
 *         mhat = m / 0.19, vhat = v / (1 - 0.999^2) = v / 0.001999,
 *         p -= 0.1 mhat / (sqrt(vhat) + 1e-8).
 *   element 0: m = 0.058, v = 1.9996e-4  -> mhat = 0.3052632, sqrt(vhat) = 0.3162752
 *   element 1: m = 0.021, v = 9.999e-5   -> mhat = 0.1105263, sqrt(vhat) = 0.2236515
 * The third element has g = 0 throughout and must not move. */
Test(adam, two_steps_by_hand)
{
    float p[3] = {1.0f, -2.0f, 0.5f};
    const float g1[3] = {0.2f, -0.1f, 0.0f}, g2[3] = {0.4f, 0.3f, 0.0f};
    adam a = adam_make(0.1);
    adam_slot s = adam_slot_alloc(3);
    adam_begin_step(&a);
    adam_update(&a, &s, p, g1);
    cr_assert_float_eq(p[0], 0.9f, 1e-6);
    cr_assert_float_eq(p[1], -1.9f, 1e-6);
    cr_assert(p[2] == 0.5f);
    adam_begin_step(&a);
    adam_update(&a, &s, p, g2);
    double want0 = 0.9 - 0.1 * 0.3052632 / 0.3162752, want1 = -1.9 - 0.1 * 0.1105263 / 0.2236515;
    cr_assert_float_eq(p[0], want0, 2e-6, "p0 = %.7f, by hand %.7f", p[0], want0);
    cr_assert_float_eq(p[1], want1, 2e-6, "p1 = %.7f, by hand %.7f", p[1], want1);
    cr_assert(p[2] == 0.5f);
    adam_slot_free(&s);
}

/* Adam minimises a quadratic: sum (p - c)^2 from 0 reaches c. */
Test(adam, minimises_a_quadratic)
{
    float p[4] = {0}, g[4];
    const float c[4] = {1.0f, -3.0f, 0.25f, 2.0f};
    adam a = adam_make(0.05);
    adam_slot s = adam_slot_alloc(4);
    for (int it = 0; it < 3000; it++) {
        for (int i = 0; i < 4; i++)
            g[i] = 2.0f * (p[i] - c[i]);
        adam_begin_step(&a);
        adam_update(&a, &s, p, g);
    }
    for (int i = 0; i < 4; i++)
        cr_assert_float_eq(p[i], c[i], 1e-3, "p[%d] = %g, want %g", i, p[i], c[i]);
    adam_slot_free(&s);
}

static mat column(size_t n, double (*f)(size_t))
{
    mat x = mat_alloc(n, 1);
    for (size_t i = 0; i < n; i++)
        x.v[i] = (float)f(i);
    return x;
}

static double mod8_centre(size_t i) { return 0.1 * (double)(i % 8) + 0.05; }
static double quarter_ones(size_t i) { return i % 4 == 0 ? 1.0 : 0.0; }
static double mod4_centre(size_t i) { return 0.1 * (double)(i % 4) + 0.05; }
static double block2(size_t i) { return (double)((i / 4) % 2) + 0.05; }

Test(info, entropy_of_known_distributions)
{
    mat u = column(800, mod8_centre);          /* 8 equally likely bins */
    cr_assert_float_eq(binned_entropy(u, 0.1), 3.0, 1e-12);
    mat b = column(1000, quarter_ones);       /* Bernoulli(1/4) */
    double h = -(0.25 * log2(0.25) + 0.75 * log2(0.75));
    cr_assert_float_eq(binned_entropy(b, 0.1), h, 1e-12);
    /* a constant has no entropy; width 1 merges the 8 bins of u into one */
    cr_assert_float_eq(binned_entropy(u, 1.0), 0.0, 1e-15);
    /* negative values: -0.05 and 0.05 fall in bins -1 and 0 */
    mat s = mat_alloc(2, 1);
    s.v[0] = -0.05f, s.v[1] = 0.05f;
    cr_assert_float_eq(binned_entropy(s, 0.1), 1.0, 1e-15);
    mat_free(&u), mat_free(&b), mat_free(&s);
}

Test(info, rows_are_symbols)
{
    /* two columns of 4 and 2 values in all 8 combinations: 3 bits jointly,
     * 2 bits for the first column alone */
    mat x = mat_alloc(64, 2), x0 = mat_alloc(64, 1);
    for (size_t i = 0; i < 64; i++) {
        *mat_at(x, i, 0) = *mat_at(x0, i, 0) = (float)mod4_centre(i);
        *mat_at(x, i, 1) = (float)block2(i);
    }
    cr_assert_float_eq(binned_entropy(x, 0.1), 3.0, 1e-12);
    cr_assert_float_eq(binned_entropy(x0, 0.1), 2.0, 1e-12);
    mat_free(&x), mat_free(&x0);
}

Test(info, mi_of_known_pairs)
{
    mat x = column(64, mod4_centre), y = column(64, block2), xx = column(64, mod4_centre);
    cr_assert_float_eq(binned_mi(x, y, 0.1), 0.0, 1e-12, "independent by construction");
    cr_assert_float_eq(binned_mi(x, xx, 0.1), 2.0, 1e-12, "MI(X; X) = H(X)");
    /* Y a function of X (parity of the bin): MI = H(Y) = 1 bit */
    mat par = mat_alloc(64, 1);
    for (size_t i = 0; i < 64; i++)
        par.v[i] = (float)((i % 4) % 2);
    cr_assert_float_eq(binned_mi(x, par, 0.1), 1.0, 1e-12);
    mat_free(&x), mat_free(&y), mat_free(&xx), mat_free(&par);
}

/* Brute force: count each row's symbol by comparing with every other row. */
static double brute_entropy(mat X, double w)
{
    double h = 0;
    size_t n = X.rows;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (size_t k = 0; k < n; k++) {
            int same = 1;
            for (size_t j = 0; j < X.cols; j++)
                same &= floor(*mat_at(X, i, j) / w) == floor(*mat_at(X, k, j) / w);
            c += same;
        }
        h -= log2((double)c / (double)n) / (double)n;   /* each row carries 1/n of -log p */
    }
    return h;
}

Test(info, matches_brute_force_on_random_rows)
{
    gsl_rng *r = rng_stream(5, 0, 0);
    mat x = mat_alloc(300, 3), y = mat_alloc(300, 2), xy = mat_alloc(300, 5);
    mat_gauss(x, r, 0.0, 0.2);
    mat_uniform(y, r, -0.3, 0.3);
    for (size_t i = 0; i < 300; i++)
        for (size_t j = 0; j < 5; j++)
            *mat_at(xy, i, j) = j < 3 ? *mat_at(x, i, j) : *mat_at(y, i, j - 3);
    double hx = brute_entropy(x, 0.1), hy = brute_entropy(y, 0.1), hxy = brute_entropy(xy, 0.1);
    cr_assert_float_eq(binned_entropy(x, 0.1), hx, 1e-9);
    cr_assert_float_eq(binned_entropy(xy, 0.1), hxy, 1e-9);
    cr_assert_float_eq(binned_mi(x, y, 0.1), hx + hy - hxy, 1e-9);
    mat_free(&x), mat_free(&y), mat_free(&xy);
    rng_free(r);
}
