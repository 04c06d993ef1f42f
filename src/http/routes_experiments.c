/* routes_experiments.c - placeholder: filled in by issue 14. */
#include "http/internal.h"

#include "util/banned.h"

const struct tm_route tm_routes_experiments[] = {
	{ NULL, NULL, NULL, 0 },
};
