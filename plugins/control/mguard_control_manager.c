/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_manager.h"
#include "mguard_control_input.h"
#include "mguard_control_diff.h"
#include "mguard_control_model.h"
#include "mguard_control_sms.h"

#include <mguard_license_counter.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <daemon.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_mguard_control_manager_t private_mguard_control_manager_t;

/**
 * One model connection
 */
typedef struct {
	/** configuration from the model */
	mg_conn_cfg_t *cfg;
	/** mode, timeout, status */
	mg_state_t state;
	/** initial mode applied to charon's configuration */
	bool applied;
	/** earliest time for the next initiation of a Started "initiate" */
	time_t retry;
	/** traffic counter (bytes in + out) last seen */
	uint64_t bytes;
	/** installed CHILD_SAs last seen */
	u_int up;
} entry_t;

/**
 * What charon has of a connection
 */
typedef struct {
	/** an IKE_SA exists (in any state) */
	bool exists;
	/** installed CHILD_SAs */
	u_int up;
	/** bytes in + out of them */
	uint64_t bytes;
} sa_info_t;

/**
 * Actions to carry out for a connection, outside the lock
 */
typedef struct {
	char *key;
	unsigned actions;
} todo_t;

/**
 * A service input (CMD 1-3)
 */
typedef struct {
	/** source from the model ("file:PATH"), NULL if unset */
	char *source;
	/** open FIFO, -1 if none */
	int fd;
	/** incomplete line read from the FIFO */
	char buf[64];
	/** bytes in buf */
	size_t len;
	/** levels and events */
	mg_input_t input;
	/** the source was found unusable and logged */
	bool failed;
} service_input_t;

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
	 * Seconds synup/syndown wait for the outcome
	 */
	u_int sync_timeout;

	/**
	 * CMD 1-3
	 */
	service_input_t inputs[3];
};

static void entry_destroy(entry_t *entry)
{
	mg_conn_cfg_destroy(entry->cfg);
	free(entry);
}

static entry_t *entry_create(mg_conn_cfg_t *cfg)
{
	entry_t *entry;

	INIT(entry,
		.cfg = cfg,
		/* disabled connections need nothing from charon */
		.applied = cfg->initial == MG_MODE_DISABLED,
	);
	mg_state_init(&entry->state, cfg->initial, cfg->startup, cfg->timeout);
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
 * Whether a child config is one of a peer config's
 */
static bool has_child(peer_cfg_t *peer_cfg, char *child)
{
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;
	bool found = FALSE;

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		if (streq(child_cfg->get_name(child_cfg), child))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Which connections of charon's configurations own which child configs:
 * child config name -> connection name (both owned)
 */
static hashtable_t *child_owners()
{
	enumerator_t *enumerator, *children;
	hashtable_t *owners;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	char *old;

	owners = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32);
	enumerator = charon->backends->create_peer_cfg_enumerator(
							charon->backends, NULL, NULL, NULL, NULL, IKE_ANY);
	while (enumerator->enumerate(enumerator, &peer_cfg))
	{
		children = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (children->enumerate(children, &child_cfg))
		{
			old = owners->put(owners, strdup(child_cfg->get_name(child_cfg)),
							  strdup(peer_cfg->get_name(peer_cfg)));
			free(old);
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	return owners;
}

static void owners_destroy(hashtable_t *owners)
{
	enumerator_t *enumerator;
	char *child, *conn;

	if (owners)
	{
		enumerator = owners->create_enumerator(owners);
		while (enumerator->enumerate(enumerator, &child, &conn))
		{
			free(child);
			free(conn);
		}
		enumerator->destroy(enumerator);
		owners->destroy(owners);
	}
}

/**
 * The connection a CHILD_SA belongs to: usually its IKE_SA's, but charon
 * puts CHILD_SAs of connections with equal IKE settings into one IKE_SA
 * (peer_cfg->equals() ignores names), so a CHILD_SA is matched by its
 * child config. *owners is built on the first CHILD_SA that needs it.
 */
static char *child_owner(peer_cfg_t *peer_cfg, child_sa_t *child_sa,
						 hashtable_t **owners)
{
	char *child, *conn;

	child = child_sa->get_name(child_sa);
	if (has_child(peer_cfg, child))
	{
		return peer_cfg->get_name(peer_cfg);
	}
	if (!*owners)
	{
		*owners = child_owners();
	}
	conn = (*owners)->get(*owners, child);
	return conn ?: peer_cfg->get_name(peer_cfg);
}

static sa_info_t *get_info(hashtable_t *infos, char *name)
{
	sa_info_t *info;

	info = infos->get(infos, name);
	if (!info)
	{
		INIT(info);
		infos->put(infos, strdup(name), info);
	}
	return info;
}

/**
 * Collect what charon has, by connection name (an IKE_SA counts for its
 * own connection, a CHILD_SA for the connection of its child config,
 * wherever charon placed it); if key is given, only for that connection.
 * Returns a hashtable of sa_info_t, keys owned.
 */
static hashtable_t *gather(char *key)
{
	enumerator_t *enumerator, *children;
	hashtable_t *infos, *owners = NULL;
	ike_sa_t *ike_sa;
	child_sa_t *child_sa;
	peer_cfg_t *peer_cfg;
	sa_info_t *info;
	uint64_t bytes;
	time_t use;
	char *name, *owner;

	infos = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32);
	enumerator = charon->controller->create_ike_sa_enumerator(
													charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (!peer_cfg)
		{
			continue;
		}
		name = peer_cfg->get_name(peer_cfg);
		if (!key || streq(key, name))
		{
			get_info(infos, name)->exists = TRUE;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			owner = child_owner(peer_cfg, child_sa, &owners);
			if (key && !streq(key, owner))
			{
				continue;
			}
			info = get_info(infos, owner);
			info->exists = TRUE;
			if (child_sa->get_state(child_sa) != CHILD_INSTALLED)
			{
				continue;
			}
			info->up++;
			child_sa->get_usestats(child_sa, TRUE, &use, &bytes, NULL);
			info->bytes += bytes;
			child_sa->get_usestats(child_sa, FALSE, &use, &bytes, NULL);
			info->bytes += bytes;
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	owners_destroy(owners);
	return infos;
}

static void infos_destroy(hashtable_t *infos)
{
	enumerator_t *enumerator;
	sa_info_t *info;
	char *key;

	enumerator = infos->create_enumerator(infos);
	while (enumerator->enumerate(enumerator, &key, &info))
	{
		free(key);
		free(info);
	}
	enumerator->destroy(enumerator);
	infos->destroy(infos);
}

/**
 * Update an entry from what charon has; returns actions
 */
static unsigned update_entry(entry_t *entry, sa_info_t *info, time_t now)
{
	static sa_info_t none;
	unsigned actions;

	if (!info)
	{
		info = &none;
	}
	actions = mg_state_established(&entry->state, info->up > 0, now);
	if (info->bytes != entry->bytes)
	{
		if (info->up)
		{
			mg_state_traffic(&entry->state, now);
		}
		entry->bytes = info->bytes;
	}
	entry->up = info->up;
	/* re-initiation of Started "initiate" connections is paced below */
	return actions & ~MG_ACT_INITIATE;
}

/**
 * Log lines of synchronous calls, streamed to the client as they come
 */
typedef struct {
	/** serializes calls of out */
	mutex_t *lock;
	/** client output */
	mguard_control_out_t out;
	/** data for out */
	void *data;
} sync_log_t;

/**
 * Controller callback streaming log lines of level 1 (like swanctl); runs
 * on the IKE_SA's thread: out only queues the line, the socket writes it
 */
static bool sync_log_cb(sync_log_t *log, debug_t group, level_t level,
						ike_sa_t *ike_sa, const char *message)
{
	char *line;

	if (level <= 1 &&
		asprintf(&line, "[%s] %s", enum_to_name(debug_names, group),
				 message) > 0)
	{
		log->lock->lock(log->lock);
		log->out(log->data, MGC_LINE_LOG, 0, line);
		log->lock->unlock(log->lock);
		free(line);
	}
	return TRUE;
}

/**
 * Terminate the SAs of a connection; synchronously if log is given. Its own
 * IKE_SAs go as a whole unless they carry CHILD_SAs of other connections;
 * then, and in other connections' IKE_SAs, only its CHILD_SAs go.
 */
static void terminate(char *key, sync_log_t *log, u_int timeout)
{
	enumerator_t *enumerator, *children;
	hashtable_t *owners = NULL;
	ike_sa_t *ike_sa;
	child_sa_t *child_sa;
	peer_cfg_t *peer_cfg;
	array_t *ikes = NULL, *childs = NULL, *mine;
	bool own, others;
	uint32_t id;

	enumerator = charon->controller->create_ike_sa_enumerator(
													charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (!peer_cfg)
		{
			continue;
		}
		own = streq(peer_cfg->get_name(peer_cfg), key);
		others = FALSE;
		mine = NULL;
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (streq(child_owner(peer_cfg, child_sa, &owners), key))
			{
				id = child_sa->get_unique_id(child_sa);
				array_insert_create_value(&mine, sizeof(id), ARRAY_TAIL, &id);
			}
			else
			{
				others = TRUE;
			}
		}
		children->destroy(children);
		if (own && !others)
		{
			id = ike_sa->get_unique_id(ike_sa);
			array_insert_create_value(&ikes, sizeof(id), ARRAY_TAIL, &id);
		}
		else
		{
			while (array_remove(mine, ARRAY_HEAD, &id))
			{
				array_insert_create_value(&childs, sizeof(id), ARRAY_TAIL,
										  &id);
			}
		}
		array_destroy(mine);
	}
	enumerator->destroy(enumerator);
	owners_destroy(owners);

	while (array_remove(ikes, ARRAY_HEAD, &id))
	{
		DBG1(DBG_CFG, "mguard-control: terminating IKE_SA #%u of '%s'",
			 id, key);
		charon->controller->terminate_ike(charon->controller, id, FALSE,
							log ? (controller_cb_t)sync_log_cb : NULL, log,
							log ? timeout * 1000 : 0);
	}
	while (array_remove(childs, ARRAY_HEAD, &id))
	{
		DBG1(DBG_CFG, "mguard-control: terminating CHILD_SA #%u of '%s' (in "
			 "an IKE_SA shared with another connection)", id, key);
		charon->controller->terminate_child(charon->controller, id,
							log ? (controller_cb_t)sync_log_cb : NULL, log,
							log ? timeout * 1000 : 0);
	}
	array_destroy(ikes);
	array_destroy(childs);
}

/**
 * Whether a trap policy is installed for a CHILD_SA config
 */
static bool is_trapped(char *key, char *child)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_sa_t *child_sa;
	bool found = FALSE;

	enumerator = charon->traps->create_enumerator(charon->traps);
	while (enumerator->enumerate(enumerator, &peer_cfg, &child_sa))
	{
		if (streq(peer_cfg->get_name(peer_cfg), key) &&
			streq(child_sa->get_name(child_sa), child))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Carry out actions for a connection (asynchronously)
 */
static void execute(char *key, unsigned actions)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;

	if (actions & MG_ACT_TERMINATE)
	{
		terminate(key, NULL, 0);
	}
	if (!(actions & (MG_ACT_UNTRAP | MG_ACT_TRAP | MG_ACT_INITIATE)))
	{
		return;
	}
	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	if (!peer_cfg)
	{
		DBG2(DBG_CFG, "mguard-control: connection '%s' not loaded", key);
		return;
	}
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		if (actions & MG_ACT_UNTRAP)
		{
			charon->traps->uninstall(charon->traps, key,
									 child_cfg->get_name(child_cfg));
		}
		if ((actions & MG_ACT_TRAP) &&
			!is_trapped(key, child_cfg->get_name(child_cfg)))
		{	/* not twice: replacing a trap drops its route (libipsec) */
			DBG1(DBG_CFG, "mguard-control: installing trap for '%s'",
				 child_cfg->get_name(child_cfg));
			charon->traps->install(charon->traps, peer_cfg, child_cfg);
		}
		if (actions & MG_ACT_INITIATE)
		{
			DBG1(DBG_CFG, "mguard-control: initiating '%s'",
				 child_cfg->get_name(child_cfg));
			charon->controller->initiate(charon->controller,
						peer_cfg->get_ref(peer_cfg),
						child_cfg->get_ref(child_cfg), NULL, NULL, 0, FALSE);
		}
	}
	enumerator->destroy(enumerator);
	peer_cfg->destroy(peer_cfg);
}

static void execute_todos(array_t *todos)
{
	todo_t todo;

	while (array_remove(todos, ARRAY_HEAD, &todo))
	{
		execute(todo.key, todo.actions);
		free(todo.key);
	}
	array_destroy(todos);
}

static void add_todo(array_t **todos, char *key, unsigned actions)
{
	todo_t todo = {
		.key = strdup(key),
		.actions = actions,
	};

	if (actions & (MG_ACT_INITIATE | MG_ACT_TRAP | MG_ACT_UNTRAP |
				   MG_ACT_TERMINATE))
	{
		array_insert_create_value(todos, sizeof(todo), ARRAY_TAIL, &todo);
	}
	else
	{
		free(todo.key);
	}
}

/**
 * Whether charon has the configuration of a connection loaded
 */
static bool is_loaded(char *key)
{
	peer_cfg_t *peer_cfg;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	DESTROY_IF(peer_cfg);
	return peer_cfg != NULL;
}

/**
 * Read what is new on a service input (file: sources only)
 */
static mg_input_event_t read_input(service_input_t *in, int n)
{
	mg_input_event_t event;
	char buf[64], *path;
	struct stat st;
	size_t consumed;
	ssize_t len;
	int fd;

	if (!in->source || in->failed)
	{
		return MG_INPUT_NONE;
	}
	if (!strpfx(in->source, "file:"))
	{
		DBG1(DBG_CFG, "mguard-control: CMD %d source '%s' is not supported "
			 "(only file:PATH)", n, in->source);
		in->failed = TRUE;
		return MG_INPUT_NONE;
	}
	path = in->source + strlen("file:");
	if (in->fd == -1 && stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
	{	/* read-write: no EOF when writers come and go */
		in->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (in->fd == -1)
		{
			DBG1(DBG_CFG, "mguard-control: opening CMD %d FIFO %s failed: %s",
				 n, path, strerror(errno));
			in->failed = TRUE;
			return MG_INPUT_NONE;
		}
	}
	if (in->fd != -1)
	{
		len = read(in->fd, in->buf + in->len, sizeof(in->buf) - in->len);
		if (len <= 0)
		{
			return MG_INPUT_NONE;
		}
		in->len += len;
		event = mg_input_feed(&in->input, in->buf, in->len, TRUE, &consumed);
		if (consumed == 0 && in->len == sizeof(in->buf))
		{	/* a line longer than any level: drop it */
			consumed = in->len;
		}
		memmove(in->buf, in->buf + consumed, in->len - consumed);
		in->len -= consumed;
		return event;
	}
	/* a regular file: its content is the level, a change is an edge */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
	{
		return MG_INPUT_NONE;
	}
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= 0)
	{
		return MG_INPUT_NONE;
	}
	return mg_input_feed(&in->input, buf, len, FALSE, &consumed);
}

/**
 * Apply the service inputs to the connections they control (lock held)
 */
static void poll_inputs(private_mguard_control_manager_t *this, time_t now,
						array_t **todos)
{
	mg_input_event_t event;
	mg_result_t result;
	entry_t *entry;
	unsigned actions;
	bool start;
	int n, i;

	for (n = 0; n < 3; n++)
	{
		event = read_input(&this->inputs[n], n + 1);
		if (event == MG_INPUT_NONE)
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
			if (event == MG_INPUT_TOGGLE)
			{
				start = entry->state.mode != MG_MODE_STARTED;
			}
			else
			{
				start = mg_input_switch_starts(event, entry->cfg->inverted);
			}
			if (start)
			{
				result = mg_state_start(&entry->state, MG_CAUSE_CMD, now,
										&actions);
				if (actions & MG_ACT_INITIATE)
				{
					entry->retry = now + this->retry_interval;
				}
			}
			else
			{
				result = mg_state_stop(&entry->state, MG_CAUSE_CMD, &actions);
			}
			if (result == MG_RESULT_CHANGED)
			{
				DBG1(DBG_CFG, "mguard-control: '%s' %s by CMD %d",
					 entry->cfg->name, start ? "started" : "stopped", n + 1);
			}
			add_todo(todos, entry->cfg->key, actions);
		}
	}
}

/**
 * Take over the service inputs of a (re)loaded model (lock held)
 */
static void set_inputs(private_mguard_control_manager_t *this,
					   mg_inputs_cfg_t *cfg)
{
	service_input_t *in;
	int n;

	for (n = 0; n < 3; n++)
	{
		in = &this->inputs[n];
		if (streq(in->source ?: "", cfg->cmd[n] ?: "") &&
			in->input.pushbutton == cfg->pushbutton)
		{	/* unchanged: keeps its level */
			continue;
		}
		if (in->fd != -1)
		{
			close(in->fd);
		}
		free(in->source);
		*in = (service_input_t){
			.source = cfg->cmd[n],
			.fd = -1,
		};
		cfg->cmd[n] = NULL;
		mg_input_init(&in->input, cfg->pushbutton);
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
	sa_info_t *info;
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
		if (is_loaded(key))
		{
			loaded->put(loaded, key, key);
		}
	}

	infos = gather(NULL);
	now = time_monotonic(NULL);

	this->lock->lock(this->lock);
	poll_inputs(this, now, &todos);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		info = infos->get(infos, entry->cfg->key);
		actions = update_entry(entry, info, now);
		if (mg_state_tick(&entry->state, now) & MG_ACT_TERMINATE)
		{
			actions |= MG_ACT_TERMINATE;
			if (entry->state.mode == MG_MODE_STOPPED)
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
			actions |= mg_state_apply_initial(&entry->state);
			DBG1(DBG_CFG, "mguard-control: '%s' is %N",
				 entry->cfg->name, mg_mode_names, entry->state.mode);
			if (actions & MG_ACT_INITIATE)
			{
				entry->retry = now + this->retry_interval;
			}
		}
		else if (entry->applied && entry->state.mode == MG_MODE_STARTED &&
				 entry->state.startup == MG_STARTUP_INITIATE &&
				 (!info || !info->exists) && now >= entry->retry)
		{	/* Started + initiate: keep it established */
			actions |= MG_ACT_INITIATE;
			entry->retry = now + this->retry_interval;
		}
		if (info && info->exists)
		{
			actions &= ~MG_ACT_INITIATE;
		}
		add_todo(&todos, entry->cfg->key, actions);
	}
	this->lock->unlock(this->lock);

	infos_destroy(infos);
	loaded->destroy(loaded);
	array_destroy_function(keys, (void*)free, NULL);
	execute_todos(todos);
}

/**
 * Current status word of an entry, refreshed from charon
 */
static mg_status_t refresh(private_mguard_control_manager_t *this,
						   char *key)
{
	hashtable_t *infos;
	entry_t *entry;
	mg_status_t status = MG_STATUS_UNKNOWN;
	unsigned actions;
	array_t *todos = NULL;

	infos = gather(key);
	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		actions = update_entry(entry, infos->get(infos, key),
							   time_monotonic(NULL));
		add_todo(&todos, key, actions);
		status = mg_state_status(&entry->state);
	}
	this->lock->unlock(this->lock);
	infos_destroy(infos);
	execute_todos(todos);
	return status;
}

/**
 * synup: start, initiate synchronously, report the outcome
 */
static void synup(private_mguard_control_manager_t *this, char *key,
				  unsigned actions, mguard_control_out_t out, void *data)
{
	sync_log_t log = {
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.out = out,
		.data = data,
	};
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	mg_status_t status;
	status_t result = SUCCESS;
	entry_t *entry;
	bool wait = FALSE;
	u_int waited;

	/* everything but the initiation as usual */
	execute(key, actions & ~MG_ACT_INITIATE);
	status = refresh(this, key);
	this->lock->lock(this->lock);
	entry = find_by_key(this->entries, key);
	if (entry)
	{
		wait = entry->state.startup == MG_STARTUP_WAIT;
		entry->retry = time_monotonic(NULL) + this->retry_interval;
	}
	this->lock->unlock(this->lock);

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	if (status == MG_STATUS_ACTIVE)
	{
		/* nothing to do */
	}
	else if (!peer_cfg)
	{
		sync_log_cb(&log, DBG_CFG, 1, NULL, "connection not loaded in charon");
		result = FAILED;
	}
	else if (wait)
	{	/* the peer initiates: wait for it */
		sync_log_cb(&log, DBG_CFG, 1, NULL, "waiting for the peer to initiate");
		for (waited = 0; waited < this->sync_timeout * 5; waited++)
		{
			if (refresh(this, key) == MG_STATUS_ACTIVE)
			{
				break;
			}
			usleep(200000);
		}
	}
	else
	{
		enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (enumerator->enumerate(enumerator, &child_cfg))
		{
			result = charon->controller->initiate(charon->controller,
						peer_cfg->get_ref(peer_cfg),
						child_cfg->get_ref(child_cfg),
						(controller_cb_t)sync_log_cb, &log,
						this->sync_timeout * 1000, FALSE);
			if (result != SUCCESS)
			{
				break;
			}
		}
		enumerator->destroy(enumerator);
	}
	DESTROY_IF(peer_cfg);

	if (result != SUCCESS)
	{
		this->lock->lock(this->lock);
		entry = find_by_key(this->entries, key);
		if (entry)
		{
			mg_state_set_error(&entry->state, TRUE);
		}
		this->lock->unlock(this->lock);
		sync_log_cb(&log, DBG_CFG, 1, NULL, result == OUT_OF_RES ?
					"not established within the timeout" : "establishing failed");
	}
	status = refresh(this, key);
	log.lock->destroy(log.lock);
	out(data, MGC_LINE_DONE, 0, status == MG_STATUS_ACTIVE ? "active" : "void");
}

/**
 * syndown: stop, terminate synchronously, report the outcome
 */
static void syndown(private_mguard_control_manager_t *this, char *key,
					unsigned actions, mguard_control_out_t out, void *data)
{
	sync_log_t log = {
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
		.out = out,
		.data = data,
	};
	mg_status_t status;

	execute(key, actions & ~MG_ACT_TERMINATE);
	terminate(key, &log, this->sync_timeout);
	log.lock->destroy(log.lock);
	status = refresh(this, key);
	out(data, MGC_LINE_DONE, 0, status == MG_STATUS_ACTIVE ? "active" : "void");
}

/**
 * up, down, synup, syndown, status
 */
static void process_conn(private_mguard_control_manager_t *this,
						 mgc_request_t *req, mguard_control_out_t out,
						 void *data)
{
	mg_result_t result = MG_RESULT_UNCHANGED;
	unsigned actions = MG_ACT_NONE;
	entry_t *entry;
	char *key, *name;
	bool start;

	this->lock->lock(this->lock);
	entry = find_by_name(this, req->arg);
	if (!entry)
	{
		this->lock->unlock(this->lock);
		out(data, MGC_LINE_DONE, 0, "unknown");
		return;
	}
	key = strdupa(entry->cfg->key);
	name = strdupa(entry->cfg->name);
	if (req->verb == MGC_STATUS)
	{
		this->lock->unlock(this->lock);
		out(data, MGC_LINE_DONE, 0,
			(char*)mg_status_name(refresh(this, key)));
		return;
	}
	start = req->verb == MGC_UP || req->verb == MGC_SYNUP;
	if (start)
	{
		result = mg_state_start(&entry->state, MG_CAUSE_CLI,
								time_monotonic(NULL), &actions);
		if (actions & MG_ACT_INITIATE)
		{
			entry->retry = time_monotonic(NULL) + this->retry_interval;
		}
	}
	else
	{
		result = mg_state_stop(&entry->state, MG_CAUSE_CLI, &actions);
		/* tear down whatever is up, even if already Stopped */
		actions |= MG_ACT_TERMINATE;
	}
	if (result == MG_RESULT_CHANGED)
	{
		DBG1(DBG_CFG, "mguard-control: '%s' %s by control request%s",
			 name, start ? "started" : "stopped",
			 start && entry->state.deadline ? ", deactivation timeout armed"
											: "");
	}
	this->lock->unlock(this->lock);

	if (result == MG_RESULT_DISABLED)
	{
		out(data, MGC_LINE_ERROR, 409, "disabled");
		return;
	}
	switch (req->verb)
	{
		case MGC_SYNUP:
			synup(this, key, actions, out, data);
			break;
		case MGC_SYNDOWN:
			syndown(this, key, actions, out, data);
			break;
		default:
			execute(key, actions);
			out(data, MGC_LINE_DONE, 0, "ok");
			break;
	}
}

static void list(private_mguard_control_manager_t *this,
				 mguard_control_out_t out, void *data)
{
	hashtable_t *infos;
	sa_info_t *info;
	entry_t *entry;
	char *line;
	int i;

	infos = gather(NULL);
	this->lock->lock(this->lock);
	for (i = 0; i < array_count(this->entries); i++)
	{
		array_get(this->entries, i, &entry);
		info = infos->get(infos, entry->cfg->key);
		update_entry(entry, info, time_monotonic(NULL));
		if (asprintf(&line, "%s: %N, %s, %u/%u tunnels up", entry->cfg->name,
					 mg_mode_names, entry->state.mode,
					 mg_status_name(mg_state_status(&entry->state)),
					 entry->up, entry->cfg->tunnels) > 0)
		{
			out(data, MGC_LINE_LINE, 0, line);
			free(line);
		}
	}
	this->lock->unlock(this->lock);
	infos_destroy(infos);
	out(data, MGC_LINE_DONE, 0, "ok");
}

/**
 * license: the count of mguard-license, the one it enforces (there is one
 * definition of a connected peer, the license plugin's)
 */
static void license(private_mguard_control_manager_t *this,
					mguard_control_out_t out, void *data)
{
	license_counter_t *counter;
	char line[64];
	u_int allowed;

	counter = lib->get(lib, MGUARD_LICENSE_COUNTER);
	if (!counter)
	{
		out(data, MGC_LINE_ERROR, 503, "mguard-license is not loaded, it "
			"counts the peers");
		return;
	}
	snprintf(line, sizeof(line), "peers connected: %u",
			 counter->get_count(counter));
	out(data, MGC_LINE_LINE, 0, line);
	allowed = counter->get_limit(counter);
	if (allowed)
	{
		snprintf(line, sizeof(line), "peers licensed: %u", allowed);
	}
	else
	{
		snprintf(line, sizeof(line), "peers licensed: unlimited");
	}
	out(data, MGC_LINE_LINE, 0, line);
	out(data, MGC_LINE_DONE, 0, "ok");
}

/**
 * A text message: "vpn/start TOKEN" or "vpn/stop TOKEN"
 */
static void sms(private_mguard_control_manager_t *this, char *body,
				mguard_control_out_t out, void *data)
{
	array_t *todos = NULL;
	entry_t *entry;
	const char *error;
	char *token;
	unsigned actions;
	bool start, found = FALSE;
	int i;

	if (!mguard_control_sms_parse(body, &start, &token, &error))
	{
		out(data, MGC_LINE_ERROR, 400, (char*)error);
		return;
	}
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
			if (mg_state_start(&entry->state, MG_CAUSE_SMS,
							   time_monotonic(NULL), &actions) ==
				MG_RESULT_CHANGED)
			{
				DBG1(DBG_CFG, "mguard-control: '%s' started by text message",
					 entry->cfg->name);
			}
		}
		else if (mg_state_stop(&entry->state, MG_CAUSE_SMS, &actions) ==
				 MG_RESULT_CHANGED)
		{
			DBG1(DBG_CFG, "mguard-control: '%s' stopped by text message",
				 entry->cfg->name);
		}
		add_todo(&todos, entry->cfg->key, actions);
	}
	this->lock->unlock(this->lock);
	execute_todos(todos);
	out(data, MGC_LINE_DONE, 0, found ? "ok" : "unknown");
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
	mg_inputs_cfg_t inputs;
	mg_conn_cfg_t **new;
	entry_t *entry, **old;
	char *model;
	u_int peers, kept = 0;
	int i, n_old, n_new;

	model = lib->settings->get_str(lib->settings,
								   "%s.plugins.mguard-control.model",
								   MGUARD_DEFAULT_MODEL, lib->ns);
	if (!mg_model_read(model, &conns, &peers, &inputs))
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
			add_todo(&todos, running[change.old].cfg->key, change.actions);
		}
		if (change.new < 0)
		{
			continue;
		}
		if (change.keep)
		{	/* unchanged: keeps mode, timeout and SAs */
			entry = old[change.old];
			old[change.old] = NULL;
			mg_conn_cfg_destroy(new[change.new]);
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
	mg_inputs_cfg_clear(&inputs);
	DBG1(DBG_CFG, "mguard-control: %u connections from %s (%u unchanged)",
		 array_count(entries), model, kept);
	this->lock->unlock(this->lock);

	array_destroy(conns);
	execute_todos(todos);
	return TRUE;
}

METHOD(mguard_control_manager_t, reload, bool,
	private_mguard_control_manager_t *this)
{
	return load(this, FALSE);
}

METHOD(mguard_control_manager_t, process, void,
	private_mguard_control_manager_t *this, mgc_request_t *req,
	mguard_control_out_t out, void *data)
{
	switch (req->verb)
	{
		case MGC_UP:
		case MGC_DOWN:
		case MGC_STATUS:
		case MGC_SYNUP:
		case MGC_SYNDOWN:
			process_conn(this, req, out, data);
			break;
		case MGC_LIST:
			list(this, out, data);
			break;
		case MGC_LICENSE:
			license(this, out, data);
			break;
		case MGC_RELOAD:
			if (reload(this))
			{
				out(data, MGC_LINE_DONE, 0, "ok");
			}
			else
			{
				out(data, MGC_LINE_ERROR, 500, "model invalid, kept the "
					"previous one (see charon's log)");
			}
			break;
		case MGC_SMS:
			sms(this, req->arg, out, data);
			break;
		default:
			out(data, MGC_LINE_ERROR, 400, "unknown command");
			break;
	}
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
		refuse = entry->state.mode != MG_MODE_STARTED;
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
		mg_state_set_error(&entry->state, TRUE);
	}
	this->lock->unlock(this->lock);
}

METHOD(mguard_control_manager_t, destroy, void,
	private_mguard_control_manager_t *this)
{
	int n;

	for (n = 0; n < 3; n++)
	{
		if (this->inputs[n].fd != -1)
		{
			close(this->inputs[n].fd);
		}
		free(this->inputs[n].source);
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
			.process = _process,
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
		.sync_timeout = lib->settings->get_int(lib->settings,
							"%s.plugins.mguard-control.sync_timeout", 30,
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
