/* fuzz_seeds.c — writes the seed corpus of fuzz_idx.c into a directory:
 * valid synthetic pairs of several shapes (synth_idx.h) and malformed ones
 * (the defects the loader must refuse), each as one fuzz input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth_idx.h"

static const char *dir;
static int written;

/* one input: images file (magic, sizes, n pixels) then labels file */
static void seed(const char *name, unsigned imagic, unsigned count, unsigned rows, unsigned cols,
                 size_t npx, unsigned lmagic, unsigned nlab, size_t nlb, unsigned char label)
{
    static unsigned char px[1 << 16], lb[1 << 12], buf[1 << 17];
    synth_digits((unsigned)written, npx / 784 + 1, 28, 28, px, lb);
    memset(lb, 0, sizeof lb);
    for (size_t i = 0; i < nlb; i++)
        lb[i] = (unsigned char)(i % 10);
    if (nlb)
        lb[nlb - 1] = label;
    const unsigned isz[] = {count, rows, cols}, lsz[] = {nlab};
    size_t ni = idx_encode(buf + 4, sizeof buf - 4, imagic, isz, 3, px, npx);
    size_t nl = idx_encode(buf + 4 + ni, sizeof buf - 4 - ni, lmagic, lsz, 1, lb, nlb);
    for (int b = 0; b < 4; b++)
        buf[b] = (unsigned char)(ni >> (24 - 8 * b));
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, 4 + ni + nl, f) != 4 + ni + nl || fclose(f)) {
        perror(path);
        exit(1);
    }
    written++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    /* valid */
    seed("ok-1x28x28", 0x803, 1, 28, 28, 784, 0x801, 1, 1, 7);
    seed("ok-3x28x28", 0x803, 3, 28, 28, 3 * 784, 0x801, 3, 3, 9);
    seed("ok-5x24x32", 0x803, 5, 24, 32, 5 * 768, 0x801, 5, 5, 0);
    seed("ok-40x1x1", 0x803, 40, 1, 1, 40, 0x801, 40, 40, 3);
    seed("ok-9x15x15", 0x803, 9, 15, 15, 9 * 225, 0x801, 9, 9, 5);
    /* malformed */
    seed("bad-magic-images", 0x801, 1, 28, 28, 784, 0x801, 1, 1, 1);
    seed("bad-magic-labels", 0x803, 1, 28, 28, 784, 0x803, 1, 1, 1);
    seed("bad-type", 0xd03, 1, 28, 28, 784, 0x801, 1, 1, 1);
    seed("truncated-payload", 0x803, 2, 28, 28, 784, 0x801, 2, 2, 1);
    seed("extra-bytes", 0x803, 1, 28, 28, 790, 0x801, 1, 1, 1);
    seed("zero-count", 0x803, 0, 28, 28, 0, 0x801, 0, 0, 0);
    seed("zero-rows", 0x803, 1, 0, 28, 0, 0x801, 1, 1, 1);
    seed("huge-dims", 0x803, 0xffffffffu, 0xffffffffu, 28, 784, 0x801, 1, 1, 1);
    seed("over-limit", 0x803, 1u << 20, 32, 32, 784, 0x801, 1u << 20, 1, 1);
    seed("count-mismatch", 0x803, 2, 28, 28, 2 * 784, 0x801, 3, 3, 1);
    seed("label-10", 0x803, 2, 28, 28, 2 * 784, 0x801, 2, 2, 10);
    seed("label-255", 0x803, 1, 2, 2, 4, 0x801, 1, 1, 255);
    printf("%d seeds in %s\n", written, dir);
    return 0;
}
