/*
 * proctime.c - times whole processes, several commands interleaved, so that
 * their figures share the same moment of a shared machine's load.
 *
 *   proctime RUNS CMD [ARG...] [-- CMD [ARG...]]...
 *
 * No warm-up round: callers that need one run a command once before (a
 * median of many runs does not mind a cold first one).
 *
 * Each round starts every command once (posix_spawn, output to /dev/null,
 * then wait4) and times it with the monotonic clock. One line per command:
 * the median and the fastest tenth in microseconds, the peak resident size
 * in KiB, then the command. Exits 1 if a command fails.
 *
 * The peak is the child's own because this process is small: a child of
 * Python (fork or posix_spawn alike) reports Python's resident size as its
 * peak when that is larger.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/banned.h"

extern char **environ;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* One run of argv, in microseconds; negative if it could not start or failed. Raises *peak (KiB). */
static double run_once(char **argv, posix_spawn_file_actions_t *fa, long *peak)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (posix_spawnp(&pid, argv[0], fa, NULL, argv, environ) != 0)
		return -1;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ru.ru_maxrss > *peak)
		*peak = ru.ru_maxrss;
	return (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
}

int main(int argc, char **argv)
{
	char *end = NULL;
	long runs = argc >= 3 ? strtol(argv[1], &end, 10) : 0;
	if (argc < 3 || *end || runs < 1 || runs > 100000) {
		fprintf(stderr, "usage: proctime RUNS CMD [ARG...] [-- CMD [ARG...]]...\n");
		return 2;
	}
	int ncmd = 0;
	char **cmds[16];
	cmds[ncmd++] = argv + 2;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			if (i + 1 < argc && ncmd < 16)
				cmds[ncmd++] = argv + i + 1;
		}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	double *t = calloc((size_t)ncmd * (size_t)runs, sizeof(double));
	long peak[16] = { 0 };
	if (!t)
		return 1;
	for (int r = 0; r < runs; r++)
		for (int c = 0; c < ncmd; c++)
			if ((t[c * runs + r] = run_once(cmds[c], &fa, &peak[c])) < 0) {
				fprintf(stderr, "proctime: '%s' failed\n", cmds[c][0]);
				return 1;
			}
	for (int c = 0; c < ncmd; c++) {
		double *s = t + c * runs;
		qsort(s, (size_t)runs, sizeof(double), cmp_double);
		printf("%.0f %.0f %ld", s[runs / 2], s[runs / 10], peak[c]);
		for (char **a = cmds[c]; *a; a++)
			printf(" %s", *a);
		printf("\n");
	}
	free(t);
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
