/* gemm_direct.c — the GEMM driver shared by the SIMD paths (paths.h).
 *
 * A is never copied: the micro-kernels read it in place with the strides of
 * its form. For NN and TN the rows of op(B) are rows of B; for NT, op(B) =
 * B^T is transposed once into a k x n buffer (n k floats, small next to the
 * m n k multiply-adds it feeds). Copying changes no value, so every output
 * is still the scalar chain over p in increasing order.
 * This file is compiled without ISA flags: it only moves data.
 */
#include <stdlib.h>

#include "paths.h"

/* NT's transposed B goes on the stack up to this size, else to the heap. */
enum { STACK_FLOATS = 4096 };

void gemm_direct(void (*sweep)(const gemm_prob *), gemm_form form, size_t m,
                 size_t n, size_t k, float alpha, const float *A, size_t lda,
                 const float *B, size_t ldb, float beta, float *C, size_t ldc)
{
    if (m == 0 || n == 0)
        return;
    if (k == 0) {   /* every s is +0: the epilogue is all */
        gemm_nn_f32_scalar(m, n, 0, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    gemm_prob pr = {
        .m = m, .n = n, .k = k, .alpha = alpha, .beta = beta,
        .a = A, .ars = form == GEMM_TN ? 1 : lda, .aps = form == GEMM_TN ? lda : 1,
        .b = B, .ldb = ldb, .c = C, .ldc = ldc,
    };
    if (form != GEMM_NT) {
        sweep(&pr);
        return;
    }
    float stack[STACK_FLOATS], *bt = stack;
    if (n * k > STACK_FLOATS) {
        bt = malloc(n * k * sizeof *bt);
        if (!bt)
            abort();   /* out of memory inside a kernel: nothing sane to return */
    }
    for (size_t j = 0; j < n; j++)   /* B is n x k; bt = B^T is k x n */
        for (size_t p = 0; p < k; p++)
            bt[p * n + j] = B[j * ldb + p];
    pr.b = bt;
    pr.ldb = n;
    sweep(&pr);
    if (bt != stack)
        free(bt);
}
