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
#include "mguard_control_sas.h"
#include "mguard_control_source.h"
#include "mguard_control_diff.h"
#include "mguard_control_model.h"

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_mguard_control_manager_t private_mguard_control_manager_t;

/**
 * One model connection
 */
typedef struct {
	/** configuration from the model */
	mguard_control_conn_cfg_t *cfg;
	/** mode, timeout, status */
	mguard_control_state_t state;
	/** initial mode applied to charon's configuration */
	bool applied;
	/** earliest time for the next initiation of a Started "initiate" */
	time_t retry;
	/** traffic counter (bytes in + out) last seen */
	uint64_t bytes;
	/** installed CHILD_SAs last seen */
	u_int up;
} entry_t;

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
	 * entry_t*, in model order
	 */
	array_t *entries;

	/**
	 * Seconds between initiations of a Started "initiate" connection
	 */
	u_int retry_interval;

	/**
	 * CMD 1-3
	 */
	mguard_control_source_t inputs[3];
};

static void entry_destroy(entry_t *entry)
{
	mguard_control_conn_cfg_destroy(entry->cfg);
	free(entry);
}

static entry_t *entry_create(mguard_control_conn_cfg_t *cfg)
{
	entry_t *entry;

	INIT(entry,
		.cfg = cfg,
		/* disabled connections need nothing from charon */
		.applied = cfg->initial == MGUARD_CONTROL_MODE_DISABLED,
	);
	mguard_control_state_init(&entry->state, cfg->initial, cfg->startup,
							  cfg->timeout);
	return entry;
}

/**
 * Find the first entry with a descriptive name (the mGuard's rule)
 */
static entry_t *find_by_name(private_mguard_control_manager_t *this,
							 char *name)
{
	entry_t *entry;
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

static entry_t *find_by_key(array_t *entries, char *key)
{
	entry_t *entry;
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
 * Update an entry from what charon has; returns actions
 */
static unsigned update_entry(entry_t *entry, mguard_control_sa_info_t *info,
							 time_t now)
{
	static mguard_control_sa_info_t none;
	unsigned actions;

	if (!info)
	{
		info = &none;
	}
	actions = mguard_control_state_established(&entry->state, info->up > 0,
											   now);
	if (info->bytes != entry->bytes)
	{
		if (info->up)
		{
			mguard_control_state_traffic(&entry->state, now);
		}
		entry->bytes = info->bytes;
	}
	entry->up = info->up;
	/* re-initiation of Started "initiate" connections is paced below */
	return actions & ~MGUARD_CONTROL_ACT_INITIATE;
}

/**
 * Apply the service inputs to the connections they control (lock held)
 */
static void poll_inputs(private_mguard_control_manager_t *this, time_t now,
						array_t **todos)
{
	mguard_control_input_event_t event;
	mguard_control_result_t result;
	entry_t *entry;
	unsigned actions;
	bool start;
	int n, i;

	for (n = 0; n < 3; n++)
	{
		event = mguard_control_source_read(&this->inputs[n], n + 1);
		if (event == MGUARD_CONTROL_INPUT_NONE)
		{
			continue;
		}
		for (i = 0; i < array_count(this->entries); i++)
		{
			array_get(this->entries, i, &entry);
			if (entry->cfg->service_input != (u_int)n + 1)
			{
				continue;
			}
			if (event == MGUARD_CONTROL_INPUT_TOGGLE)
			{
				start = entry->state.mode != MGUARD_CONTROL_MODE_STARTED;
			}
			else
			{
				start = mguard_control_input_switch_starts(event,
							entry->cfg->inverted);
			}
			if (start)
			{
				result = mguard_control_state_start(&entry->state,
													MGUARD_CONTROL_CAUSE_CMD,
														now,
										&actions);
				if (actions & MGUARD_CONTROL_ACT_INITIATE)
				{
					entry->retry = now + this->retry_interval;
				}
			}
			else
			{
				result = mguard_control_state_stop(&entry->state,
												   MGUARD_CONTROL_CAUSE_CMD,
												   	   &actions);
			}
			if (result == MGUARD_CONTROL_RESULT_CHANGED)
			{
				DBG1(DBG_CFG, "mguard-control: '%s' %s by CMD %d",
					 entry->cfg->name, start ? "started" : "stopped", n + 1);
			}
			mguard_control_todo_add(todos, entry->cfg->key, actions);
		}
	}
}

/**
 * Take over the service inputs of a (re)loaded model (lock held)
 */
static void set_inputs(private_mguard_control_manager_t *this,
					   mguard_control_inputs_cfg_t *cfg)
{
	int n;

	for (n = 0; n < 3; n++)
	{
		mguard_control_source_set(&this->inputs[n], &cfg->cmd[n],
								  cfg->pushbutton);
	}
}

/**
 * Periodic work: initial modes, timeouts, keeping "initiate" connections up
 */
METHOD(mguard_control_manager_t, tick, void,
	private_mguard_control_manager_t *this)
{
	array_t *todos = NULL, *keys = NULL;
	hashtable_t *infos, *loaded;
	mguard_control_sa_info_t *info;
	entry_t *entry;
	time_t now;
	unsigned actions;
	char *key;
	int i;

	/* which configurations still wait for their initial mode, and are
	 * loaded now (checked without our lock) */
	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (!entry->applied)
		{
			key = strdup(entry->cfg->key);
			array_insert_create(&keys, ARRAY_TAIL, key);
		}
	}
	this->lock->unlock(this->lock);
	loaded = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8);
	for (i = 0; i < array_count(keys); i++)
	{
		array_get(keys, i, &key);
		if (mguard_control_is_loaded(key))
		{
			loaded->put(loaded, key, key);
		}
	}

	infos = mguard_control_sas_gather(NULL);
	now = time_monotonic(NULL);

	this->lock->lock(this->lock);
	poll_inputs(this, now, &todos);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		info = infos->get(infos, entry->cfg->key);
		actions = update_entry(entry, info, now);
		if (mguard_control_state_tick(&entry->state,
									  now) & MGUARD_CONTROL_ACT_TERMINATE)
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
			DBG1(DBG_CFG, "mguard-control: '%s' is %N",
				 entry->cfg->name, mguard_control_mode_names,
				 	 entry->state.mode);
			if (actions & MGUARD_CONTROL_ACT_INITIATE)
			{
				entry->retry = now + this->retry_interval;
			}
		}
		else if (entry->applied && entry->state.mode
				 == MGUARD_CONTROL_MODE_STARTED &&
				 entry->state.startup == MGUARD_CONTROL_STARTUP_INITIATE &&
				 (!info || !info->exists) && now >= entry->retry)
		{	/* Started + initiate: keep it established */
			actions |= MGUARD_CONTROL_ACT_INITIATE;
			entry->retry = now + this->retry_interval;
		}
		if (info && info->exists)
		{
			actions &= ~MGUARD_CONTROL_ACT_INITIATE;
		}
		mguard_control_todo_add(&todos, entry->cfg->key, actions);
	}
	this->lock->unlock(this->lock);

	mguard_control_sas_destroy(infos);
	loaded->destroy(loaded);
	array_destroy_function(keys, (void*)free, NULL);
	mguard_control_todos_execute(todos);
}

/**
 * Current status word of an entry, refreshed from charon
 */
static mguard_control_status_t refresh(private_mguard_control_manager_t *this,
						   char *key)
{
	hashtable_t *infos;
	entry_t *entry;
	mguard_control_status_t status = MGUARD_CONTROL_STATUS_UNKNOWN;
	unsigned actions;
	array_t *todos = NULL;

	infos = mguard_control_sas_gather(key);
	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		actions = update_entry(entry, infos->get(infos, key),
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
	entry_t *entry;
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
	entry_t *entry;

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
											time_monotonic(NULL),
								actions);
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
	entry_t *entry;

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
	entry_t *entry;
	unsigned actions;
	bool found = FALSE;
	int i;

	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		if (!entry->cfg->sms_token || !streq(entry->cfg->sms_token, token))
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
										   MGUARD_CONTROL_CAUSE_SMS,
										   	   &actions) ==
				 MGUARD_CONTROL_RESULT_CHANGED)
		{
			DBG1(DBG_CFG, "mguard-control: '%s' stopped by text message",
				 entry->cfg->name);
		}
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
	entry_t *entry;
	int i;

	infos = mguard_control_sas_gather(NULL);
	rows = array_create(sizeof(row), 0);
	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		update_entry(entry, infos->get(infos, entry->cfg->key),
					 time_monotonic(NULL));
		row = (mguard_control_row_t){
			.name = strdup(entry->cfg->name),
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
	entry_t *entry, **old;
	char *model;
	u_int peers, kept = 0;
	int i, n_old, n_new;

	model = lib->settings->get_str(lib->settings,
								   "%s.plugins.mguard-control.model",
								   MGUARD_DEFAULT_MODEL, lib->ns);
	if (!mguard_control_model_read(model, &conns, &peers, &inputs))
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
			entry = entry_create(new[change.new]);
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
			entry_destroy(old[i]);
		}
	}
	array_destroy(changes);
	free(running);
	free(old);
	free(new);
	array_destroy(this->entries);
	this->entries = entries;
	set_inputs(this, &inputs);
	mguard_control_inputs_cfg_clear(&inputs);
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
	entry_t *entry;
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

METHOD(mguard_control_manager_t, set_error, void,
	private_mguard_control_manager_t *this, char *key)
{
	entry_t *entry;

	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		mguard_control_state_set_error(&entry->state, TRUE);
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_control_manager_t, destroy, void,
	private_mguard_control_manager_t *this)
{
	int n;

	for (n = 0; n < 3; n++)
	{
		mguard_control_source_close(&this->inputs[n]);
	}
	array_destroy_function(this->entries, (void*)entry_destroy, NULL);
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
			.reload = _reload,
			.tick = _tick,
			.destroy = _destroy,
		},
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.entries = array_create(0, 0),
		.retry_interval = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.retry_interval", 10,
							lib->ns),
		.inputs = {
			{ .fd = -1 },
			{ .fd = -1 },
			{ .fd = -1 },
		},
	);
	if (!load(this, TRUE))
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
