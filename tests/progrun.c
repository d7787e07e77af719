#include "progrun.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kernels.h"
#include "synth_idx.h"

const char *prog_tmpdir(const char *tag)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "/tmp/fa-%s-XXXXXX", tag);
    cr_assert(mkdtemp(dir), "cannot create %s", dir);
    return dir;
}

void prog_rmdir(const char *dir) { cr_assert(prog_sh("rm -rf '%s'", dir) == 0); }

int prog_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof cmd, "command too long");
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

const char *prog_synthetic_mnist(const char *root, size_t ntrain, size_t ntest)
{
    static char data[1024];
    snprintf(data, sizeof data, "%s/mnist", root);
    cr_assert(prog_sh("mkdir -p %s", data) == 0);
    cr_assert(synth_mnist_dir(data, ntrain, ntest, 7) == 0, "cannot write %s", data);
    return data;
}

char *prog_slurp(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    cr_assert(buf);
    for (size_t got; (got = fread(buf + n, 1, cap - n - 1, f)) > 0;)
        if ((n += got) + 1 == cap)
            cr_assert(buf = realloc(buf, cap *= 2));
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* the sorted names of the files in dir, one per line */
static char *listing(const char *dir)
{
    struct dirent **e;
    int n = scandir(dir, &e, NULL, alphasort);
    size_t len = 1, used = 0;
    for (int i = 0; i < n; i++)
        len += strlen(e[i]->d_name) + 1;
    char *out = malloc(len);
    cr_assert(out);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(e[i]->d_name, ".") && strcmp(e[i]->d_name, ".."))
            used += (size_t)sprintf(out + used, "%s\n", e[i]->d_name);
        free(e[i]);
    }
    if (n >= 0)
        free(e);
    return out;
}

size_t prog_entries(const char *dir)
{
    char *l = listing(dir);
    size_t n = 0;
    for (char *p = l; *p; p++)
        n += *p == '\n';
    free(l);
    return n;
}

/* Blank the `# kernel: <path>` header line, the one line that names the path. */
static void drop_kernel_line(char *s)
{
    for (char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, "# kernel:", 9) == 0) {
            char *end = strchr(p, '\n');
            if (end)
                memmove(p, end + 1, strlen(end + 1) + 1);
            else
                *p = '\0';
            return;
        }
}

static int has_data_line(const char *s)
{
    for (const char *p = s; *p; p = strchr(p, '\n'), p = p ? p + 1 : "")
        if (*p != '#' && *p != '\n')
            return 1;
    return 0;
}

/* 0 when a and b are equal, else the number of the first line that differs */
static size_t differ(const char *a, const char *b)
{
    size_t line = 1;
    for (; *a == *b; a++, b++) {
        if (!*a)
            return 0;
        line += *a == '\n';
    }
    return line;
}

enum { MAXRUNS = KPATH_COUNT + 1 };

void prog_same_everywhere(const char *root, const char *id, const char *args)
{
    char dir[MAXRUNS][1024], name[MAXRUNS][32];
    int threads[MAXRUNS], runs = 0;
    kpath fastest = KPATH_SCALAR;
    for (int p = KPATH_SCALAR; p < KPATH_COUNT; p++)   /* what the library says this CPU runs */
        if (kernels_table((kpath)p)) {
            fastest = (kpath)p;
            snprintf(name[runs], sizeof name[runs], "%s", kpath_name((kpath)p));
            threads[runs++] = 2;
        }
    cr_assert(runs >= 1 && strcmp(name[0], "scalar") == 0, "no scalar path");
    snprintf(name[runs], sizeof name[runs], "%s", kpath_name(fastest));
    threads[runs++] = 1;
    cr_assert(prog_sh("mkdir -p %s/%s", root, id) == 0);
    for (int k = 0; k < runs; k++) {
        snprintf(dir[k], sizeof dir[k], "%s/%s/%s-t%d", root, id, name[k], threads[k]);
        int rc = prog_sh("FA_KERNEL=%s %s/%s %s --threads %d --out %s >%s.log 2>&1", name[k],
                         FA_BIN_DIR, id, args, threads[k], dir[k], dir[k]);
        char log[1100];
        snprintf(log, sizeof log, "%s.log", dir[k]);
        char *msg = rc ? prog_slurp("/", log) : NULL;
        cr_assert(rc == 0, "FA_KERNEL=%s %s %s --threads %d exited with %d:\n%s", name[k], id, args,
                  threads[k], rc, msg ? msg : "");
    }
    char *files = listing(dir[0]);
    cr_assert(files[0], "%s %s wrote no files", id, args);
    for (int k = 1; k < runs; k++) {
        char *other = listing(dir[k]);
        cr_assert(!differ(files, other), "%s: the %s-t%d run wrote other files:\n%s\nnot\n%s", id,
                  name[k], threads[k], other, files);
        free(other);
    }
    for (char *f = files, *nl; (nl = strchr(f, '\n')); f = nl + 1) {
        *nl = '\0';
        char *ref = prog_slurp(dir[0], f);
        cr_assert(ref && has_data_line(ref), "%s: %s has no data", id, f);
        drop_kernel_line(ref);
        for (int k = 1; k < runs - 1; k++) {   /* every other path, 2 threads */
            char *s = prog_slurp(dir[k], f);
            drop_kernel_line(s);
            size_t l = differ(s, ref);
            cr_assert(!l, "%s: %s differs between the scalar and %s paths (line %zu)", id, f,
                      name[k], l);
            free(s);
        }
        /* the thread count is nowhere in the files: compare them whole */
        char *t1 = prog_slurp(dir[runs - 1], f), *t2 = prog_slurp(dir[runs - 2], f);
        size_t l = differ(t1, t2);
        cr_assert(!l, "%s: %s differs between 1 and 2 threads (%s path, line %zu)", id, f,
                  name[runs - 1], l);
        free(ref), free(t1), free(t2);
    }
    free(files);
}
