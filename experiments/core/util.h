/* util.h — errors, allocation and small helpers used by every program. */
#ifndef FA_UTIL_H
#define FA_UTIL_H

#include <stddef.h>

/* The program name used in messages ("rs21-fig5"); set by cli_parse. */
extern const char *fa_progname;

/* Print "<prog>: error: <message>" to stderr, remove any unfinished output
 * files (out.h) and exit with status 1. */
_Noreturn void fa_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* malloc/calloc that die with a clear message instead of returning NULL. */
void *fa_malloc(size_t bytes);
void *fa_calloc(size_t count, size_t size);

/* Format into a caller's error buffer (errlen may be 0); returns -1 so that
 * loaders can write `return fa_err(err, errlen, ...)`. */
int fa_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define FA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
