/* mnist.h — MNIST from its original IDX files, validated in full, and the
 * input features the papers use.
 *
 * IDX (LeCun's format): a big-endian magic 0x0000TTDD (TT = 0x08 for unsigned
 * bytes, DD = number of dimensions), DD big-endian uint32 sizes, then the
 * data. Labels are 1-dimensional (magic 0x00000801), images 3-dimensional
 * (0x00000803). A file is rejected, with a message naming it and what is
 * wrong, when it cannot be opened, is not a regular file (a FIFO, a
 * directory, a device), has the wrong magic, a zero size, sizes whose
 * product overflows or exceeds the limit below, fewer or more bytes than its
 * header promises, or (labels) a value above 9; a pair of files is rejected
 * when the counts differ. The header is checked against the file's size
 * before the payload is read. Nothing is allocated on failure. */
#ifndef FA_MNIST_H
#define FA_MNIST_H

#include <stddef.h>
#include <stdint.h>

#include "mat.h"

/* Largest payload accepted from one file (MNIST's largest is 47 MB). */
#define IDX_MAX_BYTES ((size_t)1 << 30)

typedef struct mnist_set {
    size_t count, rows, cols;
    uint8_t *pixels;    /* count x rows x cols, row-major */
    uint8_t *labels;    /* count digits 0..9 */
    char *images_path;  /* the images file, for messages */
} mnist_set;

/* Load an images/labels pair of IDX files. Returns 0, or -1 with a message. */
int mnist_load_pair(const char *images_path, const char *labels_path,
                    mnist_set *out, char *err, size_t errlen);

/* Load the training (test == 0) or test set from DIR (the four original file
 * names, uncompressed), and require 28 x 28 images. */
int mnist_load(const char *dir, int test, mnist_set *out, char *err, size_t errlen);

/* mnist_load, dying with the message (and a hint to run `make data`). */
mnist_set mnist_load_or_die(const char *dir, int test);

/* Die, naming the images file and both counts, unless the set holds at least
 * `need` images: every program that uses the first n images calls this
 * before touching them (a smaller set would be read past its end). */
void mnist_require(const mnist_set *s, size_t need);

void mnist_free(mnist_set *s);

/* Features: pixel/255 in [0, 1], resized to side x side by bilinear
 * interpolation with half-pixel centres (OpenCV's INTER_LINEAR, as the rs21
 * authors' cv2.resize(img, (15, 15))), one image per row of X
 * (count x side^2). side == rows gives the unresized image. */
void mnist_features(const mnist_set *s, size_t side, mat X);

#endif
