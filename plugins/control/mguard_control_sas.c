/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_sas.h"

#include <daemon.h>

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
static char *owner_of(peer_cfg_t *peer_cfg, child_sa_t *child_sa,
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

static mguard_control_sa_info_t *get_info(hashtable_t *infos, char *name)
{
	mguard_control_sa_info_t *info;

	info = infos->get(infos, name);
	if (!info)
	{
		INIT(info);
		infos->put(infos, strdup(name), info);
	}
	return info;
}

/*
 * Described in header
 */
void mguard_control_sas_walk(mguard_control_sas_cb_t cb, void *data)
{
	enumerator_t *enumerator, *children;
	hashtable_t *owners = NULL;
	ike_sa_t *ike_sa;
	child_sa_t *child_sa;
	peer_cfg_t *peer_cfg;

	enumerator = charon->controller->create_ike_sa_enumerator(
													charon->controller, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (!peer_cfg)
		{
			continue;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			cb(data, ike_sa, child_sa,
			   owner_of(peer_cfg, child_sa, &owners));
		}
		children->destroy(children);
		cb(data, ike_sa, NULL, peer_cfg->get_name(peer_cfg));
	}
	enumerator->destroy(enumerator);
	owners_destroy(owners);
}

/**
 * What mguard_control_sas_gather() collects
 */
typedef struct {
	/** only this connection, NULL for all */
	char *key;
	/** name => mguard_control_sa_info_t */
	hashtable_t *infos;
	/** connections to count bytes of, NULL for all */
	hashtable_t *traffic;
} gather_t;

static void gather_one(gather_t *gather, ike_sa_t *ike_sa,
					   child_sa_t *child_sa, char *owner)
{
	mguard_control_sa_info_t *info;
	uint64_t bytes;
	time_t use;

	if (gather->key && !streq(gather->key, owner))
	{
		return;
	}
	info = get_info(gather->infos, owner);
	info->exists = TRUE;
	if (!child_sa || child_sa->get_state(child_sa) != CHILD_INSTALLED)
	{
		return;
	}
	info->up++;
	if (gather->traffic && !gather->traffic->get(gather->traffic, owner))
	{
		return;
	}
	child_sa->get_usestats(child_sa, TRUE, &use, &bytes, NULL);
	info->bytes += bytes;
	child_sa->get_usestats(child_sa, FALSE, &use, &bytes, NULL);
	info->bytes += bytes;
}

/*
 * Described in header
 */
hashtable_t *mguard_control_sas_gather(char *key, hashtable_t *traffic)
{
	gather_t gather = {
		.key = key,
		.traffic = traffic,
		.infos = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								  32),
	};

	mguard_control_sas_walk((mguard_control_sas_cb_t)gather_one, &gather);
	return gather.infos;
}

void mguard_control_sas_destroy(hashtable_t *infos)
{
	enumerator_t *enumerator;
	mguard_control_sa_info_t *info;
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
