#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "shard.h"
#include "util.h"

double fa_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_begin(progress *p, const char *label, size_t total)
{
    /* a shard runs every N-th job: about 1/N of the figure's units */
    size_t of = shard_share();
    p->label = label;
    p->total = (total + of - 1) / of;
    p->done = 0;
    p->t0 = p->last = fa_now();
    p->tty = isatty(fileno(stderr));
    fa_test_pause("compute");
    if (!p->tty && of > 1)
        fprintf(stderr, "%s: started (about %zu units: this shard's 1/%zu of %zu)\n", label,
                p->total, of, total);
    else if (!p->tty)
        fprintf(stderr, "%s: started (%zu units)\n", label, total);
}

void progress_add(progress *p, size_t units)
{
    size_t done;
#pragma omp atomic capture
    done = p->done += units;
    if (!p->tty)
        return;
    double now = fa_now();
    if (now - p->last < 0.25 && done != p->total)
        return;
#pragma omp critical(fa_progress)
    {
        p->last = now;
        double el = now - p->t0, frac = p->total ? (double)done / (double)p->total : 1.0;
        if (frac > 1)
            frac = 1;   /* a shard's share is an estimate */
        if (frac > 0 && done < p->total)
            fprintf(stderr, "\r%s %3.0f%%  %.1f s, ETA %.0f s   ", p->label, 100 * frac, el,
                    el / frac - el);
        else
            fprintf(stderr, "\r%s %3.0f%%  %.1f s            ", p->label, 100 * frac, el);
        fflush(stderr);
    }
}

void progress_end(progress *p)
{
    double el = fa_now() - p->t0;
    if (p->tty)
        fprintf(stderr, "\r%s 100%%  %.1f s              \n", p->label, el);
    else
        fprintf(stderr, "%s: done in %.1f s\n", p->label, el);
}
