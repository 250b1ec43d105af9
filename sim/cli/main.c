#include <stdio.h>
int main(void) { puts("deploysim: not yet"); return 0; }
