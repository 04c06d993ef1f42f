/* main.c - tminus: the command line (and, through `tminus serve`, the server). */
#include <malloc.h>

#include "cli/cli.h"

#include "util/banned.h"

int main(int argc, char **argv)
{
	/* A block of a megabyte or more (a list of 50,000 metrics, a long --json answer) gets pages of
	 * its own, so growing it moves no bytes (mremap) and freeing it returns them. glibc would
	 * otherwise raise this threshold as such blocks are freed, and a growing list would then be
	 * copied at every doubling. */
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): before any thread starts */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	return cli_main(argc, argv);
}
