/*
 * fuzz_playbook.c - the playbook loader on arbitrary YAML: it must either
 * load a consistent playbook or report problems with positions, never crash
 * or leak.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/playbook.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tm_playbook pb;
	tm_pb_problems problems = TM_VEC_INIT;
	tm_error err = TM_ERROR_INIT;
	if (size > 256 * 1024)
		return 0;
	int rc = tm_playbook_load((const char *)data, size, "fuzz.yaml", &pb, &problems, &err);
	if (rc == 0) {
		if (problems.n)
			abort();
		for (int i = 0; i < TM_TIERS; i++) {
			const tm_pb_tier *t = &pb.tiers[i];
			if (t->tier != i + 1 || !t->tasks.n)
				abort();
			for (size_t k = 0; k < t->tasks.n; k++)
				for (int a = 0; a < t->tasks.v[k].n_after; a++)
					if (t->tasks.v[k].after[a] < 0 || (size_t)t->tasks.v[k].after[a] >= t->tasks.n)
						abort();
		}
		tm_playbook_release(&pb);
	} else if (!problems.n || err.line < 1) {
		abort();
	}
	TM_VEC_FREE(&problems);
	return 0;
}
