/* Placeholder: written for issue 13. */
#include <stdio.h>
int main(void) { puts("not written yet"); return 1; }
#include "util/banned.h"
