#include "series.h"

out_file *series_open(const struct run_config *cfg, const char *name)
{
    return out_open(cfg, name, SERIES_COLUMNS);
}

out_file *series_open_quartiles(const struct run_config *cfg, const char *name)
{
    return out_open(cfg, name, QUARTILE_COLUMNS);
}

void series_row_digits(out_file *o, const char *quantity, const char *condition, size_t layer,
                       size_t x, double mean, double sem, size_t n, int digits)
{
    out_printf(o, "%s\t%s\t%zu\t%zu\t%.*g\t%.*g\t%zu\n", quantity, condition, layer, x, digits,
               mean, digits, sem, n);
}

void series_row(out_file *o, const char *quantity, const char *condition, size_t layer,
                size_t x, double mean, double sem, size_t n)
{
    series_row_digits(o, quantity, condition, layer, x, mean, sem, n, 6);
}

void series_row_fixed(out_file *o, const char *quantity, const char *condition, size_t layer,
                      size_t x, double mean, double sem, size_t n, int decimals)
{
    out_printf(o, "%s\t%s\t%zu\t%zu\t%.*f\t%.*f\t%zu\n", quantity, condition, layer, x,
               decimals, mean, decimals, sem, n);
}

void series_row_quartiles(out_file *o, const char *quantity, const char *condition,
                          size_t layer, size_t x, const double q[3], size_t n)
{
    out_printf(o, "%s\t%s\t%zu\t%zu\t%.6g\t%.6g\t%.6g\t%zu\n", quantity, condition, layer, x,
               q[0], q[1], q[2], n);
}
