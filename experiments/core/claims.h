/* claims.h — the checkable claims of a figure.
 *
 * Each figure program states the claims its figure supports as named checks:
 * what the paper says, the expected relation, the value measured in this
 * run and whether it holds. They are written to <id>.claims.tsv beside the
 * data; `make paper` gathers them into the claims tables of paper/<paper>.md
 * and `make <id>` prints them. A claim that does not hold is a result, not an
 * error: the program still succeeds. */
#ifndef FA_CLAIMS_H
#define FA_CLAIMS_H

#include <stddef.h>

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

/* Record a claim; `measured` is printf-formatted. */
void claims_add(claims *cl, const char *name, const char *statement,
                const char *expected, int holds, const char *measured, ...)
    __attribute__((format(printf, 6, 7)));

/* Write <id>.claims.tsv (through out.h) and print the claims on stdout. */
void claims_write(const claims *cl, const struct run_config *cfg);

#endif
