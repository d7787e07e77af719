/* test_codes.c — mutually exclusive n-hot codes and their decoding. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "core.h"

static void check_codes(size_t classes, size_t nhot, size_t width, uint64_t seed)
{
    gsl_rng *r = rng_stream(seed, 0, 0);
    mat codes = mat_alloc(classes, width);
    nhot_codes(r, nhot, codes);
    for (size_t c = 0; c < classes; c++) {
        size_t ones = 0;
        for (size_t j = 0; j < width; j++) {
            float v = *mat_at(codes, c, j);
            cr_assert(v == 0.0f || v == 1.0f);
            ones += v == 1.0f;
        }
        cr_assert(ones == nhot, "class %zu has %zu ones, not %zu", c, ones, nhot);
        cr_assert(nhot_decode(codes, mat_at(codes, c, 0)) == c, "a code decodes to its class");
    }
    for (size_t j = 0; j < width; j++) {
        float used = 0;
        for (size_t c = 0; c < classes; c++)
            used += *mat_at(codes, c, j);
        cr_assert(used <= 1.0f, "unit %zu is shared by two codes", j);
    }
    mat_free(&codes);
    rng_free(r);
}

Test(codes, mutually_exclusive)
{
    for (uint64_t seed = 1; seed <= 20; seed++) {
        check_codes(10, 5, 50, seed);
        check_codes(10, 10, 100, seed);
        check_codes(10, 3, 50, seed);
    }
}

Test(codes, seeds_give_different_codes)
{
    gsl_rng *r1 = rng_stream(1, 0, 0), *r2 = rng_stream(2, 0, 0);
    mat a = mat_alloc(10, 50), b = mat_alloc(10, 50);
    nhot_codes(r1, 5, a);
    nhot_codes(r2, 5, b);
    cr_assert(memcmp(a.v, b.v, 500 * sizeof(float)) != 0);
    mat_free(&a);
    mat_free(&b);
    rng_free(r1);
    rng_free(r2);
}

Test(codes, decoding_and_accuracy)
{
    gsl_rng *r = rng_stream(5, 0, 0);
    mat codes = mat_alloc(10, 50), Y = mat_alloc(4, 50);
    nhot_codes(r, 5, codes);
    uint8_t labels[4] = {3, 1, 4, 1};
    nhot_targets(codes, labels, Y);
    cr_assert(nhot_accuracy(codes, Y, labels) == 1.0);
    /* a noisy output still decodes to the code it is closest to */
    for (size_t j = 0; j < 50; j++)
        *mat_at(Y, 0, j) = 0.4f * *mat_at(Y, 0, j) + 0.1f * *mat_at(codes, 7, j);
    cr_assert(nhot_decode(codes, mat_at(Y, 0, 0)) == 3);
    uint8_t wrong[4] = {3, 1, 4, 2};
    cr_assert(nhot_accuracy(codes, Y, wrong) == 0.75);
    mat_free(&codes);
    mat_free(&Y);
    rng_free(r);
}

Test(codes, too_many_classes_for_the_width, .exit_code = 1, .init = cr_redirect_stderr)
{
    gsl_rng *r = rng_stream(1, 0, 0);
    mat codes = mat_alloc(10, 40);
    nhot_codes(r, 5, codes);   /* 50 units needed: dies with a message */
}
