#include "series.h"

out_file *series_open(const struct run_config *cfg, const char *name)
{
    return out_open(cfg, name, SERIES_COLUMNS);
}

void series_row(out_file *o, const char *quantity, const char *condition, size_t layer,
                size_t x, double mean, double sem, size_t n)
{
    out_printf(o, "%s\t%s\t%zu\t%zu\t%.6g\t%.6g\t%zu\n", quantity, condition, layer, x, mean,
               sem, n);
}

void series_row_fixed(out_file *o, const char *quantity, const char *condition, size_t layer,
                      size_t x, double mean, double sem, size_t n, int decimals)
{
    out_printf(o, "%s\t%s\t%zu\t%zu\t%.*f\t%.*f\t%zu\n", quantity, condition, layer, x,
               decimals, mean, decimals, sem, n);
}
