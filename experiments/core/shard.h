/* shard.h — one figure's jobs split over N processes (--shard I/N) and merged
 * back (--merge) into exactly the results of an unsharded run.
 *
 * The job list of a run is its first par_jobs call (par.h), n jobs numbered
 * 0..n-1. Shard I of N runs the jobs j with j mod N = I (round robin, so each
 * shard gets a share of every condition and of the long jobs that programs
 * put first), saves their results into DIR/<id>.shard-I-of-N through out.c
 * (atomically, like any result) and exits without writing anything else.
 * Everything after that par_jobs call — later par_jobs calls, the analysis,
 * the TSVs and claims — is the merge's work. A program that opens its first
 * output before reaching par_jobs has no job list: its shards save an empty
 * file and the merge computes the figure whole (sse19 figs 2 and 3, which
 * take a second).
 *
 * --merge reads every DIR/<id>.shard-*-of-* before computing anything and
 * refuses, with one message and nothing written, a missing or duplicated
 * shard or job, a file from another figure, source revision, scale, seed,
 * repetitions or options, and a truncated or corrupt file; at par_jobs it
 * loads the jobs instead of running them (and refuses a job list or
 * parameters other than the shards'), and the run goes on as an unsharded
 * one: the same TSVs and claims, byte for byte.
 *
 * The file (version 1): text lines "key: value" (fa-shard, figure, source,
 * scale, seed, reps, options, endian, kernel, param..., shard I/N, jobs n or
 * "none"), an empty line; per job of the shard in increasing order its
 * number and its byte count (8 bytes each, little-endian) and its bytes
 * (par_io's, in this machine's order: the endian line guards it); last, the
 * line "checksum: " and 16 hex digits of the FNV-1a 64 hash of all before. */
#ifndef FA_SHARD_H
#define FA_SHARD_H

#include <stddef.h>

#include "par.h"

struct run_config;

typedef enum { SHARD_OFF, SHARD_RUN, SHARD_MERGE } shard_mode;

/* From cli_parse, after the output directory is ready: options is the
 * canonical text of the data-affecting options (cli.c). A merge reads and
 * checks the shard files here. cfg must outlive the run. */
void shard_configure(const struct run_config *cfg, shard_mode mode, size_t index,
                     size_t count, const char *options);

/* par_jobs' stage: with --shard, run this shard's jobs, save them and exit;
 * with --merge, load every job. Returns 0 (do nothing) when the run is not
 * sharded or this is not the first par_jobs call. */
int shard_stage(size_t n, int threads, void (*fn)(size_t i, void *ctx), par_io_fn io,
                void *ctx);

/* With --shard, the number of shards the figure's jobs are dealt over
 * (this one runs every such job); otherwise 1. For progress lines. */
size_t shard_share(void);

/* The kernel path(s) for the results' headers: this run's, and with --merge
 * also every other path its shards ran on ("avx2, avx512"); the data do not
 * depend on them. */
const char *shard_kernels(void);

/* From out_open, before the first output: a shard that has met no job list
 * saves an empty file and exits; a merge checks that its shards had none. */
void shard_at_output(void);

#endif
