/* conv.h — the small convolutional backbone under cb23's MNIST encoder
 * (authors' code, a standard PyTorch MNIST net):
 *   conv 1->10 (5x5), maxpool 2, ReLU; conv 10->20 (5x5), Dropout2d(0.5),
 *   maxpool 2, ReLU; flatten (320); linear 320 -> 128, no nonlinearity.
 * It is trained by exact BP together with the encoder above it.
 *
 * Layout. A batch of n images with C channels of h x w pixels is an
 * (n h w) x C matrix, pixel-major ("NHWC"): row (i, y, x) holds the C channels
 * of pixel (y, x) of image i. A batch of n MNIST images as n rows of 784
 * pixels is already this matrix for C = 1 (an (n 784) x 1 matrix).
 *
 * Convolution (stride 1, no padding, k x k kernels, output ho = h - k + 1)
 * is one GEMM on the im2row matrix
 *   cols[(i, y, x)][(c, dy, dx)] = in[(i, y + dy, x + dx)][c]   ((n ho wo) x (C k k))
 *   out = cols W^T + b                        W: Cout x (C k k), out: (n ho wo) x Cout
 * and its gradients are dW = dout^T cols, dcols = dout W, and din = the
 * adjoint of im2row applied to dcols (row2im, which sums the overlaps).
 * Pixel-major, every product has the batch's pixels as its long side (m or
 * k) and the channels as the short one, the shapes the GEMM kernels run
 * fastest; each output is the same fmaf chain, in the same order, as in the
 * channel-major layout the backbone had before (dW's chain runs over the
 * pixels, out's and dcols' over the taps and channels), so the layout changed
 * no bit of any result. */
#ifndef CB23_CONV_H
#define CB23_CONV_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "adam.h"
#include "mat.h"
#include "model.h"

typedef struct conv2d {
    size_t cin, cout, k;
    mat W, b;          /* cout x (cin k k), 1 x cout */
    mat dW, db;
    adam_slot aW, ab;
} conv2d;

/* Weights and biases U(+-1/sqrt(cin k k)) (torch's default). */
conv2d conv2d_create(size_t cin, size_t cout, size_t k, gsl_rng *r);
void conv2d_free(conv2d *c);

/* cols ((n ho wo) x (cin k k)) from in ((n h w) x cin). */
void im2row(mat cols, mat in, size_t n, size_t h, size_t w, size_t k);
/* din = im2row^T dcols (overwrites din): each element of din is +0 plus its
 * overlapping entries of dcols in increasing (dy, dx). */
void row2im(mat din, mat dcols, size_t n, size_t h, size_t w, size_t k);

/* out ((n ho wo) x cout) = im2row(in) W^T + b; cols receives im2row(in). */
void conv2d_forward(const conv2d *c, mat out, mat cols, mat in, size_t n, size_t h, size_t w);
/* dW, db from dout and the forward pass's cols; with din.v != NULL also din
 * (dcols is scratch of cols' shape). */
void conv2d_backward(conv2d *c, mat din, mat dcols, mat dout, mat cols, size_t n, size_t h,
                     size_t w);

/* 2 x 2 max pooling, stride 2, on (n h w) x C (h, w even); arg[e C + c] is
 * the row of `in` holding the maximum of output element (e, c) (the first
 * one on ties, in the order (0, 0), (0, 1), (1, 0), (1, 1)). */
void maxpool2_forward(mat out, size_t *arg, mat in, size_t n, size_t h, size_t w);
/* din = 0 except din[arg[e C + c]][c] = dout[e][c]. */
void maxpool2_backward(mat din, mat dout, const size_t *arg);

enum { MNIST_SIDE = 28, BACKBONE_OUT = 128 };

typedef struct backbone {
    size_t cap;
    conv2d c1, c2;
    dense fc;
    float *buf;        /* every activation and gradient, sized for cap images */
    mat cols1, z1, dz1, p1, r1, dr1, cols2, dcols2, z2, dz2, p2, r2, flat, dflat;
    size_t *arg1, *arg2;
    float *keep;       /* n x 20 Dropout2d factors (0 or 2), train mode */
    size_t n;          /* images in the last forward pass */
} backbone;

/* Draws c1, c2, fc in that order from r (torch's default initialisation). */
backbone backbone_create(size_t cap, gsl_rng *r);
void backbone_free(backbone *b);

/* out (n x 128) from X (n x 784 normalised pixels). With dropout != NULL the
 * pass is in training mode: each of the 20 channels of conv 2 is kept, times
 * 2, with probability 1/2 per image (drawn from dropout). NULL: eval mode. */
void backbone_forward(backbone *b, mat X, mat out, gsl_rng *dropout);
/* Gradients of every parameter from dLoss/dout of the last forward pass. */
void backbone_backward(backbone *b, mat dout);
void backbone_adam(backbone *b, const adam *a);
int backbone_finite(const backbone *b, char *what, size_t len);

#endif
