/* progress.h — progress on stderr for long stages.
 *
 * On a terminal: one line rewritten in place, "label  37%  12.3 s, ETA 21 s".
 * Otherwise (logs, make): one line when a stage starts and one when it ends.
 * In a shard (--shard I/N) the total is about 1/N of the figure's units,
 * since the shard runs every N-th job. progress_add may be called from any
 * thread. */
#ifndef FA_PROGRESS_H
#define FA_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    const char *label;
    size_t total, done;
    double t0, last;
    int tty;
} progress;

void progress_begin(progress *p, const char *label, size_t total);
void progress_add(progress *p, size_t units);
void progress_end(progress *p);

/* Seconds on a monotonic clock. */
double fa_now(void);

#endif
