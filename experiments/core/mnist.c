#include "mnist.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read up to len bytes (fewer only at the end of the file); -1 on error. */
static ssize_t read_full(int fd, uint8_t *buf, size_t len)
{
    size_t n = 0;
    while (n < len) {
        ssize_t r = read(fd, buf + n, len - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    return (ssize_t)n;
}

static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Read an IDX file of unsigned bytes with `dims` dimensions: sizes into
 * size[], the payload (malloc'd) into *data. The header is read and checked
 * against the file's size from fstat before any payload is read, so a huge or
 * wrong file costs nothing; anything but a regular file is refused before
 * reading (a FIFO would block forever). */
static int idx_read(const char *path, unsigned dims, size_t size[3], uint8_t **data,
                    char *err, size_t errlen)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fa_err(err, errlen, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    uint8_t hdr[16];
    size_t hlen = 4 + 4 * (size_t)dims, total = 1;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        fa_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        fa_err(err, errlen, "cannot read %s: it is %s, not an IDX file", path,
               file_kind(st.st_mode));
        goto done;
    }
    size_t flen = (size_t)st.st_size;
    ssize_t got = read_full(fd, hdr, hlen);
    if (got < 0) {
        fa_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
        goto done;
    }
    if (got < 4) {
        fa_err(err, errlen, "%s: truncated (%zd bytes, no IDX magic)", path, got);
        goto done;
    }
    uint32_t magic = be32(hdr), want = 0x0800u | dims;
    if (magic != want) {
        fa_err(err, errlen, "%s: wrong magic number 0x%08" PRIx32 " (expected 0x%08" PRIx32
               ", IDX %s)", path, magic, want, dims == 1 ? "labels" : "images");
        goto done;
    }
    if ((size_t)got < hlen) {
        fa_err(err, errlen, "%s: truncated header (%zd of %zu bytes)", path, got, hlen);
        goto done;
    }
    int over = 0;
    for (unsigned i = 0; i < dims; i++) {
        size[i] = be32(hdr + 4 + 4 * i);
        if (size[i] == 0) {
            fa_err(err, errlen, "%s: dimension %u is zero", path, i);
            goto done;
        }
        over |= __builtin_mul_overflow(total, size[i], &total);
    }
    if (over || total > IDX_MAX_BYTES) {
        /* all sizes: no single dimension is to blame for a product */
        char sizes[64] = "";
        for (unsigned i = 0; i < dims; i++)
            snprintf(sizes + strlen(sizes), sizeof sizes - strlen(sizes), "%s%zu",
                     i ? " x " : "", size[i]);
        fa_err(err, errlen, "%s: header sizes too large (%s bytes; limit %zu)", path, sizes,
               (size_t)IDX_MAX_BYTES);
        goto done;
    }
    if (flen - hlen < total) {
        fa_err(err, errlen, "%s: truncated: header promises %zu data bytes, file has %zu", path,
               total, flen - hlen);
        goto done;
    }
    if (flen - hlen > total) {
        fa_err(err, errlen, "%s: %zu unexpected bytes after the %zu data bytes", path,
               flen - hlen - total, total);
        goto done;
    }
    uint8_t *buf = malloc(total);
    if (!buf) {
        fa_err(err, errlen, "%s: out of memory for %zu bytes", path, total);
        goto done;
    }
    got = read_full(fd, buf, total);
    if (got < 0 || (size_t)got != total) {
        fa_err(err, errlen, "cannot read %s: %s", path,
               got < 0 ? strerror(errno) : "the file shrank while being read");
        free(buf);
        goto done;
    }
    *data = buf;
    rc = 0;
done:
    close(fd);
    return rc;
}

int mnist_load_pair(const char *images_path, const char *labels_path, mnist_set *out,
                    char *err, size_t errlen)
{
    uint8_t *img = NULL, *lab = NULL;
    size_t isz[3], lsz[3];
    int rc = -1;
    if (idx_read(images_path, 3, isz, &img, err, errlen) ||
        idx_read(labels_path, 1, lsz, &lab, err, errlen))
        goto done;
    if (isz[0] != lsz[0]) {
        fa_err(err, errlen, "%s has %zu images but %s has %zu labels", images_path, isz[0],
               labels_path, lsz[0]);
        goto done;
    }
    for (size_t i = 0; i < lsz[0]; i++)
        if (lab[i] > 9) {
            fa_err(err, errlen, "%s: label %u of item %zu is not a digit 0-9", labels_path,
                   lab[i], i);
            goto done;
        }
    size_t plen = strlen(images_path) + 1;
    *out = (mnist_set){.count = isz[0], .rows = isz[1], .cols = isz[2], .pixels = img,
                       .labels = lab, .images_path = memcpy(fa_malloc(plen), images_path, plen)};
    img = lab = NULL;
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
        fa_err(err, errlen, "%s: images are %zux%zu, MNIST's are 28x28", ip, s.rows, s.cols);
        mnist_free(&s);
        return -1;
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

void mnist_require(const mnist_set *s, size_t need)
{
    if (s->count < need)
        fa_die("%s has %zu images, fewer than the %zu this run uses (a smaller scale, or the "
               "full MNIST: make data)", s->images_path ? s->images_path : "the MNIST set",
               s->count, need);
}

void mnist_free(mnist_set *s)
{
    free(s->pixels);
    free(s->labels);
    free(s->images_path);
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
