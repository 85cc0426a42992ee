/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_diff.h"

#include <collections/hashtable.h>

/**
 * What stops a running connection's SAs
 */
static unsigned stop_actions(mguard_control_running_t *old)
{
	return MGUARD_CONTROL_ACT_TERMINATE |
		   (old->startup == MGUARD_CONTROL_STARTUP_ON_TRAFFIC ?
			MGUARD_CONTROL_ACT_UNTRAP : 0);
}

/*
 * Described in header
 */
array_t *mguard_control_diff(mguard_control_running_t *old, int n_old,
							 mguard_control_conn_cfg_t **new, int n_new)
{
	mguard_control_change_t change;
	hashtable_t *index;
	array_t *changes;
	bool *taken;
	int i;

	changes = array_create(sizeof(change), n_new);
	/* key -> index + 1 of the first running connection with it */
	index = hashtable_create(hashtable_hash_str, hashtable_equals_str,
							 n_old ?: 1);
	taken = calloc(n_old ?: 1, sizeof(bool));
	for (i = n_old - 1; i >= 0; i--)
	{
		index->put(index, old[i].cfg->key, (void*)(uintptr_t)(i + 1));
	}
	for (i = 0; i < n_new; i++)
	{
		change = (mguard_control_change_t){
			.old = (int)(uintptr_t)index->get(index, new[i]->key) - 1,
			.new = i,
		};
		if (change.old >= 0 && !taken[change.old])
		{
			taken[change.old] = TRUE;
			change.keep = mguard_control_conn_cfg_equals(old[change.old].cfg,
														 new[i]);
			if (!change.keep &&
				old[change.old].mode == MGUARD_CONTROL_MODE_STARTED &&
				new[i]->initial != MGUARD_CONTROL_MODE_STARTED)
			{
				change.actions = stop_actions(&old[change.old]);
			}
		}
		else
		{	/* new, or a second connection with the same key */
			change.old = -1;
		}
		array_insert(changes, ARRAY_TAIL, &change);
	}
	for (i = 0; i < n_old; i++)
	{
		if (!taken[i])
		{
			change = (mguard_control_change_t){
				.old = i,
				.new = -1,
				.actions = stop_actions(&old[i]),
			};
			array_insert(changes, ARRAY_TAIL, &change);
		}
	}
	free(taken);
	index->destroy(index);
	return changes;
}
