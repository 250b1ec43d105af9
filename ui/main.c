/* deploysim-ui: the dashboard. Everything lives in ui/app.c so tests can link it. */
#include "app.h"

int main(int argc, char **argv) {
    return app_main(argc, argv);
}
