/* roadmap.c - placeholder: filled in by issue 14. */
#include "core/roadmap.h"

#include "util/banned.h"
