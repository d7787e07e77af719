#include "claims.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "stats.h"
#include "util.h"

/* Tabs and newlines would break the TSV row. */
static void flatten(char *s)
{
    for (; *s; s++)
        if (*s == '\t' || *s == '\n')
            *s = ' ';
}

static void copy_field(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src);
    flatten(dst);
}

/* ---- statistics behind the verdicts ---- */

double claims_t975(size_t df)
{
    if (df < 1)
        fa_die("claims_t975: no degrees of freedom");
    return gsl_cdf_tdist_Pinv(0.975, (double)df);
}

/* Mean and interval of the finite values d[0..n-1] (d is reordered). */
static ci95 interval(double *d, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(d[i]))
            d[m++] = d[i];
    ci95 ci = {m ? stats_mean(d, m, 1) : NAN, NAN, NAN, m};
    if (m >= 2) {
        double half = claims_t975(m - 1) * stats_sem(d, m, 1);
        ci.lo = ci.mean - half;
        ci.hi = ci.mean + half;
    }
    return ci;
}

ci95 ci95_of(const double *x, size_t n)
{
    double *d = fa_malloc((n ? n : 1) * sizeof *d);
    memcpy(d, x, n * sizeof *d);
    ci95 ci = interval(d, n);
    free(d);
    return ci;
}

ci95 ci95_paired(const double *a, const double *b, size_t n)
{
    double *d = fa_malloc((n ? n : 1) * sizeof *d);
    for (size_t i = 0; i < n; i++)
        d[i] = a[i] - b[i];
    ci95 ci = interval(d, n);
    free(d);
    return ci;
}

verdict verdict_side(ci95 ci, int side)
{
    if (ci.n < 2 || !(ci.lo <= ci.hi))
        return VERDICT_INCONCLUSIVE;
    double near = side > 0 ? ci.lo : -ci.hi, far = side > 0 ? ci.hi : -ci.lo;
    if (near > 0)
        return VERDICT_HOLDS;
    if (far < 0)
        return VERDICT_FAILS;
    return VERDICT_INCONCLUSIVE;
}

verdict verdict_within(ci95 ci, double tol)
{
    if (ci.n < 2 || !(ci.lo <= ci.hi))
        return VERDICT_INCONCLUSIVE;
    if (ci.lo > -tol && ci.hi < tol)
        return VERDICT_HOLDS;
    if (ci.lo >= tol || ci.hi <= -tol)
        return VERDICT_FAILS;
    return VERDICT_INCONCLUSIVE;
}

double claims_unaligned_tol(size_t entries)
{
    return 3 * (180 / M_PI) / sqrt((double)entries);
}

/* How far inside its boundary an interval is (negative: outside), so that
 * the weakest part of a claim can be shown; -inf without an interval. */
static double margin(const claim *c, ci95 ci)
{
    if (ci.n < 2 || !(ci.lo <= ci.hi))
        return -INFINITY;
    if (c->kind == CLAIM_CLOSE || c->kind == CLAIM_CLOSE_PAIRED)
        return c->tol - fmax(fabs(ci.lo), fabs(ci.hi));
    return c->side > 0 ? ci.lo : -ci.hi;
}

/* ---- recording claims ---- */

static claim *new_claim(claims *cl, const char *name, const char *statement, claim_kind kind)
{
    if (cl->n == CLAIMS_MAX)
        fa_die("too many claims");
    claim *c = &cl->c[cl->n++];
    memset(c, 0, sizeof *c);
    copy_field(c->name, sizeof c->name, name);
    copy_field(c->statement, sizeof c->statement, statement);
    c->kind = kind;
    c->effect = c->lo = c->hi = NAN;
    return c;
}

claim *claims_begin(claims *cl, const char *name, const char *statement, const char *unit)
{
    claim *c = new_claim(cl, name, statement, CLAIM_PAIRED);
    copy_field(c->unit, sizeof c->unit, unit ? unit : "");
    c->v = VERDICT_HOLDS; /* the verdict of no parts; the first part replaces it */
    return c;
}

void claim_note(claim *c, const char *fmt, ...)
{
    size_t used = strlen(c->measured);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->measured + used, sizeof c->measured - used, fmt, ap);
    va_end(ap);
    flatten(c->measured);
}

/* Rank of a verdict when parts combine: a failing part decides, then an
 * inconclusive one. */
static int severity(verdict v)
{
    return v == VERDICT_FAILS ? 2 : v == VERDICT_INCONCLUSIVE ? 1 : 0;
}

/* The first part fixes the parameters the parts share; later parts must
 * agree, or the one expected column would misdescribe them. */
static void set_params(claim *c, claim_kind kind, int side, double ref, double tol,
                       const char *tol_source)
{
    if (c->parts == 0) {
        c->kind = kind;
        c->side = side;
        c->ref = ref;
        c->tol = tol;
        copy_field(c->tol_source, sizeof c->tol_source, tol_source ? tol_source : "");
        return;
    }
    if (kind != c->kind || side != c->side || ref != c->ref || tol != c->tol)
        fa_die("claim %s: its parts differ in kind, side, reference or tolerance", c->name);
}

/* Fold one part's interval into the claim; `shown` is what the measured
 * column says about it. */
/* The expected column, from the parameters the parts share. */
static void describe(claim *c)
{
    char what[256];
    const char *u = c->unit;
    switch (c->kind) {
    case CLAIM_PAIRED:
        snprintf(what, sizeof what, "paired difference %s 0 (95 %% interval %s 0)",
                 c->side > 0 ? ">" : "<", c->side > 0 ? "above" : "below");
        break;
    case CLAIM_VS_VALUE:
        snprintf(what, sizeof what, "mean %s %.4g%s (95 %% interval)", c->side > 0 ? ">" : "<",
                 c->ref, u);
        break;
    case CLAIM_CLOSE:
        snprintf(what, sizeof what, "mean within ±%.4g%s of %.4g%s (95 %% interval; tolerance: %s)",
                 c->tol, u, c->ref, u, c->tol_source);
        break;
    default:
        snprintf(what, sizeof what, "paired difference within ±%.4g%s (95 %% interval; "
                 "tolerance: %s)", c->tol, u, c->tol_source);
    }
    /* a cut expected column would misstate the check: refuse it */
    int len = c->parts > 1
        ? snprintf(c->expected, sizeof c->expected, "in each of %zu parts: %s", c->parts, what)
        : snprintf(c->expected, sizeof c->expected, "%s", what);
    if (len < 0 || (size_t)len >= sizeof c->expected || strlen(what) + 1 >= sizeof what)
        fa_die("claim %s: the expected column is too long", c->name);
    flatten(c->expected);
}

/* Fold one part's interval into the claim: the most severe verdict decides,
 * and among equals the part nearest to its boundary is shown. `shown` is
 * what the measured column says about the part. */
static void add_part(claim *c, const char *label, ci95 ci, verdict v, const char *shown)
{
    double m = margin(c, ci);
    if (c->parts == 0 || severity(v) > severity(c->v)
        || (severity(v) == severity(c->v) && m < c->margin)) {
        c->v = v;
        c->effect = ci.mean;
        c->lo = ci.lo;
        c->hi = ci.hi;
        c->n = ci.n;
        c->margin = m;
    }
    claim_note(c, "%s%s%s%s", c->parts ? "; " : "", label ? label : "", label ? ": " : "",
               shown);
    c->parts++;
    describe(c);
}

static const char *unit_of(const claim *c) { return c->unit; }

void claim_part_paired(claim *c, const char *label, const double *a, const double *b,
                       size_t n, int side)
{
    set_params(c, CLAIM_PAIRED, side, 0, 0, NULL);
    char shown[96];
    snprintf(shown, sizeof shown, "%.4g vs %.4g%s", ci95_of(a, n).mean, ci95_of(b, n).mean,
             unit_of(c));
    ci95 ci = ci95_paired(a, b, n);
    add_part(c, label, ci, verdict_side(ci, side), shown);
}

void claim_part_vs_value(claim *c, const char *label, const double *x, size_t n, double ref,
                         int side)
{
    set_params(c, CLAIM_VS_VALUE, side, ref, 0, NULL);
    ci95 ci = ci95_of(x, n);
    char shown[96];
    snprintf(shown, sizeof shown, "%.4g%s", ci.mean, unit_of(c));
    ci.mean -= ref, ci.lo -= ref, ci.hi -= ref;
    add_part(c, label, ci, verdict_side(ci, side), shown);
}

void claim_part_close(claim *c, const char *label, const double *x, size_t n, double target,
                      double tol, const char *tol_source)
{
    set_params(c, CLAIM_CLOSE, 0, target, tol, tol_source);
    ci95 ci = ci95_of(x, n);
    char shown[96];
    snprintf(shown, sizeof shown, "%.4g%s", ci.mean, unit_of(c));
    ci.mean -= target, ci.lo -= target, ci.hi -= target;
    add_part(c, label, ci, verdict_within(ci, tol), shown);
}

void claim_part_close_paired(claim *c, const char *label, const double *a, const double *b,
                             size_t n, double tol, const char *tol_source)
{
    set_params(c, CLAIM_CLOSE_PAIRED, 0, 0, tol, tol_source);
    char shown[96];
    snprintf(shown, sizeof shown, "%.4g vs %.4g%s", ci95_of(a, n).mean, ci95_of(b, n).mean,
             unit_of(c));
    ci95 ci = ci95_paired(a, b, n);
    add_part(c, label, ci, verdict_within(ci, tol), shown);
}

claim *claims_paired(claims *cl, const char *name, const char *statement, const double *a,
                     const double *b, size_t n, int side, const char *unit)
{
    claim *c = claims_begin(cl, name, statement, unit);
    claim_part_paired(c, NULL, a, b, n, side);
    return c;
}

claim *claims_vs_value(claims *cl, const char *name, const char *statement, const double *x,
                       size_t n, double ref, int side, const char *unit)
{
    claim *c = claims_begin(cl, name, statement, unit);
    claim_part_vs_value(c, NULL, x, n, ref, side);
    return c;
}

claim *claims_close(claims *cl, const char *name, const char *statement, const double *x,
                    size_t n, double target, double tol, const char *tol_source,
                    const char *unit)
{
    claim *c = claims_begin(cl, name, statement, unit);
    claim_part_close(c, NULL, x, n, target, tol, tol_source);
    return c;
}

claim *claims_close_paired(claims *cl, const char *name, const char *statement,
                           const double *a, const double *b, size_t n, double tol,
                           const char *tol_source, const char *unit)
{
    claim *c = claims_begin(cl, name, statement, unit);
    claim_part_close_paired(c, NULL, a, b, n, tol, tol_source);
    return c;
}

/* A claim without an interval: a sanity check or a point claim. */
static claim *judged(claims *cl, const char *name, const char *statement, claim_kind kind,
                     const char *expected, int ok, const char *fmt, va_list ap)
{
    claim *c = new_claim(cl, name, statement, kind);
    copy_field(c->expected, sizeof c->expected, expected);
    char buf[sizeof c->measured];
    vsnprintf(buf, sizeof buf, fmt, ap);
    copy_field(c->measured, sizeof c->measured, buf);
    c->v = ok ? VERDICT_HOLDS : VERDICT_FAILS;
    return c;
}

claim *claims_sanity(claims *cl, const char *name, const char *statement, const char *expected,
                     int ok, const char *measured, ...)
{
    va_list ap;
    va_start(ap, measured);
    claim *c = judged(cl, name, statement, CLAIM_SANITY, expected, ok, measured, ap);
    va_end(ap);
    return c;
}

void claims_add(claims *cl, const char *name, const char *statement,
                const char *expected, int holds, const char *measured, ...)
{
    va_list ap;
    va_start(ap, measured);
    judged(cl, name, statement, CLAIM_POINT, expected, holds, measured, ap);
    va_end(ap);
}

/* ---- output ---- */

static const char *const kind_words[] = {
    [CLAIM_POINT] = "point",       [CLAIM_PAIRED] = "paired",
    [CLAIM_VS_VALUE] = "vs-value", [CLAIM_CLOSE] = "close",
    [CLAIM_CLOSE_PAIRED] = "close-paired", [CLAIM_SANITY] = "sanity",
};
static const char *const verdict_words[] = {
    [VERDICT_HOLDS] = "holds", [VERDICT_FAILS] = "FAILS",
    [VERDICT_INCONCLUSIVE] = "inconclusive",
};
enum { NKINDS = sizeof kind_words / sizeof *kind_words, NVERDICTS = 3 };

const char *verdict_word(verdict v) { return verdict_words[v]; }

#define COLUMNS "claim\tstatement\texpected\tmeasured\teffect\tlow\thigh\tn\tunit\tverdict\tkind"
enum { NCOLUMNS = 11, NCOLUMNS_LEGACY = 5 };

void claims_write(const claims *cl, const run_config *cfg)
{
    char name[128];
    snprintf(name, sizeof name, "%s.claims.tsv", cfg->info->id);
    out_file *o = out_open(cfg, name, COLUMNS);
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        out_printf(o, "%s\t%s\t%s\t%s\t%.6g\t%.6g\t%.6g\t%zu\t%s\t%s\t%s\n", c->name,
                   c->statement, c->expected, c->measured, c->effect, c->lo, c->hi, c->n,
                   c->unit, verdict_word(c->v), kind_words[c->kind]);
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

/* The index of s in words[0..n-1]; dies naming the column when absent. */
static int word_index(const char *const *words, int n, const char *s, const char *column,
                      const char *path, const char *name)
{
    for (int i = 0; i < n; i++)
        if (words[i] && strcmp(words[i], s) == 0)
            return i;
    fa_die("%s: %s of claim %s is '%s'", path, column, name, s);
}

static double read_number(const char *s, const char *path, const char *name)
{
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end)
        fa_die("%s: claim %s: '%s' is not a number", path, name, s);
    return x;
}

/* One claim row already split into n fields; the layout is the first row's. */
static void read_row(char **f, size_t n, claims *cl, claims_meta *meta, const char *path)
{
    if (cl->n == 0)
        meta->legacy = n == NCOLUMNS_LEGACY;
    if (n != (meta->legacy ? NCOLUMNS_LEGACY : NCOLUMNS))
        fa_die("%s: a claim row needs %d tab-separated fields", path,
               meta->legacy ? NCOLUMNS_LEGACY : NCOLUMNS);
    if (cl->n == CLAIMS_MAX)
        fa_die("%s: too many claims", path);
    claim *c = &cl->c[cl->n++];
    memset(c, 0, sizeof *c);
    read_field(c->name, sizeof c->name, f[0], path);
    read_field(c->statement, sizeof c->statement, f[1], path);
    read_field(c->expected, sizeof c->expected, f[2], path);
    read_field(c->measured, sizeof c->measured, f[3], path);
    c->effect = c->lo = c->hi = NAN;
    if (meta->legacy) {
        static const char *const legacy_words[] = {"holds", "FAILS"};
        c->v = (verdict)word_index(legacy_words, 2, f[4], "result", path, c->name);
        c->kind = CLAIM_POINT;
        return;
    }
    c->effect = read_number(f[4], path, c->name);
    c->lo = read_number(f[5], path, c->name);
    c->hi = read_number(f[6], path, c->name);
    c->n = (size_t)read_number(f[7], path, c->name);
    read_field(c->unit, sizeof c->unit, f[8], path);
    c->v = (verdict)word_index(verdict_words, NVERDICTS, f[9], "verdict", path, c->name);
    c->kind = (claim_kind)word_index(kind_words, NKINDS, f[10], "kind", path, c->name);
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
        char *field[NCOLUMNS + 1];
        size_t n = 0;
        for (char *p = line, *tab; n < NCOLUMNS + 1; p = tab + 1) {
            field[n++] = p;
            if (!(tab = strchr(p, '\t')))
                break;
            *tab = '\0';
        }
        if (strcmp(field[0], "claim") == 0)
            continue; /* the column-name line */
        read_row(field, n, cl, meta, path);
    }
    free(line);
    fclose(f);
    return 1;
}

void claims_count(const claims *cl, claims_tally *t)
{
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        if (c->kind == CLAIM_SANITY) {
            *(c->v == VERDICT_HOLDS ? &t->sanity_ok : &t->sanity_fail) += 1;
            continue;
        }
        t->point += c->kind == CLAIM_POINT;
        if (c->v == VERDICT_HOLDS)
            t->holds++;
        else if (c->v == VERDICT_FAILS)
            t->fails++;
        else
            t->inconclusive++;
    }
}

/* "-3.2° [-5.1, -1.3]" (no interval when n < 2), or "" without an effect. */
static void effect_text(char *buf, size_t len, const claim *c)
{
    if (isnan(c->effect))
        snprintf(buf, len, "%s", "");
    else if (isnan(c->lo))
        snprintf(buf, len, "%+.3g%s", c->effect, c->unit);
    else
        snprintf(buf, len, "%+.3g%s [%+.3g, %+.3g]", c->effect, c->unit, c->lo, c->hi);
}

void claims_print_console(FILE *f, const claims *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        char eff[96];
        effect_text(eff, sizeof eff, c);
        fprintf(f, "  [%s%s] %s: %s (expected %s)", c->kind == CLAIM_SANITY ? "sanity " : "",
                verdict_word(c->v), c->name, c->measured, c->expected);
        if (*eff)
            fprintf(f, "; effect %s, n %zu", eff, c->n);
        fputc('\n', f);
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

/* The first four cells of a row: check, claim, expected, measured. */
static void md_row_start(FILE *f, const claim *c)
{
    fputs("| `", f);
    md_cell(f, c->name);
    fputs("` | ", f);
    md_cell(f, c->statement);
    fputs(" | ", f);
    md_cell(f, c->expected);
    fputs(" | ", f);
    md_cell(f, c->measured);
}

/* The table of the older layout, unchanged, so that pages whose figures
 * were not regenerated since keep their tables. */
static void print_legacy(FILE *f, const claims *cl)
{
    fputs("| check | claim | expected | measured | result |\n|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < cl->n; i++) {
        md_row_start(f, &cl->c[i]);
        fprintf(f, " | %s |\n", cl->c[i].v == VERDICT_HOLDS ? "holds" : "**fails**");
    }
}

static const char *md_verdict(verdict v)
{
    return v == VERDICT_HOLDS ? "holds" : v == VERDICT_FAILS ? "**fails**" : "*inconclusive*";
}

static void print_counted(FILE *f, const claims *cl)
{
    fputs("| check | claim | expected | measured | effect [95 % interval] | n | verdict |\n"
          "|---|---|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        if (c->kind == CLAIM_SANITY)
            continue;
        char eff[96];
        effect_text(eff, sizeof eff, c);
        md_row_start(f, c);
        fputs(" | ", f);
        md_cell(f, *eff ? eff : "–");
        if (c->kind == CLAIM_POINT)
            fputs(" | – ", f);
        else
            fprintf(f, " | %zu ", c->n);
        fprintf(f, "| %s |\n", md_verdict(c->v));
    }
}

static void print_sanity(FILE *f, const claims *cl)
{
    int any = 0;
    for (size_t i = 0; i < cl->n; i++) {
        const claim *c = &cl->c[i];
        if (c->kind != CLAIM_SANITY)
            continue;
        if (!any++)
            fputs("\nSanity checks (true by construction; shown, not counted):\n\n", f);
        /* a list item, where '|' needs no escape */
        fprintf(f, "- `%s` %s: expected %s, measured %s — %s\n", c->name, c->statement,
                c->expected, c->measured, c->v == VERDICT_HOLDS ? "ok" : "**fails**");
    }
}

void claims_print_markdown(FILE *f, const claims *cl, const claims_meta *m)
{
    if (m->legacy) {
        print_legacy(f, cl);
    } else {
        print_counted(f, cl);
        print_sanity(f, cl);
    }
    fprintf(f, "\n_Measured at %s scale (seed %s, %s repetitions, kernel path %s, source %s)._\n",
            m->scale, m->seed, m->reps, m->kernel, m->source);
}
