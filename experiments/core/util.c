#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fa_progname = "fa";
static void (*die_handler)(void);

void fa_set_die_handler(void (*handler)(void)) { die_handler = handler; }

void fa_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", fa_progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (die_handler)
        die_handler();
    exit(1);
}

void *fa_malloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p)
        fa_die("out of memory (asked for %zu bytes)", bytes);
    return p;
}

void *fa_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        fa_die("out of memory (asked for %zu x %zu bytes)", count, size);
    return p;
}

int fa_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void fa_test_pause(const char *window)
{
    const char *w = getenv("FA_TEST_PAUSE");
    if (w && strcmp(w, window) == 0) {
        fprintf(stderr, "%s: paused at '%s' (FA_TEST_PAUSE)\n", fa_progname, window);
        raise(SIGSTOP);
    }
}

int fa_prepare_dir(const char *dir, char *err, size_t errlen)
{
    if (!*dir)
        return fa_err(err, errlen, "the output directory name is empty");
    size_t len = strlen(dir);
    char *path = fa_malloc(len + 1);
    memcpy(path, dir, len + 1);
    /* mkdir -p one component at a time, remembering where the first
     * directory this call made ends, to remove the new ones on failure */
    size_t made = 0;   /* length of the first created prefix, 0: none */
    int rc = 0;
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) == 0) {
            if (!made)
                made = i;
        } else if (errno != EEXIST) {
            rc = fa_err(err, errlen, "cannot create directory %s: %s", path, strerror(errno));
        }
        path[i] = dir[i];
    }
    if (rc == 0) {
        /* probe: a directory may exist and still not take files. Named like
         * out.h's temporaries, so that a run killed right here leaves
         * nothing the next run of the figure would not remove. */
        size_t plen = len + strlen(fa_progname) + 48;
        char *probe = fa_malloc(plen);
        snprintf(probe, plen, "%s/.%s~%ld~probe.XXXXXX", dir, fa_progname, (long)getpid());
        int fd = mkstemp(probe);
        if (fd < 0)
            rc = fa_err(err, errlen, "cannot write in %s: %s", dir, strerror(errno));
        else
            close(fd), unlink(probe);
        free(probe);
    }
    if (rc != 0 && made) {
        /* remove the created directories, deepest first */
        for (size_t i = len; i >= made; i--)
            if (i == len || path[i] == '/') {
                path[i] = '\0';
                rmdir(path);
            }
    }
    free(path);
    return rc;
}
