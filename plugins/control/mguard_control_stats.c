/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_stats.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_mguard_control_stats_t private_mguard_control_stats_t;

struct private_mguard_control_stats_t {

	/**
	 * Public interface
	 */
	mguard_control_stats_t public;

	/**
	 * connection name (owned) -> mguard_control_counts_t*
	 */
	hashtable_t *counts;

	/**
	 * Protects counts
	 */
	mutex_t *lock;
};

/**
 * The counters of a connection, created on first use; call with the lock
 */
static mguard_control_counts_t *counts_of(private_mguard_control_stats_t *this,
										  char *key)
{
	mguard_control_counts_t *counts;

	counts = this->counts->get(this->counts, key);
	if (!counts)
	{
		INIT(counts);
		this->counts->put(this->counts, strdup(key), counts);
	}
	return counts;
}

/**
 * The connection that owns a child config: the IKE_SA's own connection if
 * it has one of that name, else the first loaded connection that does
 * (rekeyings are rare, a walk over the configs is fine)
 */
static char *owner_of(char *child)
{
	enumerator_t *enumerator, *children;
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	char *owner = NULL;

	enumerator = charon->backends->create_peer_cfg_enumerator(
							charon->backends, NULL, NULL, NULL, NULL, IKE_ANY);
	while (!owner && enumerator->enumerate(enumerator, &peer_cfg))
	{
		children = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (children->enumerate(children, &child_cfg))
		{
			if (streq(child_cfg->get_name(child_cfg), child))
			{
				owner = strdup(peer_cfg->get_name(peer_cfg));
				break;
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	return owner;
}

/**
 * Count a rekeying or a failure for a connection
 */
static void count(private_mguard_control_stats_t *this, char *key, bool rekey)
{
	mguard_control_counts_t *counts;

	this->lock->lock(this->lock);
	counts = counts_of(this, key);
	if (rekey)
	{
		counts->rekeys++;
	}
	else
	{
		counts->failed++;
	}
	this->lock->unlock(this->lock);
}

METHOD(listener_t, ike_rekey, bool,
	private_mguard_control_stats_t *this, ike_sa_t *old, ike_sa_t *new)
{
	peer_cfg_t *peer_cfg = old->get_peer_cfg(old);

	if (peer_cfg)
	{
		count(this, peer_cfg->get_name(peer_cfg), TRUE);
	}
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_mguard_control_stats_t *this, ike_sa_t *ike_sa,
	child_sa_t *old, child_sa_t *new)
{
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;
	char *owner = NULL;

	if (peer_cfg)
	{	/* the common case first: the IKE_SA's own connection */
		enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (enumerator->enumerate(enumerator, &child_cfg))
		{
			if (streq(child_cfg->get_name(child_cfg), old->get_name(old)))
			{
				owner = strdup(peer_cfg->get_name(peer_cfg));
				break;
			}
		}
		enumerator->destroy(enumerator);
	}
	if (!owner)
	{
		owner = owner_of(old->get_name(old));
	}
	if (owner)
	{
		count(this, owner, TRUE);
		free(owner);
	}
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_mguard_control_stats_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	peer_cfg_t *peer_cfg;

	if (state == IKE_DESTROYING &&
		!ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED))
	{
		peer_cfg = ike_sa->get_peer_cfg(ike_sa);
		if (peer_cfg)
		{
			count(this, peer_cfg->get_name(peer_cfg), FALSE);
		}
	}
	return TRUE;
}

METHOD(mguard_control_stats_t, get, mguard_control_counts_t,
	private_mguard_control_stats_t *this, char *key)
{
	mguard_control_counts_t *counts, result = {};

	this->lock->lock(this->lock);
	counts = this->counts->get(this->counts, key);
	if (counts)
	{
		result = *counts;
	}
	this->lock->unlock(this->lock);
	return result;
}

METHOD(mguard_control_stats_t, destroy, void,
	private_mguard_control_stats_t *this)
{
	enumerator_t *enumerator;
	mguard_control_counts_t *counts;
	char *key;

	enumerator = this->counts->create_enumerator(this->counts);
	while (enumerator->enumerate(enumerator, &key, &counts))
	{
		free(key);
		free(counts);
	}
	enumerator->destroy(enumerator);
	this->counts->destroy(this->counts);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
mguard_control_stats_t *mguard_control_stats_create()
{
	private_mguard_control_stats_t *this;

	INIT(this,
		.public = {
			.listener = {
				.ike_rekey = _ike_rekey,
				.child_rekey = _child_rekey,
				.ike_state_change = _ike_state_change,
			},
			.get = _get,
			.destroy = _destroy,
		},
		.counts = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8),
		.lock = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
