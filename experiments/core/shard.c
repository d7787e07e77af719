#include "shard.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kernels.h"
#include "out.h"
#include "util.h"

enum { VERSION = 1 };

struct par_io {
    int load;
    unsigned char *buf;
    size_t len, cap, pos;
};

/* One shard file read by the merge. */
typedef struct shard_file {
    char *path;
    unsigned char *data;
    size_t len;
    size_t index, count;
    char *header;            /* the text header, NUL-terminated in place */
    const char *jobs;        /* the "jobs" value: a number or "none" */
    size_t nrec;
    size_t *rec_off, *rec_len;   /* per record: payload offset and length */
} shard_file;

static struct {
    const run_config *cfg;
    shard_mode mode;
    size_t index, count;
    char *options;
    int staged;              /* the first par_jobs call has been met */
    shard_file *files;       /* merge: files[I] is shard I */
    char kernels[64];        /* merge: the kernel paths of this run and its shards */
} sh;

static const char *endian_name(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one ? "little" : "big";
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

void par_io_bytes(par_io *io, void *p, size_t bytes)
{
    if (bytes == 0)
        return;
    if (io->load) {
        if (bytes > io->len - io->pos)
            fa_die("--merge: a job's saved results are shorter than the program reads "
                   "(shards from other code?)");
        memcpy(p, io->buf + io->pos, bytes);
        io->pos += bytes;
        return;
    }
    if (io->len + bytes > io->cap) {
        size_t cap = io->cap ? io->cap : 4096;
        while (cap < io->len + bytes)
            cap *= 2;
        unsigned char *b = realloc(io->buf, cap);
        if (!b)
            fa_die("out of memory for a shard's results (%zu bytes)", cap);
        io->buf = b, io->cap = cap;
    }
    memcpy(io->buf + io->len, p, bytes);
    io->len += bytes;
}

void *par_io_alloc(par_io *io, void *p, size_t bytes)
{
    unsigned char present = !io->load && p;
    par_io_bytes(io, &present, 1);
    if (io->load)
        p = present ? fa_malloc(bytes ? bytes : 1) : NULL;
    if (present)
        par_io_bytes(io, p, bytes);
    return p;
}

static void put_u64(par_io *io, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    par_io_bytes(io, b, 8);
}

static uint64_t get_u64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static void put_text(par_io *io, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_text(par_io *io, const char *fmt, ...)
{
    char line[CFG_PARAMS_MAX + 64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        fa_die("a shard file header line is too long");
    par_io_bytes(io, line, (size_t)n);
}

/* The header lines every shard of one merge must share, but for "shard". */
static void put_header(par_io *io, const char *jobs)
{
    const run_config *cfg = sh.cfg;
    put_text(io, "fa-shard: %d\nfigure: %s\nsource: %s\nscale: %s\nseed: %" PRIu64 "\n",
             VERSION, cfg->info->id, out_revision(cfg), cfg_scale(cfg), cfg->seed);
    put_text(io, "reps: %zu\noptions: %s\nendian: %s\nkernel: %s\n", cfg->reps, sh.options,
             endian_name(), kernels_path());
    for (const char *p = cfg->params; *p;) {
        size_t len = strcspn(p, "\n");
        put_text(io, "param: %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    put_text(io, "jobs: %s\n", jobs);
}

static char *file_name(size_t index, size_t count)
{
    char *s = fa_malloc(strlen(sh.cfg->info->id) + 64);
    sprintf(s, "%s.shard-%zu-of-%zu", sh.cfg->info->id, index, count);
    return s;
}

/* Commit the shard's file (out.c: atomic, as its own set) and end the run. */
static _Noreturn void save_and_exit(par_io *io)
{
    char sum[64];
    snprintf(sum, sizeof sum, "checksum: %016" PRIx64 "\n", fnv1a(io->buf, io->len));
    par_io_bytes(io, sum, strlen(sum));
    char *name = file_name(sh.index, sh.count);
    out_file *o = out_open_raw(sh.cfg, name, name);
    if (fwrite(io->buf, 1, io->len, o->f) != io->len)
        fa_die("cannot write %s: %s", o->tmp_path, strerror(errno));
    out_commit_all();
    free(io->buf);
    free(name);
    exit(0);
}

typedef struct own_jobs {
    void (*fn)(size_t i, void *ctx);
    void *ctx;
} own_jobs;

static void run_own(size_t k, void *ctx)
{
    own_jobs *o = ctx;
    o->fn(sh.index + k * sh.count, o->ctx);
}

static void run_shard(size_t n, int threads, void (*fn)(size_t i, void *ctx), par_io_fn io,
                      void *ctx)
{
    size_t own = n > sh.index ? (n - sh.index + sh.count - 1) / sh.count : 0;
    own_jobs o = {fn, ctx};
    par_for(own, threads, run_own, &o);

    par_io out = {0};
    char jobs[32];
    snprintf(jobs, sizeof jobs, "%zu", n);
    put_header(&out, jobs);
    put_text(&out, "shard: %zu/%zu\n\n", sh.index, sh.count);
    for (size_t j = sh.index; j < n; j += sh.count) {
        put_u64(&out, j);
        size_t at = out.len;
        put_u64(&out, 0);   /* the length, filled in below */
        io(j, ctx, &out);
        size_t len = out.len - at - 8;
        for (int b = 0; b < 8; b++)
            out.buf[at + (size_t)b] = (unsigned char)((uint64_t)len >> (8 * b));
    }
    save_and_exit(&out);
}

/* ---- merge: reading and checking ---------------------------------------- */

static _Noreturn void refuse(const shard_file *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void refuse(const shard_file *f, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fa_die("--merge: %s: %s; nothing written (rerun that shard, or remove the stale "
           "shard files)", f ? f->path : sh.cfg->out_dir, msg);
}

/* The value of header line `key` (up to its newline, which is not
 * included: the length goes to *len), or NULL. */
static const char *header_value(const char *header, const char *key, size_t *len)
{
    size_t klen = strlen(key);
    for (const char *p = header; *p; p += strcspn(p, "\n") + 1) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':' && p[klen + 1] == ' ') {
            *len = strcspn(p + klen + 2, "\n");
            return p + klen + 2;
        }
        if (!p[strcspn(p, "\n")])
            break;
    }
    return NULL;
}

static void read_whole(shard_file *f)
{
    FILE *in = fopen(f->path, "rb");
    if (!in)
        refuse(f, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16;
    f->data = fa_malloc(cap + 1);
    for (size_t got; (got = fread(f->data + f->len, 1, cap - f->len, in)) > 0;) {
        f->len += got;
        if (f->len == cap) {
            cap *= 2;
            unsigned char *d = realloc(f->data, cap + 1);
            if (!d)
                fa_die("out of memory reading %s", f->path);
            f->data = d;
        }
    }
    if (ferror(in))
        refuse(f, "cannot read: %s", strerror(errno));
    fclose(in);
    f->data[f->len] = '\0';
}

/* Checksum, then the header: its end, version and shard line. */
static void parse_header(shard_file *f)
{
    const size_t tail = strlen("checksum: ") + 16 + 1;
    char want[64];
    if (f->len < tail || memcmp(f->data + f->len - tail, "checksum: ", 10) != 0)
        refuse(f, "truncated (no checksum line at the end)");
    snprintf(want, sizeof want, "checksum: %016" PRIx64 "\n", fnv1a(f->data, f->len - tail));
    if (memcmp(f->data + f->len - tail, want, tail) != 0)
        refuse(f, "corrupt or truncated (checksum mismatch)");
    unsigned char *end = NULL;
    for (size_t i = 0; i + 1 < f->len - tail && !end; i++)
        if (f->data[i] == '\n' && f->data[i + 1] == '\n')
            end = f->data + i + 1;
    if (!end || memcmp(f->data, "fa-shard: ", 10) != 0)
        refuse(f, "not a shard file");
    *end = '\0';
    f->header = (char *)f->data;
    size_t len;
    const char *v = header_value(f->header, "fa-shard", &len);
    if (atoi(v) != VERSION)
        refuse(f, "shard file version %.*s, this program reads version %d", (int)len, v,
               VERSION);
    size_t i, n;
    v = header_value(f->header, "shard", &len);
    if (!v || sscanf(v, "%zu/%zu", &i, &n) != 2 || i != f->index || n != f->count)
        refuse(f, "its header says shard %.*s, its name %zu/%zu (a renamed or duplicated "
               "shard)", v ? (int)len : 0, v ? v : "", f->index, f->count);
    f->jobs = header_value(f->header, "jobs", &len);
    if (!f->jobs)
        refuse(f, "no jobs line");
}

/* The records: jobs index, index + count, ... in order, each inside the file. */
static void parse_records(shard_file *f)
{
    const size_t tail = strlen("checksum: ") + 16 + 1;
    size_t pos = strlen(f->header) + 1, end = f->len - tail;
    size_t n = strncmp(f->jobs, "none", 4) == 0 ? 0 : (size_t)strtoull(f->jobs, NULL, 10);
    size_t own = n > f->index ? (n - f->index + f->count - 1) / f->count : 0;
    f->rec_off = fa_malloc((own + 1) * sizeof *f->rec_off);
    f->rec_len = fa_malloc((own + 1) * sizeof *f->rec_len);
    for (f->nrec = 0; pos < end; f->nrec++) {
        if (end - pos < 16)
            refuse(f, "truncated record");
        uint64_t job = get_u64(f->data + pos), len = get_u64(f->data + pos + 8);
        uint64_t want = f->index + f->nrec * f->count;
        if (f->nrec >= own || job != want)
            refuse(f, "holds job %" PRIu64 " where job %" PRIu64 " of %zu was due "
                   "(duplicated or foreign job)", job, want, n);
        pos += 16;
        if (len > end - pos)
            refuse(f, "truncated record of job %" PRIu64, job);
        f->rec_off[f->nrec] = pos, f->rec_len[f->nrec] = (size_t)len;
        pos += (size_t)len;
    }
    if (f->nrec != own)
        refuse(f, "holds %zu of its %zu jobs (missing jobs)", f->nrec, own);
}

/* Every header line but "shard" must equal this run's (params and jobs are
 * compared with the run's own at the stage, and among the shards here). */
static void compare_headers(shard_file *f, const char *mine)
{
    static const char *const keys[] = {"figure", "source", "scale", "seed", "reps",
                                       "options", "endian"};
    for (size_t k = 0; k < FA_ARRAY_LEN(keys); k++) {
        size_t la, lb;
        const char *a = header_value(f->header, keys[k], &la);
        const char *b = header_value(mine, keys[k], &lb);
        if (!a || la != lb || memcmp(a, b, la) != 0)
            refuse(f, "made with %s '%.*s', this run has '%.*s'", keys[k], a ? (int)la : 0,
                   a ? a : "", (int)lb, b);
    }
}

static size_t count_of(const char *name, const char *prefix, size_t *index)
{
    size_t plen = strlen(prefix);
    if (strncmp(name, prefix, plen) != 0)
        return 0;
    size_t i, n;
    int used = 0;
    if (sscanf(name + plen, "%zu-of-%zu%n", &i, &n, &used) != 2 || name[plen + (size_t)used])
        return 0;
    *index = i;
    return n;
}

/* The shard files of this figure in the output directory, by index. */
static void find_files(void)
{
    char *prefix = fa_malloc(strlen(sh.cfg->info->id) + 16);
    sprintf(prefix, "%s.shard-", sh.cfg->info->id);
    DIR *d = opendir(sh.cfg->out_dir);
    if (!d)
        fa_die("--merge: cannot read %s: %s", sh.cfg->out_dir, strerror(errno));
    size_t count = 0, index;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = count_of(e->d_name, prefix, &index);
        if (!n)
            continue;
        if (count && n != count)
            fa_die("--merge: %s holds shards of %zu and of %zu; nothing written (remove the "
                   "stale ones)", sh.cfg->out_dir, count, n);
        if (!count) {
            count = n;
            sh.files = fa_calloc(n, sizeof *sh.files);
        }
        if (index >= n)
            fa_die("--merge: %s/%s: shard %zu of %zu does not exist; nothing written",
                   sh.cfg->out_dir, e->d_name, index, n);
        shard_file *f = &sh.files[index];
        f->path = fa_malloc(strlen(sh.cfg->out_dir) + strlen(e->d_name) + 2);
        sprintf(f->path, "%s/%s", sh.cfg->out_dir, e->d_name);
        f->index = index, f->count = n;
    }
    closedir(d);
    if (!count)
        fa_die("--merge: no shard files %s/%s*-of-* (run the shards first); nothing written",
               sh.cfg->out_dir, prefix);
    for (size_t i = 0; i < count; i++)
        if (!sh.files[i].path)
            fa_die("--merge: shard %zu of %zu is missing in %s (%s%zu-of-%zu); nothing "
                   "written", i, count, sh.cfg->out_dir, prefix, i, count);
    sh.count = count;
    free(prefix);
}

/* Add a shard's kernel path to the list the merge's headers show (the data do
 * not depend on it; the header says which paths computed them). */
static void note_kernel(const shard_file *f)
{
    size_t len;
    const char *k = header_value(f->header, "kernel", &len);
    if (!k)
        refuse(f, "no kernel line");
    for (const char *p = sh.kernels; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 2 : 0))
        if (strcspn(p, ",") == len && !strncmp(p, k, len))
            return;
    size_t used = strlen(sh.kernels);
    snprintf(sh.kernels + used, sizeof sh.kernels - used, ", %.*s", (int)len, k);
}

static void read_files(void)
{
    snprintf(sh.kernels, sizeof sh.kernels, "%s", kernels_path());
    find_files();
    par_io mine = {0};
    put_header(&mine, "");
    par_io_bytes(&mine, "", 1);
    for (size_t i = 0; i < sh.count; i++) {
        shard_file *f = &sh.files[i];
        read_whole(f);
        parse_header(f);
        compare_headers(f, (const char *)mine.buf);
        note_kernel(f);
        parse_records(f);
    }
    free(mine.buf);
}

/* The header's params (all "param" lines) and jobs must be this run's. */
static void check_stage(const char *jobs)
{
    par_io mine = {0};
    put_header(&mine, jobs);
    par_io_bytes(&mine, "", 1);
    const char *m = strstr((const char *)mine.buf, "\nparam: ");
    const char *mp = m ? m + 1 : strstr((const char *)mine.buf, "jobs: ");
    for (size_t i = 0; i < sh.count; i++) {
        shard_file *f = &sh.files[i];
        const char *p = strstr(f->header, "\nparam: ");
        p = p ? p + 1 : strstr(f->header, "jobs: ");
        /* mine ends with the jobs line, the file's goes on with "shard" */
        const char *a = p, *b = mp;
        while (*b && strcspn(a, "\n") == strcspn(b, "\n") && !strncmp(a, b, strcspn(b, "\n")))
            a += strcspn(a, "\n") + 1, b += strcspn(b, "\n") + 1;
        if (*b)
            refuse(f, "made with other parameters or job list: '%.*s', this run has '%.*s'",
                   (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
    }
    free(mine.buf);
}

static void free_files(void)
{
    for (size_t i = 0; i < sh.count; i++) {
        shard_file *f = &sh.files[i];
        free(f->path), free(f->data), free(f->rec_off), free(f->rec_len);
    }
    free(sh.files);
    sh.files = NULL;
}

static void merge_stage(size_t n, par_io_fn io, void *ctx)
{
    char jobs[32];
    snprintf(jobs, sizeof jobs, "%zu", n);
    check_stage(jobs);
    for (size_t j = 0; j < n; j++) {
        shard_file *f = &sh.files[j % sh.count];
        size_t r = j / sh.count;
        par_io in = {.load = 1, .buf = f->data + f->rec_off[r], .len = f->rec_len[r]};
        io(j, ctx, &in);
        if (in.pos != in.len)
            refuse(f, "job %zu holds %zu bytes, the program read %zu (shards from other "
                   "code?)", j, in.len, in.pos);
    }
    free_files();
    printf("merged %zu jobs from %zu shards\n", n, sh.count);
}

/* ---- the entry points ---------------------------------------------------- */

void shard_configure(const run_config *cfg, shard_mode mode, size_t index, size_t count,
                     const char *options)
{
    sh.cfg = cfg;
    sh.mode = mode;
    sh.index = index;
    sh.count = count;
    free(sh.options);
    sh.options = fa_malloc(strlen(options) + 1);
    strcpy(sh.options, options);
    sh.staged = 0;
    if (mode == SHARD_MERGE)
        read_files();
}

int shard_stage(size_t n, int threads, void (*fn)(size_t i, void *ctx), par_io_fn io,
                void *ctx)
{
    if (sh.mode == SHARD_OFF || sh.staged)
        return 0;
    sh.staged = 1;
    if (sh.mode == SHARD_RUN)
        run_shard(n, threads, fn, io, ctx);
    merge_stage(n, io, ctx);
    return 1;
}

size_t shard_share(void)
{
    return sh.mode == SHARD_RUN ? sh.count : 1;
}

const char *shard_kernels(void)
{
    return sh.mode == SHARD_MERGE ? sh.kernels : kernels_path();
}

void shard_at_output(void)
{
    if (sh.mode == SHARD_OFF || sh.staged)
        return;
    sh.staged = 1;
    if (sh.mode == SHARD_RUN) {
        par_io out = {0};
        put_header(&out, "none");
        put_text(&out, "shard: %zu/%zu\n\n", sh.index, sh.count);
        save_and_exit(&out);
    }
    check_stage("none");
    free_files();
}
