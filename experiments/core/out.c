#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kernels.h"
#include "shard.h"
#include "util.h"

#ifndef FA_ROOT
#define FA_ROOT "."
#endif

enum { MAX_FILES = 64 };
static out_file files[MAX_FILES];
static size_t nfiles;
/* The temporaries' names, for the signal handler (unlink is signal-safe). */
static char *volatile tmp_names[MAX_FILES + 1];   /* + the journal's temporary */

/* The run's output directory: its name, the figure id, and an open
 * descriptor of it for flock (serialises commits into it) and fsync. */
static char *dir_name;
static const char *fig_id;
static int dir_fd = -1;

/* A signal during the renames of out_commit_all must not stop them halfway:
 * the handler only notes it (COMMITTING) and the commit re-raises it when
 * done. An atomic state rather than sigprocmask, because the signal may be
 * delivered to any of the OpenMP threads, whose masks the committing thread
 * cannot change. */
enum { RUNNING, COMMITTING, CLEANING };
static atomic_int state = RUNNING;
static volatile sig_atomic_t pending_signal;
/* Set once the journal names the temporaries: from then on they are the
 * results and must survive (the next run renames them into place). */
static volatile sig_atomic_t journaled;

static void unlink_temps(void)
{
    for (size_t i = 0; i <= MAX_FILES; i++)
        if (tmp_names[i])
            unlink(tmp_names[i]);
}

static void on_signal(int sig)
{
    int expected = RUNNING;
    if (!atomic_compare_exchange_strong(&state, &expected, CLEANING)) {
        if (expected == COMMITTING)
            pending_signal = sig;
        return;   /* CLEANING: another thread is already on it */
    }
    if (!journaled)
        unlink_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* SIGHUP (terminal closed) and SIGPIPE (reader of stdout gone) end a run as
 * surely as SIGINT and SIGTERM; each removes the temporaries. SIGKILL cannot
 * be caught: its temporaries are removed by the next run (recover). */
static void catch_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < FA_ARRAY_LEN(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = fa_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* First line of a shell command's output, or "" (trailing newline removed). */
static void first_line(const char *cmd, char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (!fgets(buf, (int)len, p))
        buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    pclose(p);
}

/* The paths whose history defines a program's revision: the kernels, the
 * shared code of every paper (the files of experiments/<paper>/ not named
 * fig*: a paper may build on another's, as hs23 does on rs21's) and the
 * program itself — but not the other figure programs, so adding a figure
 * does not change this one's. */
static char *revision_paths(const char *source)
{
    char *paths = dup_printf("kernels '%s'", source);
    char *top = dup_printf("%s/experiments", FA_ROOT);
    DIR *papers = opendir(top);
    for (struct dirent *p; papers && (p = readdir(papers));) {
        if (p->d_name[0] == '.')
            continue;
        char *dir = dup_printf("%s/%s", top, p->d_name);
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            if (e->d_name[0] == '.' || strncmp(e->d_name, "fig", 3) == 0)
                continue;
            char *more = dup_printf("%s 'experiments/%s/%s'", paths, p->d_name, e->d_name);
            free(paths);
            paths = more;
        }
        if (d)
            closedir(d);
        free(dir);
    }
    if (papers)
        closedir(papers);
    free(top);
    return paths;
}

static const char *revision_of(const char *source)
{
    static char rev[128];
    if (rev[0])
        return rev;
    char *paths = revision_paths(source);
    char *log = dup_printf("git -C '%s' log -1 --format=%%h -- %s 2>/dev/null", FA_ROOT, paths);
    char *st = dup_printf("git -C '%s' status --porcelain -- %s 2>/dev/null", FA_ROOT, paths);
    char hash[64], dirty[256], edits[64] = "";
    first_line(log, hash, sizeof hash);
    first_line(st, dirty, sizeof dirty);
    if (dirty[0]) {
        /* Which uncommitted edits: a hash of the diff and of new files, so
         * that shards (shard.c) run on different edits of one commit do not
         * pass for the same source. */
        char *diff = dup_printf("cd '%s' && { git diff HEAD -- %s; git ls-files -z -o "
                                "--exclude-standard -- %s | xargs -0 -r cat; } 2>/dev/null | "
                                "git hash-object --stdin 2>/dev/null",
                                FA_ROOT, paths, paths);
        first_line(diff, edits, sizeof edits);
        edits[8] = '\0';
        free(diff);
    }
    snprintf(rev, sizeof rev, "%s%s%s", hash[0] ? hash : "unknown", dirty[0] ? "+dirty." : "",
             dirty[0] ? edits : "");
    free(paths);
    free(log);
    free(st);
    return rev;
}

/* The journal of a commit in progress: DIR/.<id>.commit, one line
 * "temporary<TAB>final" (names in DIR) per file. It exists exactly while a
 * commit is renaming, or after one was killed between its renames: then the
 * set is mixed, and anything reading the directory can tell by the journal's
 * presence. */
static char *journal_path(void) { return dup_printf("%s/.%s.commit", dir_name, fig_id); }

/* Temporaries are named .<id>~<pid>~<file>.XXXXXX: the figure and the owner
 * are in the name, so a run can find the leftovers of its own figure. */
static char *temp_path(const char *name)
{
    return dup_printf("%s/.%s~%ld~%s.XXXXXX", dir_name, fig_id, (long)getpid(), name);
}

static void sync_dir(void)
{
    if (fsync(dir_fd) != 0 && errno != EINVAL)   /* EINVAL: the filesystem has no dir sync */
        fa_die("cannot sync directory %s: %s", dir_name, strerror(errno));
}

/* Finish a commit that was killed between its renames (roll forward: every
 * temporary the journal lists is complete and synced), then remove the
 * temporaries of runs of this figure whose process is gone. Called with the
 * directory locked. */
static void recover(void)
{
    char *jp = journal_path();
    FILE *j = fopen(jp, "r");
    if (j) {
        char line[2048];
        size_t n = 0;
        while (fgets(line, sizeof line, j)) {
            line[strcspn(line, "\n")] = '\0';
            char *tab = strchr(line, '\t');
            if (!tab || strchr(line, '/'))
                fa_die("%s: not a commit journal; remove it by hand", jp);
            *tab = '\0';
            char *from = dup_printf("%s/%s", dir_name, line);
            char *to = dup_printf("%s/%s", dir_name, tab + 1);
            /* a missing temporary was renamed before the interruption */
            if (rename(from, to) == 0)
                n++;
            else if (errno != ENOENT)
                fa_die("cannot rename %s to %s: %s", from, to, strerror(errno));
            free(from);
            free(to);
        }
        fclose(j);
        sync_dir();
        if (unlink(jp) != 0)
            fa_die("cannot remove %s: %s", jp, strerror(errno));
        sync_dir();
        fprintf(stderr, "%s: finished an interrupted commit in %s (%zu files)\n", fa_progname,
                dir_name, n);
    }
    free(jp);

    DIR *d = opendir(dir_name);
    if (!d)
        fa_die("cannot read directory %s: %s", dir_name, strerror(errno));
    char *prefix = dup_printf(".%s~", fig_id);
    size_t plen = strlen(prefix);
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, prefix, plen) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + plen, &end, 10);
        /* ESRCH: no such process (EPERM would mean alive, another user) */
        if (*end != '~' || pid <= 0 || pid == (long)getpid() ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *stale = dup_printf("%s/%s", dir_name, e->d_name);
        unlink(stale);
        free(stale);
    }
    closedir(d);
    free(prefix);
}

static void lock_dir(int how)
{
    while (flock(dir_fd, how) != 0)
        if (errno != EINTR)
            fa_die("cannot lock directory %s: %s", dir_name, strerror(errno));
}

/* The first out_open: remember the directory, clean up after interrupted
 * runs of this figure, catch the signals. */
static void open_dir(const run_config *cfg, const char *set)
{
    dir_name = dup_printf("%s", cfg->out_dir);
    fig_id = dup_printf("%s", set);
    char err[512];
    if (fa_prepare_dir(dir_name, err, sizeof err))
        fa_die("%s", err);
    dir_fd = open(dir_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        fa_die("cannot open directory %s: %s", dir_name, strerror(errno));
    fa_set_die_handler(out_abandon_all);
    catch_signals();
    lock_dir(LOCK_EX);
    recover();
    lock_dir(LOCK_UN);
}

const char *out_revision(const run_config *cfg) { return revision_of(cfg->info->source); }

out_file *out_open_raw(const run_config *cfg, const char *set, const char *name)
{
    if (nfiles == MAX_FILES)
        fa_die("too many output files");
    if (!dir_name)
        open_dir(cfg, set);
    else if (strcmp(dir_name, cfg->out_dir) != 0 || strcmp(fig_id, set) != 0)
        fa_die("one output directory per run (%s, then %s)", dir_name, cfg->out_dir);
    out_file *o = &files[nfiles];
    o->final_path = dup_printf("%s/%s", dir_name, name);
    o->tmp_path = temp_path(name);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0)
        fa_die("cannot write in %s: %s", dir_name, strerror(errno));
    tmp_names[nfiles] = o->tmp_path;
    nfiles++;
    o->f = fdopen(fd, "w");
    if (!o->f)
        fa_die("cannot write %s: %s", o->tmp_path, strerror(errno));
    return o;
}

out_file *out_open(const run_config *cfg, const char *name, const char *columns)
{
    /* a shard ends here, before its first output (shard.h) */
    shard_at_output();
    out_file *o = out_open_raw(cfg, cfg->info->id, name);
    const fig_info *info = cfg->info;
    fprintf(o->f, "# figure: %s\n# paper: %s\n# title: %s\n", info->id, info->paper,
            info->title);
    fprintf(o->f, "# scale: %s\n# seed: %llu\n# reps: %zu\n", cfg_scale(cfg),
            (unsigned long long)cfg->seed, cfg->reps);
    fprintf(o->f, "# kernel: %s\n# source: %s\n", shard_kernels(),
            revision_of(info->source));
    for (const char *p = cfg->params; *p;) {
        size_t len = strcspn(p, "\n");
        fprintf(o->f, "# param: %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    fprintf(o->f, "%s\n", columns);
    return o;
}

void out_printf(out_file *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
}

static void check_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        fa_die("cannot write to standard output: %s", strerror(errno));
}

/* Write the journal (through its own temporary, synced) naming every
 * uncommitted file. */
static void write_journal(void)
{
    char *jp = journal_path(), *tmp = temp_path("commit");
    int fd = mkstemp(tmp);
    if (fd < 0)
        fa_die("cannot write in %s: %s", dir_name, strerror(errno));
    tmp_names[MAX_FILES] = tmp;
    FILE *j = fdopen(fd, "w");
    for (size_t i = 0; j && i < nfiles; i++)
        if (!files[i].committed)
            fprintf(j, "%s\t%s\n", strrchr(files[i].tmp_path, '/') + 1,
                    strrchr(files[i].final_path, '/') + 1);
    if (!j || fflush(j) != 0 || ferror(j) || fsync(fd) != 0 || fclose(j) != 0 ||
        rename(tmp, jp) != 0)
        fa_die("cannot write %s: %s", jp, strerror(errno));
    tmp_names[MAX_FILES] = NULL;
    free(tmp);
    free(jp);
    sync_dir();
}

void out_commit_all(void)
{
    if (!dir_name)
        return;
    fa_test_pause("write");
    /* console text that cannot be written is a failed run: say so before
     * replacing any result */
    check_stdout();
    for (size_t i = 0; i < nfiles; i++) {
        out_file *o = &files[i];
        if (o->committed)
            continue;
        /* the temporary is 0600 from mkstemp; results are ordinary files */
        if (fchmod(fileno(o->f), 0644) != 0 || fflush(o->f) != 0 || ferror(o->f) ||
            fsync(fileno(o->f)) != 0 || fclose(o->f) != 0) {
            o->f = NULL;
            fa_die("cannot write %s: %s", o->final_path, strerror(errno));
        }
        o->f = NULL;
    }
    /* one commit at a time into a directory; a signal while waiting for the
     * lock still ends the run cleanly (RUNNING) */
    lock_dir(LOCK_EX);
    recover();
    int expected = RUNNING;
    if (!atomic_compare_exchange_strong(&state, &expected, COMMITTING))
        for (;;)
            pause();   /* a signal handler is cleaning up and will end the process */
    write_journal();
    journaled = 1;
    for (size_t i = 0, renamed = 0; i < nfiles; i++) {
        out_file *o = &files[i];
        if (o->committed)
            continue;
        if (rename(o->tmp_path, o->final_path) != 0)
            fa_die("cannot rename %s to %s: %s", o->tmp_path, o->final_path,
                   strerror(errno));
        o->committed = 1;
        tmp_names[i] = NULL;
        printf("wrote %s\n", o->final_path);
        if (renamed++ == 0)
            fa_test_pause("rename");
    }
    sync_dir();
    char *jp = journal_path();
    if (unlink(jp) != 0)
        fa_die("cannot remove %s: %s", jp, strerror(errno));
    free(jp);
    sync_dir();
    journaled = 0;
    lock_dir(LOCK_UN);
    atomic_store(&state, RUNNING);
    if (pending_signal)
        raise(pending_signal);   /* the results are whole: now stop */
    check_stdout();
}

void out_abandon_all(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        out_file *o = &files[i];
        if (o->committed)
            continue;
        if (o->f)
            fclose(o->f);
        o->f = NULL;
        if (!journaled)
            unlink(o->tmp_path);
        tmp_names[i] = NULL;
        o->committed = 1;   /* nothing left to do for it */
    }
    if (tmp_names[MAX_FILES])
        unlink(tmp_names[MAX_FILES]);
}
