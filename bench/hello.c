/*
 * hello.c - the smallest C program that does what `tminus --version` does
 * (print one line), built with the same flags: the floor for a process's
 * start-up on this machine, which bench/run.sh times beside tminus.
 */
#include <stdio.h>

#include "util/banned.h"

int main(void)
{
	puts("tminus 0.1.0");
	return 0;
}
