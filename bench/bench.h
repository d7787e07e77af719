/* bench.h — what bench.c shares with figures.c (the figures' hot loops). */
#ifndef FA_BENCH_H
#define FA_BENCH_H

#include <stdint.h>

#include "mat.h"

#define SEED 20240601u

/* The calling thread's CPU time in seconds. */
double now(void);

/* Set by a measurement, added to by the wrapped GEMM entry points (bench.c):
 * their thread CPU time and their FLOPs 2mnk. NULL: not counting. */
extern _Thread_local double *gemm_clock, *gemm_flops;

/* A table's horizontal rule. */
void gemm_rule(void);

/* Synthetic data of MNIST's shape: 60 000 rows X uniform in [0, 1) with
 * 15 x 15 = 225 inputs, and random labels 0..9. */
typedef struct dataset { mat X; uint8_t *labels; } dataset;
dataset dataset_make(void);
void dataset_free(dataset *d);

/* Table 7: an epoch of each long-running figure's training. */
void bench_figures(double peak);

#endif
