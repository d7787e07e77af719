#include "dyn.h"

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "info.h"
#include "linreg.h"
#include "mat.h"
#include "rng.h"
#include "util.h"

const char *const dyn_name[DYN_KINDS] = {"FA", "TF", "NF", "NFA"};
const char *const dyn_col_name[D_COUNT] = {"direct", "resid", "gnorm", "hnorm",
                                           "angle", "angle0", "mi", "hy"};

#define MI_WIDTH 0.1   /* cb23 sec. 2.4 */

double dyn_regression(double *theta, double *G, const double *H, const double *Y, size_t n,
                      size_t m)
{
    double ss = 0;
    linreg(theta, NULL, H, Y, n, m, 1, 0);
    for (size_t i = 0; i < n; i++) {
        double r = -Y[i];
        for (size_t j = 0; j < m; j++)
            r += H[i * m + j] * theta[j];
        ss += r * r;
        for (size_t j = 0; G && j < m; j++)
            G[i * m + j] = 2.0 * r * theta[j];
    }
    return ss / (double)n;
}

void dyn_start(double *H0, double *Y, double *W, size_t n, size_t m, uint64_t seed)
{
    gsl_rng *r = rng_stream(seed, 0, 0);
    for (size_t i = 0; i < n * m; i++)
        H0[i] = gsl_ran_flat(r, -0.5, 0.5);
    for (size_t i = 0; i < n; i++)
        Y[i] = gsl_ran_flat(r, -0.5, 0.5);
    for (size_t j = 0; j < m; j++)
        W[j] = gsl_ran_gaussian_ziggurat(r, 1.0) / (double)m;
    rng_free(r);
}

/* angle between two n x m arrays, degrees (cosine clipped to [-1, 1]) */
static double angle(const double *a, const double *b, size_t len)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < len; i++)
        ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
    double c = ab / (sqrt(aa) * sqrt(bb));
    return acos(fmax(-1.0, fmin(1.0, c))) * (180.0 / M_PI);
}

void dyn_run(double *out, dyn_kind kind, const double *H0, const double *Y, const double *W,
             size_t n, size_t m, size_t steps, double mu, int want_mi, gsl_rng *r)
{
    size_t nm = n * m;
    double *H = fa_malloc(nm * sizeof *H), *S = fa_malloc(nm * sizeof *S);
    double *S0 = fa_malloc(nm * sizeof *S0), *G = fa_malloc(nm * sizeof *G);
    double *B = fa_malloc(m * sizeof *B), *Bn = fa_malloc(m * sizeof *Bn);
    double *B1 = fa_malloc(DYN_NF_HIDDEN * sizeof *B1);
    double *B2 = fa_malloc(DYN_NF_HIDDEN * m * sizeof *B2), *theta = fa_malloc(m * sizeof *theta);
    memcpy(H, H0, nm * sizeof *H);
    for (size_t j = 0; j < m; j++)
        B[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t k = 0; k < DYN_NF_HIDDEN; k++)
        B1[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t k = 0; k < DYN_NF_HIDDEN * m; k++)
        B2[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
    mat Hf = mat_alloc(n, m), Yf = mat_alloc(n, 1);
    for (size_t i = 0; i < n; i++)
        Yf.v[i] = (float)Y[i];

    for (size_t t = 0; t <= steps; t++) {
        double *row = out + t * D_COUNT;
        /* the signal S at the current H */
        double direct = 0;
        for (size_t j = 0; j < m; j++)
            Bn[j] = B[j] + (kind == DYN_NFA ? DYN_NFA_SD * gsl_ran_gaussian_ziggurat(r, 1.0) : 0.0);
        for (size_t i = 0; i < n; i++) {
            double e = -Y[i];
            for (size_t j = 0; j < m; j++)
                e += H[i * m + j] * W[j];
            direct += e * e;
            for (size_t j = 0; j < m; j++) {
                double s;
                switch (kind) {
                case DYN_FA: s = e * B[j]; break;
                case DYN_TF: s = -Y[i] * B[j]; break;
                case DYN_NF:
                    s = 0;
                    for (size_t k = 0; k < DYN_NF_HIDDEN; k++)
                        s -= tanh(Y[i] * B1[k]) * B2[k * m + j];
                    break;
                default: s = e * Bn[j]; break;   /* DYN_NFA */
                }
                S[i * m + j] = s;
            }
        }
        if (t == 0)
            memcpy(S0, S, nm * sizeof *S);
        row[D_DIRECT] = direct / (double)n;
        row[D_RESID] = dyn_regression(theta, G, H, Y, n, m);
        double g2 = 0, hn = 0;
        for (size_t i = 0; i < n; i++) {
            double h2 = 0;
            for (size_t j = 0; j < m; j++)
                g2 += G[i * m + j] * G[i * m + j], h2 += H[i * m + j] * H[i * m + j];
            hn += sqrt(h2);
        }
        row[D_GNORM] = sqrt(g2);
        row[D_HNORM] = hn / (double)n;
        row[D_ANGLE] = angle(S, G, nm);
        row[D_ANGLE0] = angle(S0, G, nm);
        row[D_MI] = row[D_HY] = NAN;
        if (want_mi) {
            row[D_HY] = binned_entropy(Yf, MI_WIDTH);
            for (size_t i = 0; i < nm; i++)
                Hf.v[i] = (float)H[i];
            row[D_MI] = binned_mi(Hf, Yf, MI_WIDTH);
        }
        if (t < steps)
            for (size_t i = 0; i < nm; i++)
                H[i] -= mu * S[i];
    }
    mat_free(&Hf), mat_free(&Yf);
    free(H), free(S), free(S0), free(G), free(B), free(Bn), free(B1), free(B2), free(theta);
}
