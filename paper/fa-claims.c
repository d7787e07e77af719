/* fa-claims — show the claims of a figure, or refresh the claims tables of
 * the paper/ pages, from the <id>.claims.tsv files the figure programs write.
 * It prints through the same functions as the programs (core/claims.c).
 *
 *   fa-claims show FILE...                 console summary (make <id>)
 *   fa-claims page FIGDIR PAGE...          rewrite the tables (make paper)
 *   fa-claims page --check FIGDIR PAGE...  exit 1 if a table is out of date
 *
 * In a page, the table between the lines
 *     <!-- claims ID -->     or     <!-- claims ID VARIANT -->
 *     <!-- /claims -->
 * is rebuilt from FIGDIR/ID/ID.claims.tsv (FIGDIR/ID/VARIANT/ID.claims.tsv for
 * a variant run, e.g. with the paper text's parameters), and the table
 * between
 *     <!-- tally -->
 *     <!-- /tally -->
 * becomes the count of verdicts per paper over every FIGDIR/ID/ID.claims.tsv
 * (default runs; variants are not counted). Everything else is copied
 * unchanged. A missing claims file keeps the old table and warns. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims.h"
#include "util.h"

/* The ID and VARIANT of a start marker; 0 if the line is not one. */
static int start_marker(const char *line, char *id, char *variant, size_t len)
{
    static const char open[] = "<!-- claims ", close[] = " -->\n";
    size_t n = strlen(line), o = sizeof open - 1, c = sizeof close - 1;
    if (n <= o + c || strncmp(line, open, o) != 0 || strcmp(line + n - c, close) != 0)
        return 0;
    char words[256];
    if (n - o - c >= sizeof words)
        return 0;
    memcpy(words, line + o, n - o - c);
    words[n - o - c] = '\0';
    char *sp = strchr(words, ' ');
    if (sp)
        *sp++ = '\0';
    if (!*words || strlen(words) >= len || (sp && (!*sp || strchr(sp, ' ') || strlen(sp) >= len)))
        return 0;
    strcpy(id, words);
    strcpy(variant, sp ? sp : "");
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void tally_row(FILE *out, const char *paper, size_t figs, const claims_tally *t)
{
    fprintf(out, "| %s | %zu | %zu | %zu | %zu | %zu | %zu / %zu |\n", paper, figs, t->holds,
            t->fails, t->inconclusive, t->point, t->sanity_ok, t->sanity_fail);
}

/* The verdicts per paper (an id's prefix before '-') and in total. */
static void print_tally(FILE *out, const char *figdir)
{
    DIR *d = opendir(figdir);
    if (!d)
        fa_die("cannot read %s", figdir);
    char *ids[256];
    size_t nids = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.' && nids < sizeof ids / sizeof *ids)
            ids[nids++] = strdup(e->d_name);
    closedir(d);
    qsort(ids, nids, sizeof *ids, by_name);
    fputs("| paper | figures | holds | fails | inconclusive | of these without an interval "
          "| sanity checks (ok / failing) |\n|---|---|---|---|---|---|---|\n", out);
    claims_tally paper = {0}, all = {0};
    size_t figs = 0, allfigs = 0;
    char cur[64] = "";
    for (size_t i = 0; i < nids; i++) {
        char path[512], name[64];
        snprintf(path, sizeof path, "%s/%s/%s.claims.tsv", figdir, ids[i], ids[i]);
        snprintf(name, sizeof name, "%.*s", (int)strcspn(ids[i], "-"), ids[i]);
        static claims cl;
        claims_meta meta;
        if (!claims_read(path, &cl, &meta))
            continue;
        if (figs && strcmp(name, cur) != 0) {
            tally_row(out, cur, figs, &paper);
            memset(&paper, 0, sizeof paper);
            figs = 0;
        }
        snprintf(cur, sizeof cur, "%s", name);
        claims_count(&cl, &paper);
        claims_count(&cl, &all);
        figs++, allfigs++;
    }
    if (figs)
        tally_row(out, cur, figs, &paper);
    tally_row(out, "all", allfigs, &all);
    for (size_t i = 0; i < nids; i++)
        free(ids[i]);
}

/* Write the page with fresh tables to `out`. */
static void refresh(FILE *in, FILE *out, const char *figdir)
{
    char *line = NULL;
    size_t cap = 0;
    int skipping = 0;
    while (getline(&line, &cap, in) > 0) {
        char id[64], variant[64];
        if (strcmp(line, "<!-- /claims -->\n") == 0 || strcmp(line, "<!-- /tally -->\n") == 0)
            skipping = 0;
        else if (skipping)
            continue;
        fputs(line, out);
        if (strcmp(line, "<!-- tally -->\n") == 0) {
            print_tally(out, figdir);
            skipping = 1;
            continue;
        }
        if (!start_marker(line, id, variant, sizeof id))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s/%s%s%s.claims.tsv", figdir, id, variant,
                 *variant ? "/" : "", id);
        static claims cl;
        claims_meta meta;
        if (!claims_read(path, &cl, &meta)) {
            fprintf(stderr, "fa-claims: %s not found; table for %s left as it was\n", path, id);
            continue;
        }
        claims_print_markdown(out, &cl, &meta);
        skipping = 1;
    }
    free(line);
}

/* The whole content of a stream, for comparing a page with its refresh. */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = fa_malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap && !(buf = realloc(buf, cap *= 2)))
            fa_die("out of memory");
    *len = n;
    return buf;
}

static int page(int argc, char **argv)
{
    int check = argc > 0 && strcmp(argv[0], "--check") == 0;
    argc -= check, argv += check;
    if (argc < 2)
        fa_die("usage: fa-claims page [--check] FIGDIR PAGE...");
    int stale = 0;
    for (int i = 1; i < argc; i++) {
        FILE *in = fopen(argv[i], "r");
        if (!in)
            fa_die("cannot read %s", argv[i]);
        FILE *fresh = tmpfile();
        if (!fresh)
            fa_die("cannot create a temporary file");
        refresh(in, fresh, argv[0]);
        rewind(in);
        rewind(fresh);
        size_t na, nb;
        char *a = slurp(in, &na), *b = slurp(fresh, &nb);
        fclose(in);
        fclose(fresh);
        int same = na == nb && memcmp(a, b, na) == 0;
        if (!same && check) {
            fprintf(stderr, "fa-claims: the claims tables of %s are out of date with %s/ "
                    "(run `make paper`)\n", argv[i], argv[0]);
            stale = 1;
        } else if (!same) {
            /* through a temporary, so an interrupted refresh leaves the page whole */
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%s.tmp", argv[i]);
            FILE *out = fopen(tmp, "w");
            if (!out || fwrite(b, 1, nb, out) != nb || fclose(out) != 0
                || rename(tmp, argv[i]) != 0)
                fa_die("cannot write %s", argv[i]);
        }
        free(a);
        free(b);
    }
    return stale;
}

int main(int argc, char **argv)
{
    fa_progname = "fa-claims";
    if (argc >= 2 && strcmp(argv[1], "show") == 0) {
        for (int i = 2; i < argc; i++) {
            static claims cl;
            claims_meta meta;
            if (!claims_read(argv[i], &cl, &meta))
                fa_die("cannot read %s", argv[i]);
            claims_print_console(stdout, &cl);
        }
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "page") == 0)
        return page(argc - 2, argv + 2);
    fa_die("usage: fa-claims show FILE... | fa-claims page [--check] FIGDIR PAGE...");
}
