/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_tick.h"
#include "mguard_control_actions.h"
#include "mguard_control_entry.h"
#include "mguard_control_sas.h"

#include <daemon.h>
#include <collections/hashtable.h>

/**
 * Which entries still wait for their initial mode and have their
 * configuration loaded in charon now (charon is asked without the lock),
 * and which want their traffic counted (into traffic, keys owned there)
 */
static hashtable_t *gather_loaded(mutex_t *lock, array_t **entries,
								  array_t **keys, hashtable_t *traffic)
{
	mguard_control_entry_t *entry;
	hashtable_t *loaded;
	char *key;
	int i;

	lock->lock(lock);
	for (i = 0; i < array_count(*entries); i++)
	{
		array_get(*entries, i, &entry);
		if (!entry->applied)
		{
			key = strdup(entry->cfg->key);
			array_insert_create(keys, ARRAY_TAIL, key);
		}
		/* only an idle on_traffic connection is released by its traffic */
		if (entry->cfg->startup == MGUARD_CONTROL_STARTUP_ON_TRAFFIC &&
			entry->cfg->timeout)
		{
			key = strdup(entry->cfg->key);
			traffic->put(traffic, key, key);
		}
	}
	lock->unlock(lock);
	loaded = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);
	for (i = 0; i < array_count(*keys); i++)
	{
		array_get(*keys, i, &key);
		if (mguard_control_is_loaded(key))
		{
			loaded->put(loaded, key, key);
		}
	}
	return loaded;
}

/*
 * Described in header
 */
void mguard_control_tick(mutex_t *lock, array_t **entries,
						 mguard_control_inputs_t *inputs, u_int retry)
{
	array_t *todos = NULL, *keys = NULL;
	hashtable_t *infos, *loaded, *traffic;
	mguard_control_sa_info_t *info;
	mguard_control_entry_t *entry;
	time_t now;
	unsigned actions;
	int i;

	traffic = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);
	loaded = gather_loaded(lock, entries, &keys, traffic);
	infos = mguard_control_sas_gather(NULL, traffic);
	now = time_monotonic(NULL);

	lock->lock(lock);
	inputs->apply(inputs, *entries, now, retry, &todos);
	for (i = 0; i < array_count(*entries); i++)
	{
		array_get(*entries, i, &entry);
		info = infos->get(infos, entry->cfg->key);
		actions = mguard_control_entry_update(entry, info, now);
		if (mguard_control_state_tick(&entry->state, now) &
			MGUARD_CONTROL_ACT_TERMINATE)
		{
			actions |= MGUARD_CONTROL_ACT_TERMINATE;
			if (entry->state.mode == MGUARD_CONTROL_MODE_STOPPED)
			{
				DBG1(DBG_CFG, "mguard-control: deactivation timeout of '%s' "
					 "elapsed, connection stopped", entry->cfg->name);
			}
			else
			{
				DBG1(DBG_CFG, "mguard-control: '%s' idle for %us, released",
					 entry->cfg->name, entry->cfg->timeout);
			}
		}
		if (!entry->applied && loaded->get(loaded, entry->cfg->key))
		{
			entry->applied = TRUE;
			actions |= mguard_control_state_apply_initial(&entry->state);
			DBG1(DBG_CFG, "mguard-control: '%s' is %N", entry->cfg->name,
				 mguard_control_mode_names, entry->state.mode);
			if (actions & MGUARD_CONTROL_ACT_INITIATE)
			{
				entry->retry = now + retry;
			}
		}
		else if (entry->applied &&
				 entry->state.mode == MGUARD_CONTROL_MODE_STARTED &&
				 entry->state.startup == MGUARD_CONTROL_STARTUP_INITIATE &&
				 (!info || !info->exists) && now >= entry->retry)
		{	/* Started + initiate: keep it established */
			actions |= MGUARD_CONTROL_ACT_INITIATE;
			entry->retry = now + retry;
		}
		if (info && info->exists)
		{
			actions &= ~MGUARD_CONTROL_ACT_INITIATE;
		}
		mguard_control_todo_add(&todos, entry->cfg->key, actions);
	}
	lock->unlock(lock);

	mguard_control_sas_destroy(infos);
	loaded->destroy(loaded);
	array_destroy_function(keys, (void*)free, NULL);
	traffic->destroy_function(traffic, (void*)free);
	mguard_control_todos_execute(todos);
}
