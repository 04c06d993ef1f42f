/* main.c - tminus: one binary for the command line and (later) the server. */
#include "cli/cli.h"

#include "util/banned.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
