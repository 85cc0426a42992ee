/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_actions.h"
#include "mguard_control_sas.h"

#include <mguard_log_line.h>

#include <daemon.h>
#include <collections/array.h>

/**
 * Actions to carry out for a connection, outside the manager's lock
 */
typedef struct {
	char *key;
	unsigned actions;
} todo_t;

/**
 * Controller callback streaming log lines of level 1 (like swanctl); runs
 * on the IKE_SA's thread: out only queues the line, the socket writes it
 */
bool mguard_control_sync_log(mguard_control_sync_log_t *log, debug_t group,
							 level_t level, ike_sa_t *ike_sa,
							 const char *message)
{
	char line[1024];

	if (level <= MGUARD_LOG_LINE_LEVEL)
	{
		mguard_log_line(line, sizeof(line), group, message);
		log->lock->lock(log->lock);
		log->out(log->data, MGC_LINE_LOG, 0, line);
		log->lock->unlock(log->lock);
	}
	return TRUE;
}

/**
 * Terminate the SAs of a connection; synchronously if log is given. Its own
 * IKE_SAs go as a whole unless they carry CHILD_SAs of other connections;
 * then, and in other connections' IKE_SAs, only its CHILD_SAs go.
 */
/**
 * What mguard_control_terminate() finds to terminate
 */
typedef struct {
	/** connection */
	char *key;
	/** IKE_SAs to terminate as a whole */
	array_t *ikes;
	/** CHILD_SAs to terminate on their own */
	array_t *childs;
	/** the connection's CHILD_SAs in the current IKE_SA */
	array_t *mine;
	/** the current IKE_SA carries CHILD_SAs of other connections */
	bool others;
} doomed_t;

static void find_doomed(doomed_t *doomed, ike_sa_t *ike_sa,
						child_sa_t *child_sa, char *owner)
{
	uint32_t id;

	if (child_sa)
	{
		if (streq(owner, doomed->key))
		{
			id = child_sa->get_unique_id(child_sa);
			array_insert_create_value(&doomed->mine, sizeof(id), ARRAY_TAIL,
									  &id);
		}
		else
		{
			doomed->others = TRUE;
		}
		return;
	}
	if (streq(owner, doomed->key) && !doomed->others)
	{
		id = ike_sa->get_unique_id(ike_sa);
		array_insert_create_value(&doomed->ikes, sizeof(id), ARRAY_TAIL, &id);
	}
	else
	{
		while (array_remove(doomed->mine, ARRAY_HEAD, &id))
		{
			array_insert_create_value(&doomed->childs, sizeof(id),
									  ARRAY_TAIL, &id);
		}
	}
	array_destroy(doomed->mine);
	doomed->mine = NULL;
	doomed->others = FALSE;
}

void mguard_control_terminate(char *key, mguard_control_sync_log_t *log,
							  u_int timeout)
{
	doomed_t doomed = {
		.key = key,
	};
	array_t *ikes, *childs;
	controller_cb_t cb;
	uint32_t id;

	mguard_control_sas_walk((mguard_control_sas_cb_t)find_doomed, &doomed);
	ikes = doomed.ikes;
	childs = doomed.childs;

	cb = log ? (controller_cb_t)mguard_control_sync_log : NULL;
	while (array_remove(ikes, ARRAY_HEAD, &id))
	{
		DBG1(DBG_CFG, "mguard-control: terminating IKE_SA #%u of '%s'",
			 id, key);
		charon->controller->terminate_ike(charon->controller, id, FALSE,
							cb, log, log ? timeout * 1000 : 0);
	}
	while (array_remove(childs, ARRAY_HEAD, &id))
	{
		DBG1(DBG_CFG, "mguard-control: terminating CHILD_SA #%u of '%s' (in "
			 "an IKE_SA shared with another connection)", id, key);
		charon->controller->terminate_child(charon->controller, id,
							cb, log, log ? timeout * 1000 : 0);
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
void mguard_control_execute(char *key, unsigned actions)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;

	if (actions & MGUARD_CONTROL_ACT_TERMINATE)
	{
		mguard_control_terminate(key, NULL, 0);
	}
	if (!(actions & (MGUARD_CONTROL_ACT_UNTRAP | MGUARD_CONTROL_ACT_TRAP |
					 MGUARD_CONTROL_ACT_INITIATE)))
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
		if (actions & MGUARD_CONTROL_ACT_UNTRAP)
		{
			charon->traps->uninstall(charon->traps, key,
									 child_cfg->get_name(child_cfg));
		}
		if ((actions & MGUARD_CONTROL_ACT_TRAP) &&
			!is_trapped(key, child_cfg->get_name(child_cfg)))
		{	/* not twice: replacing a trap drops its route (libipsec) */
			DBG1(DBG_CFG, "mguard-control: installing trap for '%s'",
				 child_cfg->get_name(child_cfg));
			charon->traps->install(charon->traps, peer_cfg, child_cfg);
		}
		if (actions & MGUARD_CONTROL_ACT_INITIATE)
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

void mguard_control_todos_execute(array_t *todos)
{
	todo_t todo;

	while (array_remove(todos, ARRAY_HEAD, &todo))
	{
		mguard_control_execute(todo.key, todo.actions);
		free(todo.key);
	}
	array_destroy(todos);
}

void mguard_control_todo_add(array_t **todos, char *key, unsigned actions)
{
	todo_t todo = {
		.key = strdup(key),
		.actions = actions,
	};

	if (actions & (MGUARD_CONTROL_ACT_INITIATE | MGUARD_CONTROL_ACT_TRAP |
				   MGUARD_CONTROL_ACT_UNTRAP | MGUARD_CONTROL_ACT_TERMINATE))
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
bool mguard_control_is_loaded(char *key)
{
	peer_cfg_t *peer_cfg;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	DESTROY_IF(peer_cfg);
	return peer_cfg != NULL;
}
