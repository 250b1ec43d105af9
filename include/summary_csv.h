/* summary_csv: summary.csv's row format, shared with the batch outputs (sweep.csv, the
 * replication summaries) so that every file prints a metric with the same digits. */
#ifndef DEPLOYSIM_SUMMARY_CSV_H
#define DEPLOYSIM_SUMMARY_CSV_H

#include <stdio.h>

#include "sim.h"

/* The columns of summary.csv from `service` on, comma-separated, without a newline. */
void metrics_summary_fields(FILE *f, const sim_summary_t *m);
/* One CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break. */
void metrics_csv_field(FILE *f, const char *s);

#endif
