/* out.h — result files that appear whole or not at all.
 *
 * Every file a figure program writes (data TSVs, claims) is written to a
 * temporary name in the output directory and renamed into place by
 * out_commit_all() once the whole run has succeeded. fa_die(), SIGINT and
 * SIGTERM remove the temporaries, so an interrupted or failed run leaves the
 * previous results untouched and no partial file behind.
 *
 * Each file starts with a provenance header of '#' lines (figure, paper,
 * parameters, seed, scale, kernel path, source revision), then one line of
 * tab-separated column names, then the rows. */
#ifndef FA_OUT_H
#define FA_OUT_H

#include <stdio.h>

struct run_config;

typedef struct out_file {
    FILE *f;
    char *tmp_path, *final_path;
    int committed;
} out_file;

/* The source revision in the header is the last commit that touched the code
 * behind this figure (kernels/, experiments/core/, the paper's shared code
 * and the program itself, not the other figure programs), with "+dirty" when
 * that code has uncommitted changes and "unknown" outside a git checkout.
 *
 * Open DIR/NAME for writing (through a temporary file), write the provenance
 * header of cfg and the column-name line `columns` (tab-separated, no
 * newline). Dies with a clear message if the directory is not writable. */
out_file *out_open(const struct run_config *cfg, const char *name,
                   const char *columns);

/* printf into the file. */
void out_printf(out_file *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Close every open output file and rename it into place. */
void out_commit_all(void);

/* Remove the temporaries of every uncommitted file (called by fa_die and on
 * SIGINT/SIGTERM). */
void out_abandon_all(void);

#endif
