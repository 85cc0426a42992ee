/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_dyndns.h"
#include "mguard_control_sas.h"
#include "mguard_control_timer.h"

#include <ctype.h>
#include <netdb.h>
#include <sys/socket.h>

#include <daemon.h>
#include <collections/hashtable.h>

typedef struct private_mguard_control_dyndns_t private_mguard_control_dyndns_t;

struct private_mguard_control_dyndns_t {

	/**
	 * Public interface
	 */
	mguard_control_dyndns_t public;

	/**
	 * The connections' modes
	 */
	mguard_control_manager_t *manager;

	/**
	 * Runs check() every second
	 */
	mguard_control_timer_t *timer;

	/**
	 * global.dyndns.watch as the last check saw it
	 */
	bool watch;

	/**
	 * Monotonic time of the next check
	 */
	time_t next;

	/**
	 * Connections this watch marked in error (key => key), used by the
	 * checks only (one at a time)
	 */
	hashtable_t *unresolved;
};

/**
 * An IKE_SA of the connection and its peer's address
 */
typedef struct {
	uint32_t id;
	host_t *other;
} peer_sa_t;

typedef struct {
	char *key;
	array_t *sas;
} sas_of_t;

static void collect_sa(sas_of_t *data, ike_sa_t *ike_sa, child_sa_t *child_sa,
					   char *owner)
{
	peer_sa_t sa;

	/* an IKE_SA the peer initiated came from wherever it is: only those we
	 * initiated went to the address of the name */
	if (!child_sa && streq(owner, data->key) &&
		ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR))
	{
		sa = (peer_sa_t){
			.id = ike_sa->get_unique_id(ike_sa),
			.other = ike_sa->get_other_host(ike_sa)->clone(
										ike_sa->get_other_host(ike_sa)),
		};
		array_insert_create_value(&data->sas, sizeof(sa), ARRAY_TAIL, &sa);
	}
}

static bool has_letter(char *s)
{
	for (; *s; s++)
	{
		if (isalpha((unsigned char)*s))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * The peer's host name of a loaded connection, NULL if it has an address
 * (or a range, a subnet, %any, several) or is not loaded
 */
static char *gateway_name(char *key, int *family)
{
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	host_t *host;
	char *other, *name = NULL;

	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends, key);
	if (!peer_cfg)
	{
		return NULL;
	}
	ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	other = ike_cfg->get_other_addr(ike_cfg);
	/* ranges, subnets, lists, %any and IPv6 addresses have no letters or
	 * one of these characters */
	if (other && !strpbrk(other, ",%/: ") && has_letter(other))
	{
		host = host_create_from_string(other, 0);
		if (host)
		{
			host->destroy(host);
		}
		else
		{
			name = strdup(other);
			/* as charon resolves it for a new IKE_SA */
			*family = ike_cfg_get_family(ike_cfg, TRUE);
		}
	}
	peer_cfg->destroy(peer_cfg);
	return name;
}

/**
 * All addresses of a name (blocks this thread, no lock held)
 */
static array_t *resolve(char *name, int family)
{
	struct addrinfo hints = {
		.ai_family = family,
		.ai_socktype = SOCK_DGRAM,
	}, *res, *ai;
	array_t *addrs = NULL;
	host_t *host;

	if (getaddrinfo(name, NULL, &hints, &res) != 0)
	{
		return NULL;
	}
	for (ai = res; ai; ai = ai->ai_next)
	{
		host = host_create_from_sockaddr(ai->ai_addr);
		if (host)
		{
			array_insert_create(&addrs, ARRAY_TAIL, host);
		}
	}
	freeaddrinfo(res);
	return addrs;
}

static bool resolves_to(array_t *addrs, host_t *host)
{
	host_t *addr;
	int i;

	for (i = 0; i < array_count(addrs); i++)
	{
		array_get(addrs, i, &addr);
		if (addr->ip_equals(addr, host))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * The name does not resolve: void until it does
 */
static void unresolved(private_mguard_control_dyndns_t *this, char *key,
					   char *name)
{
	if (!this->unresolved->get(this->unresolved, key))
	{
		DBG1(DBG_CFG, "mguard-control: gateway %s of '%s' does not resolve, "
			 "void until it does", name, key);
		key = strdup(key);
		this->unresolved->put(this->unresolved, key, key);
	}
	this->manager->set_error(this->manager, key);
}

/**
 * Follow the name of one connection's peer
 */
static void check_one(private_mguard_control_dyndns_t *this, char *key)
{
	sas_of_t sas = {
		.key = key,
	};
	array_t *addrs;
	peer_sa_t sa;
	host_t *addr;
	char *name, *marked;
	int family = AF_UNSPEC;

	name = gateway_name(key, &family);
	if (!name)
	{
		return;
	}
	addrs = resolve(name, family);
	if (!addrs)
	{
		unresolved(this, key, name);
		free(name);
		return;
	}
	marked = this->unresolved->remove(this->unresolved, key);
	if (marked)
	{
		array_get(addrs, ARRAY_HEAD, &addr);
		DBG1(DBG_CFG, "mguard-control: gateway %s of '%s' resolves again "
			 "(%H)", name, key, addr);
		this->manager->clear_error(this->manager, key);
		free(marked);
	}
	mguard_control_sas_walk((mguard_control_sas_cb_t)collect_sa, &sas);
	while (array_remove(sas.sas, ARRAY_HEAD, &sa))
	{
		if (!resolves_to(addrs, sa.other))
		{
			array_get(addrs, ARRAY_HEAD, &addr);
			DBG1(DBG_CFG, "mguard-control: gateway %s of '%s' resolves to "
				 "%H, IKE_SA #%u is with %H: re-establishing", name, key,
				 addr, sa.id, sa.other);
			/* the old peer is gone: do not wait for its answer */
			charon->controller->terminate_ike(charon->controller, sa.id,
											  TRUE, NULL, NULL, 0);
		}
		sa.other->destroy(sa.other);
	}
	array_destroy(sas.sas);
	array_destroy_offset(addrs, offsetof(host_t, destroy));
	free(name);
}

/**
 * Every second (a processor thread, no lock held): the checks when due
 */
static void check(private_mguard_control_dyndns_t *this)
{
	array_t *keys;
	char *key;
	time_t now = time_monotonic(NULL);
	u_int interval;
	bool watch;

	this->manager->get_dyndns(this->manager, &watch, &interval);
	if (watch != this->watch)
	{
		if (watch)
		{
			DBG1(DBG_CFG, "mguard-control: watching the host names of peers "
				 "every %us", interval);
		}
		else
		{
			DBG1(DBG_CFG, "mguard-control: no longer watching the host names "
				 "of peers");
		}
		this->watch = watch;
		this->next = now;
	}
	if (!watch || now < this->next)
	{
		return;
	}
	this->next = now + interval;
	keys = this->manager->create_initiators(this->manager);
	while (array_remove(keys, ARRAY_HEAD, &key))
	{
		check_one(this, key);
		free(key);
	}
	array_destroy(keys);
}

METHOD(mguard_control_dyndns_t, destroy, void,
	private_mguard_control_dyndns_t *this)
{
	this->timer->destroy(this->timer);
	this->unresolved->destroy_function(this->unresolved, (void*)free);
	free(this);
}

/*
 * Described in header
 */
mguard_control_dyndns_t *mguard_control_dyndns_create(
		mguard_control_manager_t *manager)
{
	private_mguard_control_dyndns_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.manager = manager,
		.unresolved = hashtable_create(hashtable_hash_str,
									   hashtable_equals_str, 8),
	);
	this->timer = mguard_control_timer_create(1000, (void*)check, this);
	return &this->public;
}
