/* json_experiments.c - placeholder: filled in by issue 14. */
#include "app/app.h"

#include "util/banned.h"
