/* libFuzzer target: any bytes through the scenario loader (and, when they load, a short run).
 * The loader must never crash, leak or hang on bad input: it reports errors. `make fuzz`
 * builds it with clang; CI runs it for a few seconds on the invalid-scenario corpus. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_load.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = fuzz_load(data, size, &d);
    if (sc) {
        /* keep each input cheap: a short slice of the run, small enough for any scenario */
        if (sc->duration > 5 * SIM_SEC) sc->duration = 5 * SIM_SEC;
        bool small = true;
        for (int i = 0; i < sc->pool_count; i++)
            if (sc->pools[i].count > 50) small = false;
        for (int i = 0; i < sc->service_count; i++)
            if (sc->services[i].replicas > 200 || sc->services[i].rps > 5000) small = false;
        if (small && sc->service_count <= 20) {
            sim_options_t o = {0};
            sim_t *s = sim_create(sc, &o, &d);
            if (s) {
                sim_run(s);
                sim_destroy(s);
            }
        }
        scenario_free(sc);
    }
    diag_free(&d);
    return 0;
}
