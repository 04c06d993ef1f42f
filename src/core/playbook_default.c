/* playbook_default.c - playbooks/default.yaml, compiled into the binary by xxd. */
#include "core/playbook.h"

#include "default_playbook.inc"

#include "util/banned.h"

const char *tm_default_playbook_yaml(size_t *len)
{
	*len = tm_default_playbook_data_len;
	return (const char *)tm_default_playbook_data;
}
