#include "claims.h"

#include <stdarg.h>
#include <stdlib.h>
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

static const char *result_word(const claim *c)
{
    return c->holds ? "holds" : "FAILS";
}

void claims_write(const claims *cl, const run_config *cfg)
{
    char name[128];
    snprintf(name, sizeof name, "%s.claims.tsv", cfg->info->id);
    out_file *o = out_open(cfg, name, "claim\tstatement\texpected\tmeasured\tresult");
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        out_printf(o, "%s\t%s\t%s\t%s\t%s\n", c->name, c->statement, c->expected,
                   c->measured, result_word(c));
    }
    printf("claims (%s scale):\n", cfg_scale(cfg));
    claims_print_console(stdout, cl);
    fflush(stdout);
}

/* Copy src into dst[len], dying when it does not fit: a claims file is only
 * ever written by claims_write, whose fields have these sizes. */
static void read_field(char *dst, size_t len, const char *src, const char *path)
{
    if (strlen(src) >= len)
        fa_die("%s: field too long: %.40s...", path, src);
    memcpy(dst, src, strlen(src) + 1);
}

/* "# key: value" header line: store value in dst if the key matches. */
static void header_value(const char *line, const char *key, char *dst, size_t len,
                         const char *path)
{
    size_t k = strlen(key);
    if (strncmp(line, "# ", 2) == 0 && strncmp(line + 2, key, k) == 0
        && strncmp(line + 2 + k, ": ", 2) == 0)
        read_field(dst, len, line + 4 + k, path);
}

int claims_read(const char *path, claims *cl, claims_meta *meta)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    memset(meta, 0, sizeof *meta);
    cl->n = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '#') {
            header_value(line, "scale", meta->scale, sizeof meta->scale, path);
            header_value(line, "seed", meta->seed, sizeof meta->seed, path);
            header_value(line, "reps", meta->reps, sizeof meta->reps, path);
            header_value(line, "kernel", meta->kernel, sizeof meta->kernel, path);
            header_value(line, "source", meta->source, sizeof meta->source, path);
            continue;
        }
        char *field[5];
        size_t n = 0;
        for (char *p = line, *tab; n < 5; p = tab + 1) {
            field[n++] = p;
            if (!(tab = strchr(p, '\t')))
                break;
            *tab = '\0';
        }
        if (strcmp(field[0], "claim") == 0)
            continue; /* the column-name line */
        if (n != 5 || strchr(field[4], '\t'))
            fa_die("%s: a claim row needs 5 tab-separated fields", path);
        if (cl->n == CLAIMS_MAX)
            fa_die("%s: too many claims", path);
        claim *c = &cl->c[cl->n++];
        read_field(c->name, sizeof c->name, field[0], path);
        read_field(c->statement, sizeof c->statement, field[1], path);
        read_field(c->expected, sizeof c->expected, field[2], path);
        read_field(c->measured, sizeof c->measured, field[3], path);
        if (strcmp(field[4], "holds") != 0 && strcmp(field[4], "FAILS") != 0)
            fa_die("%s: result of claim %s is '%s', not holds or FAILS", path, c->name, field[4]);
        c->holds = strcmp(field[4], "holds") == 0;
    }
    free(line);
    fclose(f);
    return 1;
}

void claims_print_console(FILE *f, const claims *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        fprintf(f, "  [%s] %s: %s (expected %s)\n", result_word(c), c->name, c->measured,
                c->expected);
    }
}

/* A '|' inside a cell would end it. */
static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

void claims_print_markdown(FILE *f, const claims *cl, const claims_meta *m)
{
    fputs("| check | claim | expected | measured | result |\n|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        fputs("| `", f);
        md_cell(f, c->name);
        fputs("` | ", f);
        md_cell(f, c->statement);
        fputs(" | ", f);
        md_cell(f, c->expected);
        fputs(" | ", f);
        md_cell(f, c->measured);
        fprintf(f, " | %s |\n", c->holds ? "holds" : "**fails**");
    }
    fprintf(f, "\n_Measured at %s scale (seed %s, %s repetitions, kernel path %s, source %s)._\n",
            m->scale, m->seed, m->reps, m->kernel, m->source);
}
