#include "synth_idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t idx_encode(unsigned char *buf, size_t cap, unsigned magic, const unsigned *sizes,
                  unsigned dims, const unsigned char *payload, size_t len)
{
    size_t n = 0;
    for (unsigned i = 0; i <= dims; i++) {
        unsigned v = i ? sizes[i - 1] : magic;
        for (int b = 3; b >= 0; b--, n++)
            if (n < cap)
                buf[n] = (unsigned char)(v >> (8 * b));
    }
    if (n < cap)
        memcpy(buf + n, payload, len < cap - n ? len : cap - n);
    return n + len;
}

int idx_write(const char *path, unsigned magic, const unsigned *sizes, unsigned dims,
              const unsigned char *payload, size_t len)
{
    size_t n = 4 + 4 * (size_t)dims + len;
    unsigned char *buf = malloc(n);
    FILE *f = buf ? fopen(path, "wb") : NULL;
    int ok = f && fwrite(buf, 1, idx_encode(buf, n, magic, sizes, dims, payload, len), f) == n;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(buf);
    return ok ? 0 : -1;
}

/* xorshift64*: tiny, seedable, the same on every machine */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

void synth_digits(uint64_t seed, size_t count, size_t rows, size_t cols, unsigned char *pixels,
                  unsigned char *labels)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t n = 0; n < count; n++) {
        unsigned d = (unsigned)(next(&s) % 10);
        long dr = (long)(next(&s) % 5) - 2, dc = (long)(next(&s) % 5) - 2;
        labels[n] = (unsigned char)d;
        unsigned char *img = pixels + n * rows * cols;
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < cols; c++) {
                /* the digit's pattern on a 4 x 4 grid of blocks in the central
                 * half of the image: bit (4 br + bc) of a per-digit word */
                long rr = (long)r - dr - (long)rows / 4, cc = (long)c - dc - (long)cols / 4;
                int inside = rr >= 0 && cc >= 0 && rr < (long)rows / 2 && cc < (long)cols / 2;
                unsigned br = inside ? (unsigned)(4 * rr / ((long)rows / 2 + 1)) : 0;
                unsigned bc = inside ? (unsigned)(4 * cc / ((long)cols / 2 + 1)) : 0;
                uint16_t word = (uint16_t)(0x9E37u * (d + 1) ^ 0x5A5Au >> d);
                uint64_t x = next(&s);
                if (inside && (word >> (4 * br + bc) & 1))
                    img[r * cols + c] = (unsigned char)(155 + x % 101);
                else
                    img[r * cols + c] = x % 16 == 0 ? (unsigned char)(x >> 8) : 0;
            }
    }
}

static int write_set(const char *dir, const char *stem, size_t count, uint64_t seed)
{
    char ip[4096], lp[4096];
    snprintf(ip, sizeof ip, "%s/%s-images-idx3-ubyte", dir, stem);
    snprintf(lp, sizeof lp, "%s/%s-labels-idx1-ubyte", dir, stem);
    unsigned char *px = malloc(count * 784), *lb = malloc(count);
    int rc = -1;
    if (px && lb) {
        synth_digits(seed, count, 28, 28, px, lb);
        const unsigned isz[] = {(unsigned)count, 28, 28}, lsz[] = {(unsigned)count};
        rc = idx_write(ip, 0x803, isz, 3, px, count * 784) || idx_write(lp, 0x801, lsz, 1, lb, count)
                 ? -1 : 0;
    }
    free(px), free(lb);
    return rc;
}

int synth_mnist_dir(const char *dir, size_t ntrain, size_t ntest, uint64_t seed)
{
    return write_set(dir, "train", ntrain, seed) || write_set(dir, "t10k", ntest, seed + 1) ? -1 : 0;
}
