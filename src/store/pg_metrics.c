/* Placeholder: written for issue 13 (after launch day). */
#include "util/banned.h"
