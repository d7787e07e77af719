/* report.c — Criterion leaves a skipped test out of its summary without a
 * word; this hook names every test that skipped itself and counts them, so a
 * test that silently stops testing shows up in `make check`. (Tests left out
 * by --filter or .disabled are counted apart.) */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    size_t skipped = 0, left_out = 0;
    for (struct criterion_suite_stats *s = stats->suites; s; s = s->next)
        for (struct criterion_test_stats *t = s->tests; t; t = t->next) {
            if (t->test_status != CR_STATUS_SKIPPED)
                continue;
            if (t->test->data->disabled) {
                left_out++;
                continue;
            }
            fprintf(stderr, "[SKIP] %s::%s: %s\n", t->test->category, t->test->name,
                    t->message ? t->message : "(no reason given)");
            skipped++;
        }
    fprintf(stderr, "[====] Skipped: %zu | Not selected: %zu\n", skipped, left_out);
}
