/* cli.h — the command line every figure program shares, and the run
 * configuration that travels into output headers.
 *
 * Common options: --help, --seed N, --reps N, --quick, --threads N,
 * --out DIR, --data DIR (MNIST), --shard I/N and --merge (shard.h), plus the program's own options described by
 * a cli_opt table. Unknown options, missing or malformed values and values
 * out of range are rejected with one clear message and exit status 2, before
 * anything is written. The output directory is created (with its parents)
 * and probed for writing here, before any computing. */
#ifndef FA_CLI_H
#define FA_CLI_H

#include <stddef.h>
#include <stdint.h>

typedef struct fig_info {
    const char *id;          /* "rs21-fig5" */
    const char *paper;       /* "rs21: RahmanSetayesh, Ghazizadeh & Marvasti (2021)" */
    const char *title;       /* one line: what the figure shows */
    const char *source;      /* this program's source file, from the build (__FILE__) */
    size_t reps;             /* default repetitions: the paper's count */
    size_t quick_reps;       /* --quick repetitions */
    const char *reps_help;   /* what one repetition is, for --help */
} fig_info;

typedef enum { OPT_SIZE, OPT_DOUBLE, OPT_STRING, OPT_FLAG } opt_kind;

typedef struct cli_opt {
    const char *name;        /* without the leading "--" */
    opt_kind kind;
    void *target;            /* size_t*, double*, const char**, int* */
    const char *help;
    double min, max;         /* accepted range for OPT_SIZE and OPT_DOUBLE */
} cli_opt;

enum { CFG_PARAMS_MAX = 4096 };

typedef struct run_config {
    const fig_info *info;
    uint64_t seed;
    size_t reps;
    int quick;
    int threads;
    const char *out_dir;
    const char *data_dir;
    char params[CFG_PARAMS_MAX];   /* "name=value" lines for the header */
    char scale[160];               /* see cfg_scale */
} run_config;

/* Parse argv into cfg (defaults: seed 1, reps = info->reps or quick_reps,
 * threads = online CPUs, out "."), select the kernel path (kernels_init) and
 * print the run's first line: figure, scale, kernel path, threads.
 * --help prints usage and exits 0; errors exit 2. */
void cli_parse(int argc, char **argv, const fig_info *info, cli_opt *opts,
               size_t nopts, run_config *cfg);

/* Record a parameter for the output headers and print it on stdout
 * ("  name = value"). Call once per parameter, after cli_parse. */
void cfg_param(run_config *cfg, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Declare a count of the run (epochs, trials, samples) beside the paper's;
 * call before the first output file is opened. Repetitions are declared by
 * fig_info: the default, reps, is the paper's count. */
void cfg_count(run_config *cfg, const char *name, size_t ours, size_t paper);

/* The scale written into headers: "quick" for --quick; "paper" when every
 * declared count equals the paper's; otherwise "reduced (reps 2 of 10, ...)". */
const char *cfg_scale(const run_config *cfg);

#endif
