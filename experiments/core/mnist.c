#include "mnist.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read a whole file (at most IDX_MAX_BYTES plus a header) into memory. */
static int read_file(const char *path, uint8_t **data, size_t *len, char *err,
                     size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fa_err(err, errlen, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap > IDX_MAX_BYTES) {
            free(buf);
            fclose(f);
            return fa_err(err, errlen, "%s: larger than %zu bytes, not an MNIST file",
                          path, (size_t)IDX_MAX_BYTES);
        }
        uint8_t *grown = realloc(buf, cap * 2);
        if (!grown)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return fa_err(err, errlen, "%s: out of memory", path);
    if (bad) {
        free(buf);
        return fa_err(err, errlen, "cannot read %s", path);
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Parse the header of an IDX file of unsigned bytes with `dims` dimensions:
 * sizes into size[], payload offset into *offset. */
static int idx_header(const char *path, const uint8_t *d, size_t len, unsigned dims,
                      size_t size[3], size_t *offset, char *err, size_t errlen)
{
    size_t hdr = 4 + 4 * (size_t)dims;
    if (len < 4)
        return fa_err(err, errlen, "%s: truncated (%zu bytes, no IDX magic)", path, len);
    uint32_t magic = be32(d), want = 0x0800u | dims;
    if (magic != want)
        return fa_err(err, errlen,
                      "%s: wrong magic number 0x%08x (expected 0x%08x, IDX %s)", path,
                      magic, want, dims == 1 ? "labels" : "images");
    if (len < hdr)
        return fa_err(err, errlen, "%s: truncated header (%zu of %zu bytes)", path, len,
                      hdr);
    size_t total = 1;
    for (unsigned i = 0; i < dims; i++) {
        size[i] = be32(d + 4 + 4 * i);
        if (size[i] == 0)
            return fa_err(err, errlen, "%s: dimension %u is zero", path, i);
        if (__builtin_mul_overflow(total, size[i], &total) || total > IDX_MAX_BYTES)
            return fa_err(err, errlen,
                          "%s: header sizes too large (dimension %u = %zu; limit %zu bytes)",
                          path, i, size[i], (size_t)IDX_MAX_BYTES);
    }
    if (len - hdr < total)
        return fa_err(err, errlen, "%s: truncated: header promises %zu data bytes, file has %zu",
                      path, total, len - hdr);
    if (len - hdr > total)
        return fa_err(err, errlen, "%s: %zu unexpected bytes after the %zu data bytes", path,
                      len - hdr - total, total);
    *offset = hdr;
    return 0;
}

int mnist_load_pair(const char *images_path, const char *labels_path, mnist_set *out,
                    char *err, size_t errlen)
{
    uint8_t *img = NULL, *lab = NULL;
    size_t ilen, llen, isz[3], lsz[3], ioff, loff;
    int rc = -1;
    if (read_file(images_path, &img, &ilen, err, errlen) ||
        read_file(labels_path, &lab, &llen, err, errlen) ||
        idx_header(images_path, img, ilen, 3, isz, &ioff, err, errlen) ||
        idx_header(labels_path, lab, llen, 1, lsz, &loff, err, errlen))
        goto done;
    if (isz[0] != lsz[0]) {
        fa_err(err, errlen, "%s has %zu images but %s has %zu labels", images_path, isz[0],
               labels_path, lsz[0]);
        goto done;
    }
    for (size_t i = 0; i < lsz[0]; i++)
        if (lab[loff + i] > 9) {
            fa_err(err, errlen, "%s: label %u of item %zu is not a digit 0-9", labels_path,
                   lab[loff + i], i);
            goto done;
        }
    out->count = isz[0];
    out->rows = isz[1];
    out->cols = isz[2];
    out->pixels = fa_malloc(isz[0] * isz[1] * isz[2]);
    out->labels = fa_malloc(lsz[0]);
    memcpy(out->pixels, img + ioff, isz[0] * isz[1] * isz[2]);
    memcpy(out->labels, lab + loff, lsz[0]);
    rc = 0;
done:
    free(img);
    free(lab);
    return rc;
}

int mnist_load(const char *dir, int test, mnist_set *out, char *err, size_t errlen)
{
    const char *stem = test ? "t10k" : "train";
    char ip[4096], lp[4096];
    snprintf(ip, sizeof ip, "%s/%s-images-idx3-ubyte", dir, stem);
    snprintf(lp, sizeof lp, "%s/%s-labels-idx1-ubyte", dir, stem);
    mnist_set s;
    if (mnist_load_pair(ip, lp, &s, err, errlen))
        return -1;
    if (s.rows != 28 || s.cols != 28) {
        mnist_free(&s);
        return fa_err(err, errlen, "%s: images are %zux%zu, MNIST's are 28x28", ip, s.rows,
                      s.cols);
    }
    *out = s;
    return 0;
}

mnist_set mnist_load_or_die(const char *dir, int test)
{
    char err[512];
    mnist_set s;
    if (mnist_load(dir, test, &s, err, sizeof err))
        fa_die("%s (run `make data` to fetch and verify MNIST)", err);
    return s;
}

void mnist_free(mnist_set *s)
{
    free(s->pixels);
    free(s->labels);
    memset(s, 0, sizeof *s);
}

/* Source coordinate and weight of output index o for OpenCV's INTER_LINEAR
 * with half-pixel centres: x = (o + 0.5) * in/out - 0.5, clamped at borders. */
static void bilinear_tap(size_t o, size_t in, size_t out, size_t *i0, size_t *i1, double *w)
{
    double x = ((double)o + 0.5) * ((double)in / (double)out) - 0.5;
    double f = floor(x);
    long lo = (long)f;
    *w = x - f;
    if (lo < 0) {
        lo = 0;
        *w = 0;
    }
    if ((size_t)lo >= in - 1) {
        lo = (long)in - 1;
        *w = 0;
    }
    *i0 = (size_t)lo;
    *i1 = (size_t)lo + 1 < in ? (size_t)lo + 1 : (size_t)lo;
}

void mnist_features(const mnist_set *s, size_t side, mat X)
{
    size_t r = s->rows, c = s->cols;
    for (size_t n = 0; n < s->count; n++) {
        const uint8_t *p = s->pixels + n * r * c;
        float *x = mat_at(X, n, 0);
        for (size_t oy = 0; oy < side; oy++) {
            size_t y0, y1, x0, x1;
            double wy, wx;
            bilinear_tap(oy, r, side, &y0, &y1, &wy);
            for (size_t ox = 0; ox < side; ox++) {
                bilinear_tap(ox, c, side, &x0, &x1, &wx);
                double top = (1 - wx) * p[y0 * c + x0] + wx * p[y0 * c + x1];
                double bot = (1 - wx) * p[y1 * c + x0] + wx * p[y1 * c + x1];
                x[oy * side + ox] = (float)(((1 - wy) * top + wy * bot) / 255.0);
            }
        }
    }
}
