/* quantity: Kubernetes quantities ("250m", "512Mi", "8Gi") and durations ("500ms", "1m30s")
 * turned into the model's integers (millicores, bytes, microseconds), exactly: no floating
 * point between the text and the integer, so "0.1G" is 100000000 bytes on every machine.
 * Errors come back as a message for a person (`bad quantity "2Gb": ... (did you mean
 * "2Gi"?)`); the caller adds the file and the JSON path. */
#ifndef DEPLOYSIM_QUANTITY_H
#define DEPLOYSIM_QUANTITY_H

#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"

/* Every parser returns 0 and fills *out, or returns -1, leaves *out alone and writes a
 * message into err (err may be NULL). */

/* CPU: "2", "1.5", "250m", "1e-1" -> millicores. A fraction of a millicore rounds up, like
 * the API server does. */
int quantity_parse_cpu(const char *s, int64_t *millicores, char *err, size_t errlen);
/* A JSON number of cores (0.5) -> millicores. */
int quantity_cpu_from_number(double cores, int64_t *millicores, char *err, size_t errlen);

/* Memory and sizes: a number of bytes with an optional suffix Ki Mi Gi Ti Pi Ei (powers of
 * 1024) or k M G T P E (powers of 1000), or a decimal exponent ("129e6"). A fraction of a
 * byte rounds up. "512m" (milli-bytes) is refused: it is always a typo for "512Mi". */
int quantity_parse_bytes(const char *s, int64_t *bytes, char *err, size_t errlen);
/* A JSON number of bytes. */
int quantity_bytes_from_number(double bytes, int64_t *out, char *err, size_t errlen);

/* A rate of bytes: "100Mi" or "100Mi/s" -> bytes per second. */
int quantity_parse_rate(const char *s, double *bytes_per_second, char *err, size_t errlen);

/* Durations: "500ms", "30s", "5m", "2h", "1m30s", "1.5h", "250us" (also "µs", "ns") ->
 * microseconds, rounded to the nearest. "0" is accepted; a number without a unit is not
 * ("30" -> did you mean "30s"?), nor a negative duration. */
int quantity_parse_duration(const char *s, sim_time_t *us, char *err, size_t errlen);
/* A JSON number of seconds (fractional ok) -> microseconds. */
int quantity_duration_from_seconds(double seconds, sim_time_t *us, char *err, size_t errlen);

/* The inverse, for messages and explanations; each returns buf. Output parses back to the
 * same value: "250m" / "2"; "512Mi" / "1G" / "1000"; "1m30s" / "500ms" / "1.5s" / "0s". */
char *quantity_format_cpu(int64_t millicores, char *buf, size_t n);
char *quantity_format_bytes(int64_t bytes, char *buf, size_t n);
char *quantity_format_duration(sim_time_t us, char *buf, size_t n);

#endif
