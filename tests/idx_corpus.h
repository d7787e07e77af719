/* idx_corpus.h — synthetic MNIST directories and a corpus of malformed ones.
 *
 * idx_mnist_dir() writes the four IDX files of a valid MNIST-like set (any
 * counts, 28 x 28, labels i mod 10). idx_corpus[] lists ways to break such a
 * set, each with the file it breaks and a fragment the loader's one error
 * line must contain: truncated payload or header, empty file, wrong magic,
 * trailing bytes, a zero or overflowing dimension, a payload over the
 * limit, counts that disagree, a label out of range, the wrong image size,
 * a missing file, a directory, a FIFO, and a huge sparse file. Programs
 * must refuse every case before computing and write nothing
 * (tests/test_reliability.c). Header-only so another harness (a fuzzer's
 * seed writer) can include it. */
#ifndef FA_IDX_CORPUS_H
#define FA_IDX_CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void idx_be32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* Write DIR/NAME: the IDX magic 0x0800 | dims, the sizes, then `payload`
 * bytes, byte i being pattern(i) (labels: i mod 10; pixels: i * 7 mod 256),
 * `cut` bytes dropped from the end (negative: that many extra). Returns 0. */
static inline int idx_write(const char *dir, const char *name, unsigned magic,
                            const unsigned *sizes, unsigned dims, size_t payload, long cut)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t hdr = 4 + 4 * (size_t)dims, len = hdr + payload + 16;
    unsigned char *buf = calloc(len, 1);
    if (!buf)
        return -1;
    idx_be32(buf, magic);
    for (unsigned i = 0; i < dims; i++)
        idx_be32(buf + 4 + 4 * i, sizes[i]);
    for (size_t i = 0; i < payload + 16; i++)
        buf[hdr + i] = (unsigned char)(dims == 1 ? i % 10 : i * 7);
    len = (size_t)((long)(hdr + payload) - cut);
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(buf, 1, len, f) == len ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    free(buf);
    return rc;
}

static inline const char *idx_name(int test, int labels)
{
    static const char *const n[2][2] = {{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
                                        {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}};
    return n[test][labels];
}

/* A valid set: ntrain training and ntest test images in DIR (created). */
static inline int idx_mnist_dir(const char *dir, unsigned ntrain, unsigned ntest)
{
    mkdir(dir, 0777);
    const unsigned n[2] = {ntrain, ntest};
    for (int t = 0; t < 2; t++) {
        unsigned is[3] = {n[t], 28, 28}, ls[1] = {n[t]};
        if (idx_write(dir, idx_name(t, 0), 0x803, is, 3, (size_t)n[t] * 784, 0) ||
            idx_write(dir, idx_name(t, 1), 0x801, ls, 1, n[t], 0))
            return -1;
    }
    return 0;
}

/* The corpus damages a valid set of IDX_N training images (idx_mnist_dir). */
enum { IDX_N = 1000 };

/* One malformed case. kind 'w' rewrites the file with magic, size and
 * payload bytes, `cut` bytes short (negative: extra); 'l' sets one label to
 * 10; 'm' removes the file, 'd' puts a directory, 'f' a FIFO in its place;
 * 'h' extends it to 1.5 GiB (sparse: no disk used). The error line must name
 * the file and contain `needle`. */
typedef struct idx_case {
    const char *name;
    char kind;
    int labels;          /* the file: training labels (1) or images (0) */
    unsigned magic, size[3];
    size_t payload;
    long cut;
    const char *needle;
} idx_case;

#define IMG_N ((size_t)IDX_N * 784)
static const idx_case idx_corpus[] = {
    {"truncated", 'w', 0, 0x803, {IDX_N, 28, 28}, IMG_N, 1, "truncated: header promises"},
    {"truncated-header", 'w', 0, 0x803, {IDX_N, 28, 28}, 0, 6, "truncated header"},
    {"empty", 'w', 0, 0x803, {0}, 0, 16, "truncated (0 bytes"},
    {"wrong-magic", 'w', 0, 0x801, {IDX_N, 28, 28}, IMG_N, 0, "wrong magic number 0x00000801"},
    {"wrong-type", 'w', 0, 0xd03, {IDX_N, 28, 28}, IMG_N, 0, "wrong magic number 0x00000d03"},
    {"labels-magic", 'w', 1, 0x803, {IDX_N}, IDX_N, 0, "wrong magic"},
    {"trailing-bytes", 'w', 0, 0x803, {IDX_N, 28, 28}, IMG_N, -5, "5 unexpected bytes"},
    {"zero-dimension", 'w', 0, 0x803, {IDX_N, 0, 28}, 0, 0, "dimension 1 is zero"},
    {"overflowing-dims", 'w', 0, 0x803, {0xffffffffu, 0xffffffffu, 0xffffffffu}, 784, 0,
     "header sizes too large (4294967295 x 4294967295 x 4294967295"},
    {"over-limit", 'w', 0, 0x803, {60000, 0xffffu, 0xffffu}, 784, 0,
     "header sizes too large (60000 x 65535 x 65535"},
    {"count-mismatch", 'w', 1, 0x801, {IDX_N - 1}, IDX_N - 1, 0, "999 labels"},
    {"label-range", 'l', 1, 0, {0}, 0, 0, "is not a digit"},
    {"image-size", 'w', 0, 0x803, {IDX_N, 24, 32}, (size_t)IDX_N * 768, 0, "images are 24x32"},
    {"missing", 'm', 1, 0, {0}, 0, 0, "cannot open"},
    {"directory", 'd', 0, 0, {0}, 0, 0, "it is a directory"},
    {"fifo", 'f', 0, 0, {0}, 0, 0, "it is a FIFO"},
    {"huge", 'h', 0, 0, {0}, 0, 0, "unexpected bytes"},
};
#undef IMG_N

/* Apply case c to the valid set in dir; 0 on success. */
static inline int idx_break(const char *dir, const idx_case *c)
{
    const char *name = idx_name(0, c->labels);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    switch (c->kind) {
    case 'w':
        return idx_write(dir, name, c->magic, c->size, c->labels ? 1 : 3, c->payload, c->cut);
    case 'l': {
        FILE *f = fopen(path, "r+b");
        if (!f || fseek(f, 8 + IDX_N / 2, SEEK_SET) != 0 || fputc(10, f) == EOF)
            return -1;
        return fclose(f);
    }
    case 'h':
        return truncate(path, (off_t)3 << 29);
    default:
        return unlink(path) || (c->kind == 'd' && mkdir(path, 0777)) ||
               (c->kind == 'f' && mkfifo(path, 0666));
    }
}

#endif
