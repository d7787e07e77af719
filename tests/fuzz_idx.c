/* fuzz_idx.c — libFuzzer target (`make fuzz`): the IDX loader
 * (mnist_load_pair) and the feature extraction (mnist_features) on arbitrary
 * bytes, under ASan and UBSan. An input is a big-endian 4-byte length n, n
 * bytes of the images file, and the labels file (the rest); fuzz_seeds.c
 * writes the seed corpus in that form. Besides crashes and sanitizer
 * reports, it aborts when the loader breaks its contract: a failure without
 * a message, an accepted set with an empty dimension or a label above 9, or
 * a feature outside [0, 1]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mnist.h"

static char dir[4000], images[4096], labels[4096];

static void cleanup(void)
{
    unlink(images), unlink(labels), rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fa-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror(dir);
        exit(1);
    }
    snprintf(images, sizeof images, "%s/images", dir);
    snprintf(labels, sizeof labels, "%s/labels", dir);
    atexit(cleanup);
    return 0;
}

static void put(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
        perror(path);
        abort();
    }
}

/* features at side x side, each in [0, 1] (skipped when large: speed) */
static void features(const mnist_set *s, size_t side)
{
    if (s->count * side * side > 1 << 16)
        return;
    mat X = {s->count, side * side, side * side, calloc(s->count * side * side, sizeof(float))};
    if (!X.v)
        abort();
    mnist_features(s, side, X);
    for (size_t i = 0; i < s->count * side * side; i++)
        if (!(X.v[i] >= 0 && X.v[i] <= 1))
            abort();
    free(X.v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    size_t n = (size_t)data[0] << 24 | (size_t)data[1] << 16 | (size_t)data[2] << 8 | data[3];
    size -= 4, data += 4;
    n = n < size ? n : size;
    put(images, data, n);
    put(labels, data + n, size - n);
    mnist_set s;
    char err[512] = "";
    if (mnist_load_pair(images, labels, &s, err, sizeof err)) {
        if (!err[0])
            abort();
        return 0;
    }
    if (!s.count || !s.rows || !s.cols)
        abort();
    for (size_t i = 0; i < s.count; i++)
        if (s.labels[i] > 9)
            abort();
    /* unresized, rs21's 15 x 15, and a side chosen by the input, while small */
    features(&s, s.rows);
    features(&s, 15);
    features(&s, 1 + (size ? data[size - 1] % 40 : 0));
    mnist_free(&s);
    return 0;
}
