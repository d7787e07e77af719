/* claims.h — the checkable claims of a figure, and their verdicts.
 *
 * Each figure program states the claims its figure supports as named checks:
 * what the paper says, the relation checked, what this run measured and the
 * verdict. They are written to <id>.claims.tsv beside the data. The same
 * printers serve everywhere a claim is shown: the program's console summary,
 * `make <id>` and the claims tables of paper/<paper>.md (`make paper`), the
 * last two through the fa-claims tool (paper/fa-claims.c) reading the TSV
 * back. A claim that does not hold is a result, not an error: the program
 * still succeeds.
 *
 * The rules (paper/README.md states them for the reader):
 *  - A comparative claim ("A below B") is judged on the paired differences
 *    d_i = a_i - b_i across repetitions (repetition i of A and of B share
 *    their seed) by the 95 % Student-t interval of their mean: it holds when
 *    the interval lies on the claimed side of 0, fails when it lies on the
 *    other side, and is inconclusive otherwise. With fewer than two
 *    repetitions it is always inconclusive. A claim against a fixed value
 *    ("below 90°") is the same on x_i - ref.
 *  - A closeness claim ("≈ 45°", "A close to B") is an equivalence test: it
 *    holds when the 95 % interval of the mean difference lies inside ±tol,
 *    fails when it lies entirely outside, and is inconclusive otherwise. The
 *    tolerance names its source (the paper's number, error bars or figure, or
 *    an a-priori reason), and the table shows it.
 *  - Checks that hold by construction (identities, the statistics of a
 *    generator) are sanity checks: shown apart and not counted.
 *  - A claim may have parts ("in every layer"): it holds when every part
 *    holds, fails when any part fails, and is inconclusive otherwise; the
 *    effect shown is the deciding part's (the first failing one, else an
 *    inconclusive one, else the one nearest to its boundary).
 * Values that are not finite (an angle with a zero update) are left out of
 * an interval; n counts the values used. */
#ifndef FA_CLAIMS_H
#define FA_CLAIMS_H

#include <stddef.h>
#include <stdio.h>

struct run_config;

enum { CLAIMS_MAX = 64 };

typedef enum { VERDICT_HOLDS, VERDICT_FAILS, VERDICT_INCONCLUSIVE } verdict;

typedef enum {
    CLAIM_POINT,        /* one measured value against a threshold, no interval */
    CLAIM_PAIRED,       /* a_i - b_i across repetitions, on one side of 0 */
    CLAIM_VS_VALUE,     /* x_i - ref, on one side of 0 */
    CLAIM_CLOSE,        /* x_i - target within ±tol */
    CLAIM_CLOSE_PAIRED, /* a_i - b_i within ±tol */
    CLAIM_SANITY,       /* true by construction: shown, not counted */
} claim_kind;

/* The side a one-sided claim puts a (or x) on: above or below b (or ref). */
enum { CLAIM_BELOW = -1, CLAIM_ABOVE = +1 };

/* A mean and its 95 % Student-t interval over n finite values; lo and hi
 * are NaN when n < 2. */
typedef struct ci95 {
    double mean, lo, hi;
    size_t n;
} ci95;

typedef struct claim {
    char name[64];          /* short identifier, e.g. "below-both-rare" */
    char statement[256];    /* the claim in words, with its source in the paper */
    char expected[288];     /* the relation checked, e.g. "< 1 %" */
    char measured[384];     /* what this run measured */
    char unit[16];          /* of effect, lo, hi ("°", "%", "" for none) */
    claim_kind kind;
    verdict v;
    double effect, lo, hi;  /* the deciding mean difference and its interval (NaN if none) */
    size_t n;               /* values behind the interval (0 if none) */
    /* while parts are added: the parameters every part shares, and how
     * strongly the deciding part is decided (see claims.c) */
    size_t parts;
    int side;
    double ref, tol, margin;
    char tol_source[96];
} claim;

typedef struct claims {
    claim c[CLAIMS_MAX];
    size_t n;
} claims;

/* The provenance of a claims file that a page quotes under its table: the
 * values of the "# key: value" header lines (empty when absent), and whether
 * the file has the older five-column layout (holds / FAILS, no intervals). */
typedef struct claims_meta {
    char scale[160], seed[32], reps[32], kernel[32], source[64];
    int legacy;
} claims_meta;

/* Counted verdicts (point: how many of them have no interval), and the
 * sanity checks apart. */
typedef struct claims_tally {
    size_t holds, fails, inconclusive, point, sanity_ok, sanity_fail;
} claims_tally;

/* ---- statistics behind the verdicts ---- */

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1). */
double claims_t975(size_t df);
/* Mean and 95 % interval of the finite values among x[0..n-1]. */
ci95 ci95_of(const double *x, size_t n);
/* The same of a_i - b_i over the pairs where both are finite. */
ci95 ci95_paired(const double *a, const double *b, size_t n);
/* One-sided: holds when the interval lies on `side` of 0, fails when it lies
 * on the other, inconclusive otherwise (and always when n < 2). */
verdict verdict_side(ci95 ci, int side);
/* Equivalence: holds when the interval lies inside (-tol, tol), fails when it
 * lies entirely outside, inconclusive otherwise (and always when n < 2). */
verdict verdict_within(ci95 ci, double tol);

/* "No alignment" judged one-sided: the angle's 95 % interval lies above 90°
 * minus this tolerance, fixed a priori: two independent isotropic random
 * matrices with `entries` entries make an angle of 90° with an SD of about
 * (180/π)/√entries, and 3 such SDs is what unaligned matrices of that size
 * can show. */
double claims_unaligned_tol(size_t entries);
#define CLAIMS_UNALIGNED_SOURCE "3 SD of the angle of independent random matrices this size"

/* ---- recording claims ---- */

/* A one-sided comparison of paired repetitions: a_i - b_i against 0. */
claim *claims_paired(claims *cl, const char *name, const char *statement, const double *a,
                     const double *b, size_t n, int side, const char *unit);
/* x_i - ref against 0 (e.g. "below 90°": ref 90, CLAIM_BELOW). */
claim *claims_vs_value(claims *cl, const char *name, const char *statement, const double *x,
                       size_t n, double ref, int side, const char *unit);
/* x_i - target within ±tol; tol_source says where tol comes from. */
claim *claims_close(claims *cl, const char *name, const char *statement, const double *x,
                    size_t n, double target, double tol, const char *tol_source,
                    const char *unit);
/* a_i - b_i within ±tol ("A close to B"). */
claim *claims_close_paired(claims *cl, const char *name, const char *statement,
                           const double *a, const double *b, size_t n, double tol,
                           const char *tol_source, const char *unit);

/* A claim with parts: claims_begin, then one claim_part_* per part (all of
 * one kind, with the same side, ref or target, and tolerance), e.g. per
 * layer. The label names the part in the measured column. */
claim *claims_begin(claims *cl, const char *name, const char *statement, const char *unit);
void claim_part_paired(claim *c, const char *label, const double *a, const double *b,
                       size_t n, int side);
void claim_part_vs_value(claim *c, const char *label, const double *x, size_t n, double ref,
                         int side);
void claim_part_close(claim *c, const char *label, const double *x, size_t n, double target,
                      double tol, const char *tol_source);
void claim_part_close_paired(claim *c, const char *label, const double *a, const double *b,
                             size_t n, double tol, const char *tol_source);
/* Append a printf-formatted remark to the measured column. */
void claim_note(claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A check true by construction (rule 3): shown apart, not counted. */
claim *claims_sanity(claims *cl, const char *name, const char *statement, const char *expected,
                     int ok, const char *measured, ...) __attribute__((format(printf, 6, 7)));

/* A single measured value against a threshold, without an interval: holds
 * or fails (the older form; `measured` is printf-formatted). */
void claims_add(claims *cl, const char *name, const char *statement,
                const char *expected, int holds, const char *measured, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- output ---- */

/* Write <id>.claims.tsv (through out.h) and print the claims on stdout. */
void claims_write(const claims *cl, const struct run_config *cfg);

/* Read a claims file written by claims_write (either layout). Returns 0 when
 * the file cannot be opened, 1 on success; dies on a malformed file. */
int claims_read(const char *path, claims *cl, claims_meta *meta);

/* "holds", "FAILS" or "inconclusive". */
const char *verdict_word(verdict v);

/* Add the verdicts of cl to *t. */
void claims_count(const claims *cl, claims_tally *t);

/* One line per claim for the console: "  [holds] name: measured (expected
 * ...)", with the effect, interval and n where there is one. */
void claims_print_console(FILE *f, const claims *cl);

/* The markdown table of a paper page, the sanity checks below it, then the
 * provenance line. A legacy file keeps its older table. */
void claims_print_markdown(FILE *f, const claims *cl, const claims_meta *meta);

#endif
