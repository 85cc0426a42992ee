/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_manager.h"
#include "mguard_control_actions.h"
#include "mguard_control_archive.h"
#include "mguard_control_sms.h"
#include "mguard_control_sas.h"
#include "mguard_control_entry.h"
#include "mguard_control_inputs.h"
#include "mguard_control_tick.h"
#include "mguard_control_diff.h"
#include "mguard_control_model.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_mguard_control_manager_t private_mguard_control_manager_t;

struct private_mguard_control_manager_t {

	/**
	 * Public interface
	 */
	mguard_control_manager_t public;

	/**
	 * Protects entries
	 */
	mutex_t *lock;

	/**
	 * mguard_control_entry_t*, in model order
	 */
	array_t *entries;

	/**
	 * Seconds between initiations of a Started "initiate" connection
	 */
	u_int retry_interval;

	/**
	 * Service inputs CMD 1-3
	 */
	mguard_control_inputs_t *inputs;

	/**
	 * global.dyndns of the model in force
	 */
	bool dyndns_watch;
	u_int dyndns_interval;
};

/**
 * Find the first entry with a descriptive name (the mGuard's rule)
 */
static mguard_control_entry_t *find_by_name(
		private_mguard_control_manager_t *this, char *name)
{
	mguard_control_entry_t *entry;
	int i;

	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (streq(entry->cfg->name, name))
		{
			return entry;
		}
	}
	return NULL;
}

static mguard_control_entry_t *find_by_key(array_t *entries, char *key)
{
	mguard_control_entry_t *entry;
	int i;

	for (i = 0; i < array_count(entries); i++)
	{
		array_get(entries, i, &entry);
		if (streq(entry->cfg->key, key))
		{
			return entry;
		}
	}
	return NULL;
}

/**
 * Periodic work, see mguard_control_tick.h
 */
METHOD(mguard_control_manager_t, tick, void,
	private_mguard_control_manager_t *this)
{
	mguard_control_tick(this->lock, &this->entries, this->inputs,
						this->retry_interval);
}

/**
 * Current status word of an entry, refreshed from charon
 */
static mguard_control_status_t refresh(private_mguard_control_manager_t *this,
									   char *key)
{
	hashtable_t *infos;
	mguard_control_entry_t *entry;
	mguard_control_status_t status = MGUARD_CONTROL_STATUS_UNKNOWN;
	unsigned actions;
	array_t *todos = NULL;

	infos = mguard_control_sas_gather(key, NULL);
	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		actions = mguard_control_entry_update(entry, infos->get(infos, key),
											  time_monotonic(NULL));
		mguard_control_todo_add(&todos, key, actions);
		status = mguard_control_state_status(&entry->state);
	}
	this->lock->unlock(this->lock);
	mguard_control_sas_destroy(infos);
	mguard_control_todos_execute(todos);
	return status;
}

static void rows_destroy(array_t *rows)
{
	mguard_control_row_t row;

	while (array_remove(rows, ARRAY_HEAD, &row))
	{
		free(row.name);
		free(row.key);
	}
	array_destroy(rows);
}

METHOD(mguard_control_manager_t, status, mguard_control_status_t,
	private_mguard_control_manager_t *this, char *key)
{
	return refresh(this, key);
}

METHOD(mguard_control_manager_t, find, char*,
	private_mguard_control_manager_t *this, char *name)
{
	mguard_control_entry_t *entry;
	char *key = NULL;

	this->lock->lock(this->lock);
	entry = find_by_name(this, name);
	if (entry)
	{
		key = strdup(entry->cfg->key);
	}
	this->lock->unlock(this->lock);
	return key;
}

METHOD(mguard_control_manager_t, change, mguard_control_result_t,
	private_mguard_control_manager_t *this, char *key, bool start,
	mguard_control_cause_t cause, unsigned *actions)
{
	mguard_control_result_t result = MGUARD_CONTROL_RESULT_UNCHANGED;
	mguard_control_entry_t *entry;

	*actions = MGUARD_CONTROL_ACT_NONE;
	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (!entry)
	{
		this->lock->unlock(this->lock);
		return MGUARD_CONTROL_RESULT_UNCHANGED;
	}
	if (start)
	{
		result = mguard_control_state_start(&entry->state, cause,
											time_monotonic(NULL), actions);
		if (*actions & MGUARD_CONTROL_ACT_INITIATE)
		{
			entry->retry = time_monotonic(NULL) + this->retry_interval;
		}
	}
	else
	{
		result = mguard_control_state_stop(&entry->state, cause, actions);
	}
	if (result == MGUARD_CONTROL_RESULT_CHANGED)
	{
		DBG1(DBG_CFG, "mguard-control: '%s' %s by control request%s",
			 entry->cfg->name, start ? "started" : "stopped",
			 start && entry->state.deadline ? ", deactivation timeout armed"
											: "");
	}
	this->lock->unlock(this->lock);
	return result;
}

METHOD(mguard_control_manager_t, initiated, mguard_control_startup_t,
	private_mguard_control_manager_t *this, char *key)
{
	mguard_control_startup_t startup = MGUARD_CONTROL_STARTUP_INITIATE;
	mguard_control_entry_t *entry;

	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		startup = entry->state.startup;
		entry->retry = time_monotonic(NULL) + this->retry_interval;
	}
	this->lock->unlock(this->lock);
	return startup;
}

METHOD(mguard_control_manager_t, sms, bool,
	private_mguard_control_manager_t *this, char *token, bool start)
{
	array_t *todos = NULL;
	mguard_control_entry_t *entry;
	unsigned actions;
	bool found = FALSE;
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (!entry->cfg->sms_token ||
			!mguard_control_sms_token_equals(entry->cfg->sms_token, token))
		{
			continue;
		}
		found = TRUE;
		if (start)
		{
			if (mguard_control_state_start(&entry->state,
										   MGUARD_CONTROL_CAUSE_SMS,
										   time_monotonic(NULL), &actions) ==
				MGUARD_CONTROL_RESULT_CHANGED)
			{
				DBG1(DBG_CFG, "mguard-control: '%s' started by text message",
					 entry->cfg->name);
			}
		}
		else if (mguard_control_state_stop(&entry->state,
										   MGUARD_CONTROL_CAUSE_SMS, &actions) ==
				 MGUARD_CONTROL_RESULT_CHANGED)
		{
			DBG1(DBG_CFG, "mguard-control: '%s' stopped by text message",
				 entry->cfg->name);
		}
		mguard_control_archive_begin(entry->cfg->key, entry->cfg->name,
									 MGUARD_ARCHIVE_TRIGGER_SMS, actions);
		mguard_control_todo_add(&todos, entry->cfg->key, actions);
	}
	this->lock->unlock(this->lock);
	mguard_control_todos_execute(todos);
	return found;
}

METHOD(mguard_control_manager_t, create_enumerator, enumerator_t*,
	private_mguard_control_manager_t *this)
{
	mguard_control_row_t row;
	hashtable_t *infos;
	array_t *rows;
	mguard_control_entry_t *entry;
	int i;

	infos = mguard_control_sas_gather(NULL, NULL);
	rows = array_create(sizeof(row), 0);
	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		mguard_control_entry_update(entry, infos->get(infos, entry->cfg->key),
									time_monotonic(NULL));
		row = (mguard_control_row_t){
			.name = strdup(entry->cfg->name),
			.key = strdup(entry->cfg->key),
			.initial = entry->cfg->initial,
			.startup = entry->cfg->startup,
			.mode = entry->state.mode,
			.status = mguard_control_state_status(&entry->state),
			.up = entry->up,
			.tunnels = entry->cfg->tunnels,
		};
		array_insert(rows, ARRAY_TAIL, &row);
	}
	this->lock->unlock(this->lock);
	mguard_control_sas_destroy(infos);
	return enumerator_create_cleaner(array_create_enumerator(rows),
									 (void*)rows_destroy, rows);
}

/**
 * Read the model and take it over; at start (initial) an invalid model is
 * fatal, on a reload the running one stays
 */
static bool load(private_mguard_control_manager_t *this, bool initial)
{
	array_t *conns, *entries, *changes, *todos = NULL;
	mguard_control_running_t *running;
	mguard_control_change_t change;
	mguard_control_inputs_cfg_t inputs;
	mguard_control_conn_cfg_t **new;
	mguard_control_entry_t *entry, **old;
	char *model;
	u_int peers, kept = 0, interval = 300;
	int i, n_old, n_new;
	bool watch = FALSE;

	model = lib->settings->get_str(lib->settings,
								   "%s.plugins.mguard-control.model",
								   MGUARD_DEFAULT_MODEL, lib->ns);
	/* the plain settings first: nothing to free if the rest fails */
	if (!mguard_control_model_read_dyndns(model, &watch, &interval) ||
		!mguard_control_model_read(model, &conns, &peers, &inputs))
	{
		if (initial)
		{
			DBG1(DBG_CFG, "mguard-control: model %s is invalid, not loading "
				 "the plugin (without the model's modes it cannot refuse the "
				 "peers of Stopped and Disabled connections)", model);
		}
		else
		{
			DBG1(DBG_CFG, "mguard-control: model %s is invalid, keeping the "
				 "previous one", model);
		}
		return FALSE;
	}
	n_new = array_count(conns);
	new = calloc(n_new ?: 1, sizeof(*new));
	for (i = 0; i < n_new; i++)
	{
		array_get(conns, i, &new[i]);
	}
	entries = array_create(0, 0);

	this->lock->lock(this->lock);
	n_old = array_count(this->entries);
	old = calloc(n_old ?: 1, sizeof(*old));
	running = calloc(n_old ?: 1, sizeof(*running));
	for (i = 0; i < n_old; i++)
	{
		array_get(this->entries, i, &old[i]);
		running[i] = (mguard_control_running_t){
			.cfg = old[i]->cfg,
			.mode = old[i]->state.mode,
			.startup = old[i]->state.startup,
		};
	}
	changes = mguard_control_diff(running, n_old, new, n_new);
	while (array_remove(changes, ARRAY_HEAD, &change))
	{
		if (change.actions)
		{
			mguard_control_todo_add(&todos, running[change.old].cfg->key,
									change.actions);
		}
		if (change.new < 0)
		{
			continue;
		}
		if (change.keep)
		{	/* unchanged: keeps mode, timeout and SAs */
			entry = old[change.old];
			old[change.old] = NULL;
			mguard_control_conn_cfg_destroy(new[change.new]);
			kept++;
		}
		else
		{
			entry = mguard_control_entry_create(new[change.new]);
			if (change.old >= 0)
			{	/* what charon has stays established */
				entry->state.established = old[change.old]->state.established;
				entry->bytes = old[change.old]->bytes;
			}
		}
		array_insert(entries, ARRAY_TAIL, entry);
	}
	for (i = 0; i < n_old; i++)
	{
		if (old[i])
		{
			mguard_control_entry_destroy(old[i]);
		}
	}
	array_destroy(changes);
	free(running);
	free(old);
	free(new);
	array_destroy(this->entries);
	this->entries = entries;
	this->inputs->set(this->inputs, &inputs);
	mguard_control_inputs_cfg_clear(&inputs);
	this->dyndns_watch = watch;
	this->dyndns_interval = interval;
	DBG1(DBG_CFG, "mguard-control: %u connections from %s (%u unchanged)",
		 array_count(entries), model, kept);
	this->lock->unlock(this->lock);

	array_destroy(conns);
	mguard_control_todos_execute(todos);
	return TRUE;
}

METHOD(mguard_control_manager_t, reload, bool,
	private_mguard_control_manager_t *this)
{
	return load(this, FALSE);
}

METHOD(mguard_control_manager_t, refuse, bool,
	private_mguard_control_manager_t *this, char *key)
{
	mguard_control_entry_t *entry;
	bool refuse = FALSE;

	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		refuse = entry->state.mode != MGUARD_CONTROL_MODE_STARTED;
	}
	this->lock->unlock(this->lock);
	return refuse;
}

static void mark_error(private_mguard_control_manager_t *this, char *key,
					   bool error)
{
	mguard_control_entry_t *entry;

	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		mguard_control_state_set_error(&entry->state, error);
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_control_manager_t, set_error, void,
	private_mguard_control_manager_t *this, char *key)
{
	mark_error(this, key, TRUE);
}

METHOD(mguard_control_manager_t, clear_error, void,
	private_mguard_control_manager_t *this, char *key)
{
	mark_error(this, key, FALSE);
}

METHOD(mguard_control_manager_t, get_dyndns, void,
	private_mguard_control_manager_t *this, bool *watch, u_int *interval)
{
	this->lock->lock(this->lock);
	*watch = this->dyndns_watch;
	*interval = this->dyndns_interval;
	this->lock->unlock(this->lock);
}

METHOD(mguard_control_manager_t, create_initiators, array_t*,
	private_mguard_control_manager_t *this)
{
	mguard_control_entry_t *entry;
	array_t *keys = NULL;
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (entry->state.mode == MGUARD_CONTROL_MODE_STARTED &&
			entry->state.startup != MGUARD_CONTROL_STARTUP_WAIT)
		{
			array_insert_create(&keys, ARRAY_TAIL, strdup(entry->cfg->key));
		}
	}
	this->lock->unlock(this->lock);
	return keys;
}

METHOD(mguard_control_manager_t, destroy, void,
	private_mguard_control_manager_t *this)
{
	this->inputs->destroy(this->inputs);
	array_destroy_function(this->entries, (void*)mguard_control_entry_destroy,
						   NULL);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
mguard_control_manager_t *mguard_control_manager_create()
{
	private_mguard_control_manager_t *this;

	INIT(this,
		.public = {
			.status = _status,
			.find = _find,
			.change = _change,
			.initiated = _initiated,
			.sms = _sms,
			.create_enumerator = _create_enumerator,
			.refuse = _refuse,
			.set_error = _set_error,
			.clear_error = _clear_error,
			.create_initiators = _create_initiators,
			.get_dyndns = _get_dyndns,
			.reload = _reload,
			.tick = _tick,
			.destroy = _destroy,
		},
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.entries = array_create(0, 0),
		.retry_interval = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.retry_interval", 10,
							lib->ns),
		.inputs = mguard_control_inputs_create(),
	);
	if (!load(this, TRUE))
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
