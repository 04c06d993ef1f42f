/* backlog.c - placeholder: filled in by issue 14. */
#include "core/backlog.h"

#include "util/banned.h"
