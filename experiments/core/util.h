/* util.h — errors, allocation and small helpers used by every program. */
#ifndef FA_UTIL_H
#define FA_UTIL_H

#include <stddef.h>

/* The program name used in messages ("rs21-fig5"); set by cli_parse. */
extern const char *fa_progname;

/* Print "<prog>: error: <message>" to stderr, run the die handler (out.h
 * registers one that removes unfinished output files) and exit with status 1. */
_Noreturn void fa_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* The function fa_die calls before exiting (one; NULL for none). A handler,
 * not a call, so that util depends on nothing. */
void fa_set_die_handler(void (*handler)(void));

/* Create directory `dir` and its missing parents (mkdir -p) and check that a
 * file can be created in it. On failure, remove the directories this call
 * created and return -1 with a message naming the path and the reason. */
/* Test hook: when the environment variable FA_TEST_PAUSE names `window`,
 * stop the process (SIGSTOP) there, so that a test can send a signal at a
 * known point. Windows: "compute" (progress_begin), "write" (temporaries
 * written, before the commit), "rename" (after the first rename of a commit). */
void fa_test_pause(const char *window);

int fa_prepare_dir(const char *dir, char *err, size_t errlen);

/* malloc/calloc that die with a clear message instead of returning NULL. */
void *fa_malloc(size_t bytes);
void *fa_calloc(size_t count, size_t size);

/* Format into a caller's error buffer (errlen may be 0); returns -1 so that
 * loaders can write `return fa_err(err, errlen, ...)`. */
int fa_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define FA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
