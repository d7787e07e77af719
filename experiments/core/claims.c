#include "claims.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "util.h"

/* Tabs and newlines would break the TSV row. */
static void copy_field(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src);
    for (char *p = dst; *p; p++)
        if (*p == '\t' || *p == '\n')
            *p = ' ';
}

void claims_add(claims *cl, const char *name, const char *statement,
                const char *expected, int holds, const char *measured, ...)
{
    if (cl->n == CLAIMS_MAX)
        fa_die("too many claims");
    claim *c = &cl->c[cl->n++];
    copy_field(c->name, sizeof c->name, name);
    copy_field(c->statement, sizeof c->statement, statement);
    copy_field(c->expected, sizeof c->expected, expected);
    char buf[sizeof c->measured];
    va_list ap;
    va_start(ap, measured);
    vsnprintf(buf, sizeof buf, measured, ap);
    va_end(ap);
    copy_field(c->measured, sizeof c->measured, buf);
    c->holds = holds != 0;
}

void claims_write(const claims *cl, const run_config *cfg)
{
    char name[128];
    snprintf(name, sizeof name, "%s.claims.tsv", cfg->info->id);
    out_file *o = out_open(cfg, name, "claim\tstatement\texpected\tmeasured\tresult");
    printf("claims (%s scale):\n", cfg_scale(cfg));
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        const char *r = c->holds ? "holds" : "FAILS";
        out_printf(o, "%s\t%s\t%s\t%s\t%s\n", c->name, c->statement, c->expected,
                   c->measured, r);
        printf("  [%s] %s: expected %s, measured %s\n", r, c->name, c->expected,
               c->measured);
    }
    fflush(stdout);
}
