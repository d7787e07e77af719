#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kernels.h"
#include "util.h"

#ifndef FA_ROOT
#define FA_ROOT "."
#endif

enum { MAX_FILES = 64 };
static out_file files[MAX_FILES];
static size_t nfiles;
/* The temporaries' names, for the signal handler (unlink is signal-safe). */
static char *volatile tmp_names[MAX_FILES];

static void on_signal(int sig)
{
    for (size_t i = 0; i < MAX_FILES; i++)
        if (tmp_names[i])
            unlink(tmp_names[i]);
    signal(sig, SIG_DFL);
    raise(sig);
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
 * shared core, the paper's shared code (files of experiments/<paper>/ not
 * named fig*) and the program itself — but not the other figure programs,
 * so adding a figure does not change this one's. */
static char *revision_paths(const char *source)
{
    const char *slash = strrchr(source, '/');
    size_t dirlen = slash ? (size_t)(slash - source) : 0;
    char *paths = dup_printf("kernels experiments/core '%s'", source);
    char *dir = dup_printf("%s/%.*s", FA_ROOT, (int)dirlen, source);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, "fig", 3) == 0)
            continue;
        char *more = dup_printf("%s '%.*s/%s'", paths, (int)dirlen, source, e->d_name);
        free(paths);
        paths = more;
    }
    if (d)
        closedir(d);
    free(dir);
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
    char hash[64], dirty[256];
    first_line(log, hash, sizeof hash);
    first_line(st, dirty, sizeof dirty);
    snprintf(rev, sizeof rev, "%s%s", hash[0] ? hash : "unknown", dirty[0] ? "+dirty" : "");
    free(paths);
    free(log);
    free(st);
    return rev;
}

static void make_dir(const char *dir)
{
    /* mkdir -p, one component at a time */
    char *path = dup_printf("%s", dir);
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                fa_die("cannot create directory %s: %s", path, strerror(errno));
            *p = '/';
        }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        fa_die("cannot create directory %s: %s", path, strerror(errno));
    free(path);
}

out_file *out_open(const run_config *cfg, const char *name, const char *columns)
{
    if (nfiles == MAX_FILES)
        fa_die("too many output files");
    if (nfiles == 0) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
    }
    make_dir(cfg->out_dir);
    out_file *o = &files[nfiles];
    o->final_path = dup_printf("%s/%s", cfg->out_dir, name);
    o->tmp_path = dup_printf("%s/.%s.XXXXXX", cfg->out_dir, name);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0)
        fa_die("cannot write in %s: %s", cfg->out_dir, strerror(errno));
    tmp_names[nfiles] = o->tmp_path;
    nfiles++;
    o->f = fdopen(fd, "w");
    if (!o->f)
        fa_die("cannot write %s: %s", o->tmp_path, strerror(errno));

    const fig_info *info = cfg->info;
    fprintf(o->f, "# figure: %s\n# paper: %s\n# title: %s\n", info->id, info->paper,
            info->title);
    fprintf(o->f, "# scale: %s\n# seed: %llu\n# reps: %zu\n", cfg_scale(cfg),
            (unsigned long long)cfg->seed, cfg->reps);
    fprintf(o->f, "# kernel: %s\n# source: %s\n", kernels_path(),
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

void out_commit_all(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        out_file *o = &files[i];
        if (o->committed)
            continue;
        /* the temporary is 0600 from mkstemp; results are ordinary files */
        if (fchmod(fileno(o->f), 0644) != 0 || fflush(o->f) != 0 || ferror(o->f) ||
            fclose(o->f) != 0) {
            o->f = NULL;
            fa_die("cannot write %s: %s", o->final_path, strerror(errno));
        }
        o->f = NULL;
    }
    for (size_t i = 0; i < nfiles; i++) {
        out_file *o = &files[i];
        if (o->committed)
            continue;
        if (rename(o->tmp_path, o->final_path) != 0)
            fa_die("cannot rename %s to %s: %s", o->tmp_path, o->final_path,
                   strerror(errno));
        o->committed = 1;
        tmp_names[i] = NULL;
        printf("wrote %s\n", o->final_path);
    }
    fflush(stdout);
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
        unlink(o->tmp_path);
        tmp_names[i] = NULL;
        o->committed = 1;   /* nothing left to do for it */
    }
}
