/* glossary.c - placeholder: filled in by issue 14. */
#include "core/glossary.h"

#include "util/banned.h"
