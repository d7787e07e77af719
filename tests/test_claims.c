/* test_claims.c — the verdict rules of core/claims.c: t quantiles against
 * tabulated values, one-sided and equivalence verdicts on synthetic paired
 * samples, claims with parts, the tally, and the claims file read back in
 * both layouts. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

static int near(double a, double b, double tol) { return fabs(a - b) < tol; }

Test(claims, t_quantiles_match_tables)
{
    /* two-sided 95 % critical values of Student's t (standard tables) */
    const size_t df[] = {1, 2, 4, 5, 9, 10, 30};
    const double t[] = {12.7062, 4.3027, 2.7764, 2.5706, 2.2622, 2.2281, 2.0423};
    for (size_t i = 0; i < sizeof df / sizeof *df; i++)
        cr_assert(near(claims_t975(df[i]), t[i], 1e-4), "df %zu: %g", df[i],
                  claims_t975(df[i]));
    cr_assert(near(claims_t975(100000), 1.95996, 1e-4), "the normal limit");
}

Test(claims, interval_by_hand)
{
    /* d = 1, 2, 3: mean 2, sd 1, half-width t(2) / sqrt(3) */
    double a[] = {2, 4, 6}, b[] = {1, 2, 3};
    ci95 ci = ci95_paired(a, b, 3);
    double half = claims_t975(2) / sqrt(3.0);
    cr_assert(ci.n == 3 && ci.mean == 2.0);
    cr_assert(near(ci.lo, 2 - half, 1e-12) && near(ci.hi, 2 + half, 1e-12));
}

Test(claims, straddling_zero_is_inconclusive)
{
    double a[] = {1.0, 2.0, 3.0}, b[] = {1.5, 1.0, 3.6};  /* d = -0.5, 1, -0.6 */
    ci95 ci = ci95_paired(a, b, 3);
    cr_assert(ci.lo < 0 && ci.hi > 0);
    cr_assert(verdict_side(ci, CLAIM_ABOVE) == VERDICT_INCONCLUSIVE);
    cr_assert(verdict_side(ci, CLAIM_BELOW) == VERDICT_INCONCLUSIVE);
}

Test(claims, one_sided_holds_and_reversed_fails)
{
    double a[] = {10.9, 11.2, 10.8, 11.1}, b[] = {10, 10, 10, 10};
    claims cl = {0};
    claims_paired(&cl, "up", "a above b", a, b, 4, CLAIM_ABOVE, "°");
    claims_paired(&cl, "down", "a below b", a, b, 4, CLAIM_BELOW, "°");
    cr_assert(cl.c[0].v == VERDICT_HOLDS && cl.c[1].v == VERDICT_FAILS);
    cr_assert(near(cl.c[0].effect, 1.0, 1e-12) && cl.c[0].n == 4 && cl.c[0].lo > 0);
    cr_assert(cl.c[0].kind == CLAIM_PAIRED);
    cr_assert(strstr(cl.c[0].measured, "11 vs 10°") != NULL, "measured: %s", cl.c[0].measured);
}

Test(claims, one_repetition_never_decides)
{
    double a[] = {50}, b[] = {10};
    claims cl = {0};
    claims_paired(&cl, "one", "a above b", a, b, 1, CLAIM_ABOVE, "");
    claims_close(&cl, "close", "a near 50", a, 1, 50, 5, "a test", "");
    cr_assert(cl.c[0].v == VERDICT_INCONCLUSIVE && cl.c[0].n == 1);
    cr_assert(cl.c[0].effect == 40 && isnan(cl.c[0].lo));
    cr_assert(cl.c[1].v == VERDICT_INCONCLUSIVE);
}

Test(claims, non_finite_pairs_are_left_out)
{
    double a[] = {2, NAN, 3, 4}, b[] = {1, 1, INFINITY, 2};
    ci95 ci = ci95_paired(a, b, 4);
    cr_assert(ci.n == 2 && ci.mean == 1.5, "n %zu mean %g", ci.n, ci.mean);
}

Test(claims, against_a_value)
{
    double x[] = {84, 85, 86, 85.5, 84.5};
    claims cl = {0};
    claims_vs_value(&cl, "below-90", "x below 90°", x, 5, 90, CLAIM_BELOW, "°");
    claims_vs_value(&cl, "above-85", "x above 85°", x, 5, 85, CLAIM_ABOVE, "°");
    cr_assert(cl.c[0].v == VERDICT_HOLDS && near(cl.c[0].effect, -5, 1e-12));
    cr_assert(cl.c[1].v == VERDICT_INCONCLUSIVE, "mean exactly at the reference");
    cr_assert(strstr(cl.c[0].expected, "< 90°") != NULL, "%s", cl.c[0].expected);
}

Test(claims, equivalence_inside_outside_straddling)
{
    double in[] = {44.5, 45.5, 45.2, 44.8}, out[] = {52, 53, 52.5, 51.5},
           wide[] = {40, 50, 42, 49};
    claims cl = {0};
    claims_close(&cl, "in", "x ≈ 45°", in, 4, 45, 2, "the paper's error bars", "°");
    claims_close(&cl, "out", "x ≈ 45°", out, 4, 45, 2, "the paper's error bars", "°");
    claims_close(&cl, "wide", "x ≈ 45°", wide, 4, 45, 2, "the paper's error bars", "°");
    cr_assert(cl.c[0].v == VERDICT_HOLDS);
    cr_assert(cl.c[1].v == VERDICT_FAILS);
    cr_assert(cl.c[2].v == VERDICT_INCONCLUSIVE, "a wide interval proves neither");
    cr_assert(strstr(cl.c[0].expected, "the paper's error bars") != NULL, "%s",
              cl.c[0].expected);
    cr_assert(cl.c[0].kind == CLAIM_CLOSE);
}

Test(claims, close_paired)
{
    double a[] = {10.1, 9.9, 10.2, 10.0}, b[] = {10, 10, 10, 10.1}, c2[] = {20, 21, 20, 21};
    claims cl = {0};
    claims_close_paired(&cl, "same", "a close to b", a, b, 4, 1, "a priori", "");
    claims_close_paired(&cl, "apart", "a close to c", a, c2, 4, 1, "a priori", "");
    cr_assert(cl.c[0].v == VERDICT_HOLDS && cl.c[1].v == VERDICT_FAILS);
}

Test(claims, parts_combine)
{
    double lo[] = {1, 2, 1.5, 1.2}, hi[] = {5, 6, 5.5, 5.2}, hi2[] = {3, 3.5, 3.2, 3.1},
           mix[] = {0, 4, 0, 4};
    claims cl = {0};
    /* every part holds: the weakest part (smallest margin) is shown */
    claim *c = claims_begin(&cl, "all", "lo below hi in every layer", "°");
    claim_part_paired(c, "L1", lo, hi, 4, CLAIM_BELOW);
    claim_part_paired(c, "L2", lo, hi2, 4, CLAIM_BELOW);
    cr_assert(c->v == VERDICT_HOLDS && c->parts == 2);
    cr_assert(near(c->effect, -(3.2 - 1.425), 1e-9), "effect %g", c->effect);
    cr_assert(strstr(c->measured, "L1: ") && strstr(c->measured, "; L2: "), "%s", c->measured);
    cr_assert(strstr(c->expected, "each of 2 parts") != NULL, "%s", c->expected);
    /* an inconclusive part makes the claim inconclusive and is the one shown */
    c = claims_begin(&cl, "some", "", "");
    claim_part_paired(c, "L1", lo, hi, 4, CLAIM_BELOW);
    claim_part_paired(c, "L2", lo, mix, 4, CLAIM_BELOW);
    claim_part_paired(c, "L3", lo, hi2, 4, CLAIM_BELOW);
    cr_assert(c->v == VERDICT_INCONCLUSIVE && near(c->effect, 1.425 - 2, 1e-9));
    /* a failing part decides over inconclusive ones */
    c = claims_begin(&cl, "one-fails", "", "");
    claim_part_paired(c, "L1", lo, mix, 4, CLAIM_BELOW);
    claim_part_paired(c, "L2", hi, lo, 4, CLAIM_BELOW);
    claim_part_paired(c, "L3", lo, hi, 4, CLAIM_BELOW);
    cr_assert(c->v == VERDICT_FAILS && c->effect > 3);
}

Test(claims, parts_must_agree, .exit_code = 1, .init = cr_redirect_stderr)
{
    double x[] = {1, 2, 3};
    claims cl = {0};
    claim *c = claims_begin(&cl, "mixed", "", "");
    claim_part_vs_value(c, "a", x, 3, 0, CLAIM_ABOVE);
    claim_part_vs_value(c, "b", x, 3, 1, CLAIM_ABOVE);
}

Test(claims, sanity_is_not_counted)
{
    double a[] = {2.9, 3, 3.1}, b[] = {1, 1, 1}, z[] = {0, 0, 0};
    claims cl = {0};
    claims_sanity(&cl, "identity", "an identity", "= 1", 1, "%g", 1.0);
    claims_sanity(&cl, "broken", "an identity", "= 1", 0, "%g", 2.0);
    claims_paired(&cl, "p", "", a, b, 3, CLAIM_ABOVE, "");
    claims_paired(&cl, "q", "", a, b, 3, CLAIM_BELOW, "");
    claims_paired(&cl, "r", "", z, z, 3, CLAIM_BELOW, "");
    claims_add(&cl, "point", "", "< 1", 1, "%d", 0);
    claims_tally t = {0};
    claims_count(&cl, &t);
    cr_assert(t.holds == 2 && t.fails == 1 && t.inconclusive == 1, "%zu %zu %zu", t.holds,
              t.fails, t.inconclusive);
    cr_assert(t.sanity_ok == 1 && t.sanity_fail == 1 && t.point == 1);
}

/* Write a file from lines and read it back. */
static void read_text(const char *text, claims *cl, claims_meta *meta)
{
    char path[] = "/tmp/test_claims_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    cr_assert(claims_read(path, cl, meta) == 1);
    unlink(path);
}

Test(claims, reads_both_layouts)
{
    static claims cl;
    claims_meta meta;
    read_text("# scale: paper\n# reps: 4\nclaim\tstatement\texpected\tmeasured\tresult\n"
              "a\tA\t< 1\t0.5\tholds\nb\tB\t< 1\t2\tFAILS\n", &cl, &meta);
    cr_assert(meta.legacy && cl.n == 2 && !strcmp(meta.scale, "paper"));
    cr_assert(cl.c[0].v == VERDICT_HOLDS && cl.c[1].v == VERDICT_FAILS);
    cr_assert(cl.c[1].kind == CLAIM_POINT);
    read_text("# reps: 4\nclaim\tstatement\texpected\tmeasured\teffect\tlow\thigh\tn\tunit\t"
              "verdict\tkind\n"
              "a\tA\tx\t1 vs 2\t-1\t-1.5\t-0.5\t4\t°\tholds\tpaired\n"
              "s\tS\t= 1\t1\tnan\tnan\tnan\t0\t\tholds\tsanity\n"
              "c\tC\tx\t3\t0.2\t-2\t2.4\t4\t\tinconclusive\tclose\n", &cl, &meta);
    cr_assert(!meta.legacy && cl.n == 3);
    cr_assert(cl.c[0].effect == -1 && cl.c[0].lo == -1.5 && cl.c[0].n == 4);
    cr_assert(!strcmp(cl.c[0].unit, "°"));
    cr_assert(cl.c[1].kind == CLAIM_SANITY && isnan(cl.c[1].effect));
    cr_assert(cl.c[2].v == VERDICT_INCONCLUSIVE && cl.c[2].kind == CLAIM_CLOSE);
}

Test(claims, rejects_unknown_verdict, .exit_code = 1, .init = cr_redirect_stderr)
{
    static claims cl;
    claims_meta meta;
    read_text("a\tA\tx\tm\t1\t0\t2\t3\t\tmaybe\tpaired\n", &cl, &meta);
}

Test(claims, markdown_shows_sanity_apart)
{
    double a[] = {2.9, 3, 3.1}, b[] = {1, 1, 1};
    static claims cl;
    claims_paired(&cl, "p", "a above b", a, b, 3, CLAIM_ABOVE, "°");
    claims_sanity(&cl, "id", "an identity", "= 1", 1, "1");
    claims_meta meta = {.scale = "quick", .seed = "1", .reps = "3"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    claims_print_markdown(f, &cl, &meta);
    fclose(f);
    char *table = strstr(buf, "| `p` |"), *sanity = strstr(buf, "Sanity checks");
    cr_assert(table && sanity && table < sanity, "%s", buf);
    cr_assert(strstr(buf, "| `id` |") == NULL, "a sanity check is not a table row");
    cr_assert(strstr(table, "+2° [") != NULL && strstr(table, "| 3 | holds |") != NULL, "%s",
              buf);
    free(buf);
}

Test(claims, scale_says_reduced_with_the_counts)
{
    run_config cfg = {0};
    snprintf(cfg.scale, sizeof cfg.scale, "paper");
    cfg_count(&cfg, "reps", 10, 10);
    cr_assert(!strcmp(cfg_scale(&cfg), "paper"), "equal counts keep the paper scale");
    cfg_count(&cfg, "reps", 2, 10);
    cfg_count(&cfg, "epochs", 100, 100);
    cfg_count(&cfg, "epochs", 60, 200);
    cr_assert(!strcmp(cfg_scale(&cfg), "reduced (reps 2 of 10, epochs 60 of 200)"), "%s",
              cfg_scale(&cfg));
    run_config q = {.quick = 1};
    snprintf(q.scale, sizeof q.scale, "quick");
    cfg_count(&q, "reps", 2, 10);
    cr_assert(!strcmp(cfg_scale(&q), "quick"));
}

Test(claims, unaligned_tolerance)
{
    /* 3 SD of the angle of random 10 x 100 matrices: 3 * 57.2958 / sqrt(1000) */
    cr_assert(near(claims_unaligned_tol(1000), 5.43557, 1e-4), "%g",
              claims_unaligned_tol(1000));
}
