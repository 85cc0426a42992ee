/*
 * libFuzzer target for mguard-control's tranche state file
 * (plugins/control/mguard_control_tranche_file.c): read at every start of
 * charon from a file that a crash, a full disk or an administrator may
 * have damaged.
 *
 * Sources: plugins/control/mguard_control_tranche_file.c
 * plugins/control/mguard_control_tranche_pool.c; libraries: libstrongswan.
 *
 * Checks beyond "no crash": every lease handed to the callback is a
 * well-formed pool name, a prefix 0..32 and a non-empty identity of at most
 * 255 bytes; restored into pools, no tranche is held twice and no identity
 * holds two tranches of one pool.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/control/mguard_control_tranche_file.h"

static mguard_tranche_pool_t *pools[2];

static void on_lease(void *user, u_int line, const char *name, uint32_t net,
					 uint8_t prefix, const char *id)
{
	const char *error;
	size_t len = strlen(id);
	int i;

	if (!*name || strlen(name) > 64 || prefix > 32 || !len ||
		len > MGUARD_TRANCHE_FILE_ID_MAX)
	{
		abort();
	}
	for (i = 0; i < 2; i++)
	{
		if (streq(pools[i]->get_name(pools[i]), name))
		{
			pools[i]->restore(pools[i], net, prefix, id, &error);
		}
	}
}

static void on_error(void *user, u_int line, const char *error)
{
	if (!error || !*error)
	{
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *id, *id2;
	uint32_t net, net2;
	u_int i, j;
	int p;

	pools[0] = mguard_tranche_pool_create("a", 0x0ac80000, 16, 28);
	pools[1] = mguard_tranche_pool_create("b", 0x0a090000, 24, 32);
	mguard_tranche_file_parse((const char*)data, size, on_lease, on_error,
							  NULL);
	for (p = 0; p < 2; p++)
	{
		for (i = 0; pools[p]->get_lease(pools[p], i, &net, &id, NULL); i++)
		{
			for (j = i + 1; pools[p]->get_lease(pools[p], j, &net2, &id2,
												NULL); j++)
			{
				if (net == net2 || streq(id, id2))
				{
					abort();
				}
			}
		}
		pools[p]->destroy(pools[p]);
	}
	return 0;
}
