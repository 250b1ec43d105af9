/* sim_time: the simulator's clock type, shared by the public API and the engine. Time is
 * int64 microseconds from the start of a run everywhere inside the model; the loader, the
 * CSV writer and the dashboard convert at the edges. */
#ifndef DEPLOYSIM_SIM_TIME_H
#define DEPLOYSIM_SIM_TIME_H

#include <stdint.h>

typedef int64_t sim_time_t; /* microseconds since the start of the run */

#define SIM_US 1LL
#define SIM_MS 1000LL
#define SIM_SEC 1000000LL
#define SIM_TIME_MAX INT64_MAX

#endif
