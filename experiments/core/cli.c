#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels.h"
#include "shard.h"
#include "util.h"

static void usage(FILE *f, const fig_info *info, const cli_opt *opts, size_t nopts)
{
    fprintf(f, "%s — %s\n", info->id, info->title);
    fprintf(f, "Paper: %s\n\n", info->paper);
    fprintf(f, "Usage: %s [options]\n\nOptions:\n", info->id);
    fprintf(f, "  --help            show this help and exit\n");
    fprintf(f, "  --seed N          base random seed (default 1); repetition r uses the\n"
               "                    streams derived from (N, r)\n");
    fprintf(f, "  --reps N          repetitions (paper scale %zu, --quick %zu)",
            info->reps, info->quick_reps);
    if (info->reps_help)
        fprintf(f, ";\n                    one repetition is %s", info->reps_help);
    fprintf(f, "\n");
    fprintf(f, "  --quick           small scale for a fast look (same code path)\n");
    fprintf(f, "  --threads N       worker threads (default: all online CPUs); the\n"
               "                    results do not depend on it\n");
    fprintf(f, "  --out DIR         directory for the TSV results (default .)\n");
    fprintf(f, "  --data DIR        MNIST directory (default data/mnist)\n");
    fprintf(f, "  --shard I/N       run only shard I (0..N-1) of the figure's jobs, the\n"
               "                    jobs j with j mod N = I, into DIR/<id>.shard-I-of-N\n");
    fprintf(f, "  --merge           merge every DIR/<id>.shard-*-of-N into the results\n"
               "                    of an unsharded run (byte for byte)\n");
    for (size_t i = 0; i < nopts; i++) {
        const cli_opt *o = &opts[i];
        const char *arg = o->kind == OPT_FLAG ? "" : o->kind == OPT_STRING ? " S" : " X";
        char left[64];
        snprintf(left, sizeof left, "--%s%s", o->name, arg);
        fprintf(f, "  %-17s %s", left, o->help);
        if (o->kind == OPT_SIZE || o->kind == OPT_DOUBLE)
            fprintf(f, " [%g, %g]", o->min, o->max);
        fprintf(f, "\n");
    }
    fprintf(f, "\nEnvironment: FA_KERNEL=scalar|avx2|avx512|neon|auto forces a kernel path;\n"
               "all paths give identical results.\n");
}

static _Noreturn void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", fa_progname);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see --help)\n");
    va_end(ap);
    exit(2);
}

static unsigned long long parse_uint(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+')
        bad("--%s needs a non-negative integer, got '%s'", opt, s ? s : "");
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        bad("--%s needs a non-negative integer, got '%s'", opt, s);
    return v;
}

static double parse_double(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = s && *s ? strtod(s, &end) : NAN;
    if (!s || !*s || errno || *end || !isfinite(v))
        bad("--%s needs a finite number, got '%s'", opt, s ? s : "");
    return v;
}

static void check_range(const cli_opt *o, double v, const char *text)
{
    if (v < o->min || v > o->max)
        bad("--%s %s is out of range [%g, %g]", o->name, text, o->min, o->max);
}

/* "--shard I/N": 0 <= I < N. */
static void parse_shard(const char *val, size_t *index, size_t *count)
{
    unsigned long long i, n;
    int used = 0;
    if (*val < '0' || *val > '9' || sscanf(val, "%llu/%llu%n", &i, &n, &used) != 2 ||
        val[used] || n < 1 || n > 100000 || i >= n)
        bad("--shard needs I/N with 0 <= I < N <= 100000, got '%s'", val);
    *index = (size_t)i, *count = (size_t)n;
}

/* The program's own options as given, for shard files (shard.h): a merge
 * takes only shards computed with the same ones. Sorted, so their order on
 * the command line does not matter. */
typedef struct opt_list { char **v; size_t n; } opt_list;

static void note_option(opt_list *l, const char *opt, const char *val)
{
    char *s = fa_malloc(strlen(opt) + (val ? strlen(val) : 0) + 2);
    sprintf(s, "%s%s%s", opt, val ? " " : "", val ? val : "");
    char **v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (!v)
        fa_die("out of memory");
    l->v = v;
    l->v[l->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *opt_join(opt_list *l)
{
    if (l->n)   /* qsort(NULL, 0, ...) is undefined */
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
    size_t len = sizeof "none";
    for (size_t i = 0; i < l->n; i++)
        len += strlen(l->v[i]) + 1;
    char *s = fa_malloc(len);
    s[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, l->v[i]);
        free(l->v[i]);
    }
    free(l->v);
    if (!l->n)
        strcpy(s, "none");
    return s;
}

/* A program started with fd 0, 1 or 2 closed would get that number from its
 * next open() or mkstemp(), and its console text would land in a result
 * file: give each closed one /dev/null first. */
static void guard_std_fds(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
            open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
            _exit(1);   /* cannot happen: the lower numbers are open already */
}

void cli_parse(int argc, char **argv, const fig_info *info, cli_opt *opts,
               size_t nopts, run_config *cfg)
{
    guard_std_fds();
    fa_progname = info->id;
    memset(cfg, 0, sizeof *cfg);
    cfg->info = info;
    cfg->seed = 1;
    cfg->out_dir = ".";
    cfg->data_dir = "data/mnist";
    cfg->threads = omp_get_num_procs();
    int reps_given = 0, shard_given = 0;
    shard_mode mode = SHARD_OFF;
    size_t shard_index = 0, shard_count = 1;
    opt_list opt_text = {0};

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0)
            bad("unexpected argument '%s'", a);
        const char *name = a + 2;
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(name, "help") == 0) {
            usage(stdout, info, opts, nopts);
            exit(0);
        } else if (strcmp(name, "quick") == 0) {
            cfg->quick = 1;
            continue;
        }
        /* every remaining option takes a value */
        const cli_opt *o = NULL;
        for (size_t k = 0; k < nopts; k++)
            if (strcmp(name, opts[k].name) == 0)
                o = &opts[k];
        if (o && o->kind == OPT_FLAG) {
            *(int *)o->target = 1;
            note_option(&opt_text, a, NULL);
            continue;
        }
        if (strcmp(name, "merge") == 0) {
            mode = SHARD_MERGE;
            continue;
        }
        int known = o || !strcmp(name, "seed") || !strcmp(name, "reps") ||
                    !strcmp(name, "threads") || !strcmp(name, "out") ||
                    !strcmp(name, "data") || !strcmp(name, "shard");
        if (!known)
            bad("unknown option '%s'", a);
        if (!val)
            bad("option '%s' needs a value", a);
        i++;
        if (strcmp(name, "seed") == 0) {
            cfg->seed = parse_uint(name, val);
        } else if (strcmp(name, "reps") == 0) {
            unsigned long long r = parse_uint(name, val);
            if (r < 1 || r > 1000000)
                bad("--reps %s is out of range [1, 1000000]", val);
            cfg->reps = (size_t)r;
            reps_given = 1;
        } else if (strcmp(name, "threads") == 0) {
            unsigned long long t = parse_uint(name, val);
            if (t < 1 || t > 1024)
                bad("--threads %s is out of range [1, 1024]", val);
            cfg->threads = (int)t;
        } else if (strcmp(name, "out") == 0) {
            if (!*val)
                bad("--out needs a directory name, got ''");
            cfg->out_dir = val;
        } else if (strcmp(name, "data") == 0) {
            cfg->data_dir = val;
        } else if (strcmp(name, "shard") == 0) {
            parse_shard(val, &shard_index, &shard_count);
            shard_given = 1;
        } else if (o->kind == OPT_SIZE) {
            unsigned long long v = parse_uint(name, val);
            check_range(o, (double)v, val);
            *(size_t *)o->target = (size_t)v;
        } else if (o->kind == OPT_DOUBLE) {
            double v = parse_double(name, val);
            check_range(o, v, val);
            *(double *)o->target = v;
        } else {
            *(const char **)o->target = val;
        }
        if (o)
            note_option(&opt_text, a, val);
    }
    if (shard_given && mode == SHARD_MERGE)
        bad("--shard and --merge exclude each other");
    if (shard_given)
        mode = SHARD_RUN;
    if (!reps_given)
        cfg->reps = cfg->quick ? info->quick_reps : info->reps;
    snprintf(cfg->scale, sizeof cfg->scale, "%s", cfg->quick ? "quick" : "paper");
    cfg_count(cfg, "reps", cfg->reps, info->reps);

    char err[256];
    if (kernels_init(err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", fa_progname, err);
        exit(2);
    }
    /* before any computing: an output directory that cannot be made or
     * written would otherwise be found out after minutes or an hour */
    if (fa_prepare_dir(cfg->out_dir, err, sizeof err))
        fa_die("--out: %s", err);
    printf("%s: %s scale, %zu reps, seed %llu, kernel path %s, %d thread%s\n",
           info->id, cfg_scale(cfg), cfg->reps, (unsigned long long)cfg->seed,
           kernels_path(), cfg->threads, cfg->threads == 1 ? "" : "s");
    if (mode == SHARD_RUN)
        printf("  shard %zu of %zu: jobs j with j mod %zu = %zu\n", shard_index, shard_count,
               shard_count, shard_index);
    char *canon = opt_join(&opt_text);
    shard_configure(cfg, mode, shard_index, shard_count, canon);
    free(canon);
    if (fflush(stdout) != 0 || ferror(stdout))
        fa_die("cannot write to standard output: %s", strerror(errno));
}

void cfg_param(run_config *cfg, const char *name, const char *fmt, ...)
{
    char value[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    size_t used = strlen(cfg->params);
    int n = snprintf(cfg->params + used, sizeof cfg->params - used, "%s=%s\n",
                     name, value);
    if (n < 0 || (size_t)n >= sizeof cfg->params - used)
        fa_die("too many parameters for the output header");
    printf("  %-14s = %s\n", name, value);
    fflush(stdout);
}

void cfg_count(run_config *cfg, const char *name, size_t ours, size_t paper)
{
    if (cfg->quick || ours == paper)
        return;
    char was[sizeof cfg->scale];
    memcpy(was, cfg->scale, sizeof was);
    int first = strcmp(was, "paper") == 0;
    size_t keep = first ? 0 : strlen(was) - 1; /* drop the closing parenthesis */
    int n = snprintf(cfg->scale, sizeof cfg->scale, "%.*s%s%s %zu of %zu)", (int)keep, was,
                     first ? "reduced (" : ", ", name, ours, paper);
    if (n < 0 || (size_t)n >= sizeof cfg->scale)
        fa_die("too many reduced counts for the scale header");
}

const char *cfg_scale(const run_config *cfg) { return cfg->scale; }
