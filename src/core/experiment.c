/* experiment.c - placeholder: filled in by issue 14. */
#include "core/experiment.h"

#include "util/banned.h"
