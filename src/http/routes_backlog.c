/* routes_backlog.c - placeholder: filled in by issue 14. */
#include "http/internal.h"

#include "util/banned.h"

const struct tm_route tm_routes_backlog[] = {
	{ NULL, NULL, NULL, 0 },
};
