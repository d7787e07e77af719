#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "out.h"

const char *fa_progname = "fa";

void fa_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", fa_progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    out_abandon_all();
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
