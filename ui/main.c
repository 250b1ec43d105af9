/* deploysim-ui: the dashboard. Everything lives in the ui/ library (app_main in
 * ui/app.c) so tests can link it. */
#include "app.h"

int main(int argc, char **argv) {
    return app_main(argc, argv);
}
