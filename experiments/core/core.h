/* core.h — everything a figure program needs, in one include. */
#ifndef FA_CORE_H
#define FA_CORE_H

#include "kernels.h"

#include "claims.h"
#include "cli.h"
#include "codes.h"
#include "mat.h"
#include "mnist.h"
#include "net.h"
#include "out.h"
#include "par.h"
#include "progress.h"
#include "rng.h"
#include "series.h"
#include "stats.h"
#include "util.h"

#endif
