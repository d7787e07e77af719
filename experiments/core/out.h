/* out.h — result sets that appear whole or not at all.
 *
 * Every file a figure program writes (data TSVs, claims) is written to a
 * temporary DIR/.<id>~<pid>~<name>.XXXXXX and renamed into place by
 * out_commit_all() once the whole run has succeeded. fa_die(), SIGINT,
 * SIGTERM, SIGHUP and SIGPIPE remove the temporaries, so an interrupted or
 * failed run leaves the previous results untouched and no partial file.
 *
 * The set of a figure's files is replaced as a whole:
 *  - commits into one directory take turns (flock on the directory);
 *  - before its renames a commit writes and syncs the journal
 *    DIR/.<id>.commit naming them, and removes it after them; a signal
 *    during the renames is held until they are done;
 *  - so only SIGKILL (or a crash) can stop a commit halfway, and then the
 *    journal remains: readers see a mixed set by the journal's presence, and
 *    the next run of the figure into DIR finishes the renames (every
 *    temporary it lists is complete) before anything else;
 *  - that next run also removes the temporaries of this figure's dead runs
 *    (the owner's pid is in the name; SIGKILL leaves them).
 * Files hold no run ids or times: a rerun with the same inputs writes the
 * same bytes.
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
 * behind this figure (kernels/, every paper's shared code including
 * experiments/core/, and the program itself, not the other figure
 * programs), with "+dirty.<8 hex digits>" when that code has uncommitted
 * changes (a hash of them and of new files, so that two different edits of
 * one commit differ) and "unknown" outside a git checkout.
 *
 * Open DIR/NAME for writing (through a temporary file), write the provenance
 * header of cfg and the column-name line `columns` (tab-separated, no
 * newline). Dies with a clear message if the directory is not writable. */
out_file *out_open(const struct run_config *cfg, const char *name,
                   const char *columns);

/* A file without the provenance header, for shard files (shard.h): `set`
 * names its own journal and temporaries in place of the figure id, so the
 * shards of a figure and its merge, possibly on several machines sharing
 * DIR, never take each other's temporaries for a dead run's. Write to o->f. */
out_file *out_open_raw(const struct run_config *cfg, const char *set, const char *name);

/* The source revision written into the headers (see out_open). */
const char *out_revision(const struct run_config *cfg);

/* printf into the file. */
void out_printf(out_file *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Close, sync and rename every open output file into place, as one set (see
 * above). Dies, with the previous results untouched, if standard output
 * cannot be written (the console text is part of the run). */
void out_commit_all(void);

/* Remove the temporaries of every uncommitted file (fa_die's handler, set by
 * the first out_open). */
void out_abandon_all(void);

#endif
