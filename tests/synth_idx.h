/* synth_idx.h — small, valid, seeded MNIST-like IDX files, so that every
 * MNIST-based program can run end to end in the tests without the real data,
 * and so that the fuzzer starts from well-formed inputs. No dependency on
 * Criterion or the library. */
#ifndef FA_SYNTH_IDX_H
#define FA_SYNTH_IDX_H

#include <stddef.h>
#include <stdint.h>

/* An IDX file in memory: big-endian magic, `dims` big-endian sizes, then
 * `len` payload bytes. Writes at most cap bytes to buf; returns the full
 * length (header + payload). */
size_t idx_encode(unsigned char *buf, size_t cap, unsigned magic, const unsigned *sizes,
                  unsigned dims, const unsigned char *payload, size_t len);

/* idx_encode to a file. Returns 0, or -1 (errno set). */
int idx_write(const char *path, unsigned magic, const unsigned *sizes, unsigned dims,
              const unsigned char *payload, size_t len);

/* count images of rows x cols and their labels: each digit d has its own
 * blocky stroke pattern, shifted by up to two pixels, with speckle noise and
 * about 80 % background zeros, so a classifier has something to learn.
 * Deterministic in seed. */
void synth_digits(uint64_t seed, size_t count, size_t rows, size_t cols, unsigned char *pixels,
                  unsigned char *labels);

/* The four files of MNIST under their original names in dir (which must
 * exist): ntrain training and ntest test images of 28 x 28. Returns 0 or -1. */
int synth_mnist_dir(const char *dir, size_t ntrain, size_t ntest, uint64_t seed);

#endif
