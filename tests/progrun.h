/* progrun.h — the figure programs as a user runs them (build/bin/<id>),
 * for the program-level tests. */
#ifndef FA_PROGRUN_H
#define FA_PROGRUN_H

#include <stddef.h>

/* A fresh temporary directory /tmp/fa-<tag>-XXXXXX (static storage), and its
 * removal. */
const char *prog_tmpdir(const char *tag);
void prog_rmdir(const char *dir);

/* Run a shell command (printf format); its exit status, or 128 + signal. */
int prog_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A synthetic MNIST set (synth_idx.h) of ntrain + ntest images in
 * root/mnist, whose name is returned (static storage). */
const char *prog_synthetic_mnist(const char *root, size_t ntrain, size_t ntest);

/* The file dir/name, whole; NULL when it cannot be read. */
char *prog_slurp(const char *dir, const char *name);

/* Files in dir other than . and ..; 0 when it does not exist. */
size_t prog_entries(const char *dir);

/* Run build/bin/<id> <args> --out ... under root: on every kernel path this
 * CPU has (FA_KERNEL=<path>, 2 threads) and once more on the fastest path
 * with 1 thread, each into its own directory. Asserts that every run exits
 * 0, that all write the same non-empty set of files, each with data lines,
 * that the 1- and 2-thread files are byte-identical, and that every path's
 * files equal the scalar path's but for the `# kernel:` header line. */
void prog_same_everywhere(const char *root, const char *id, const char *args);

#endif
