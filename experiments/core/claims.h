/* claims.h — the checkable claims of a figure.
 *
 * Each figure program states the claims its figure supports as named checks:
 * what the paper says, the expected relation, the value measured in this
 * run and whether it holds. They are written to <id>.claims.tsv beside the
 * data. The same printers serve everywhere a claim is shown: the program's
 * console summary, `make <id>` and the claims tables of paper/<paper>.md
 * (`make paper`), the last two through the fa-claims tool (paper/fa-claims.c)
 * reading the TSV back. A claim that does not hold is a result, not an
 * error: the program still succeeds. */
#ifndef FA_CLAIMS_H
#define FA_CLAIMS_H

#include <stddef.h>
#include <stdio.h>

struct run_config;

enum { CLAIMS_MAX = 64 };

typedef struct claim {
    char name[64];          /* short identifier, e.g. "below-both-rare" */
    char statement[256];    /* the claim in words, with its source in the paper */
    char expected[128];     /* the relation checked, e.g. "< 1 %" */
    char measured[128];     /* what this run measured */
    int holds;
} claim;

typedef struct claims {
    claim c[CLAIMS_MAX];
    size_t n;
} claims;

/* The provenance of a claims file that a page quotes under its table: the
 * values of the "# key: value" header lines (empty when absent). */
typedef struct claims_meta {
    char scale[32], seed[32], reps[32], kernel[32], source[64];
} claims_meta;

/* Record a claim; `measured` is printf-formatted. */
void claims_add(claims *cl, const char *name, const char *statement,
                const char *expected, int holds, const char *measured, ...)
    __attribute__((format(printf, 6, 7)));

/* Write <id>.claims.tsv (through out.h) and print the claims on stdout. */
void claims_write(const claims *cl, const struct run_config *cfg);

/* Read a claims file written by claims_write. Returns 0 when the file cannot
 * be opened, 1 on success; dies on a malformed file. */
int claims_read(const char *path, claims *cl, claims_meta *meta);

/* One line per claim for the console: "  [holds] name: measured (expected ...)". */
void claims_print_console(FILE *f, const claims *cl);

/* The markdown table of a paper page, then the provenance line. */
void claims_print_markdown(FILE *f, const claims *cl, const claims_meta *meta);

#endif
