/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_tranche_pool.h"

#include <collections/array.h>
#include <collections/hashtable.h>

typedef struct private_mguard_tranche_pool_t private_mguard_tranche_pool_t;
typedef struct lease_t lease_t;

/**
 * A tranche leased to an identity
 */
struct lease_t {
	/** index of the tranche in the pool */
	uint64_t index;
	/** identity holding it */
	char *id;
	/** uses online, 0 = offline */
	u_int online;
	/** when it went offline (sequence number), for reuse in that order */
	uint64_t since;
};

/**
 * Private data of a mguard_tranche_pool_t object.
 */
struct private_mguard_tranche_pool_t {

	/**
	 * Public interface
	 */
	mguard_tranche_pool_t public;

	/**
	 * Pool name
	 */
	char *name;

	/**
	 * Pool network address
	 */
	uint32_t base;

	/**
	 * Pool prefix length
	 */
	uint8_t prefix;

	/**
	 * Tranche prefix length
	 */
	uint8_t tranche;

	/**
	 * First and last index that may be leased
	 */
	uint64_t first, last;

	/**
	 * lease_t*, sorted by index
	 */
	array_t *leases;

	/**
	 * identity (char*) => lease_t*
	 */
	hashtable_t *ids;

	/**
	 * Every index below it was leased once (leases are never dropped)
	 */
	uint64_t cursor;

	/**
	 * Sequence of releases
	 */
	uint64_t seq;

	/**
	 * Changes to the leases the state file keeps
	 */
	u_int changes;
};

/*
 * Described in header
 */
uint32_t mguard_tranche_mask(uint8_t prefix)
{
	return prefix ? 0xffffffffu << (32 - min(prefix, 32)) : 0;
}

/*
 * Described in header
 */
uint32_t mguard_tranche_address(uint32_t net, uint8_t tranche)
{
	return tranche >= 31 ? net : net + 1;
}

/**
 * Network address of a tranche index
 */
static uint32_t net_of(private_mguard_tranche_pool_t *this, uint64_t index)
{
	return this->base + (uint32_t)(index << (32 - this->tranche));
}

/**
 * Tranche index of an address inside the pool
 */
static uint64_t index_of(private_mguard_tranche_pool_t *this, uint32_t addr)
{
	return ((uint64_t)(uint32_t)(addr - this->base)) >> (32 - this->tranche);
}

METHOD(mguard_tranche_pool_t, get_name, const char*,
	private_mguard_tranche_pool_t *this)
{
	return this->name;
}

METHOD(mguard_tranche_pool_t, get_tranche, uint8_t,
	private_mguard_tranche_pool_t *this)
{
	return this->tranche;
}

METHOD(mguard_tranche_pool_t, get_changes, u_int,
	private_mguard_tranche_pool_t *this)
{
	return this->changes;
}

METHOD(mguard_tranche_pool_t, get_size, uint64_t,
	private_mguard_tranche_pool_t *this)
{
	return this->last - this->first + 1;
}

METHOD(mguard_tranche_pool_t, contains, bool,
	private_mguard_tranche_pool_t *this, uint32_t addr)
{
	return (addr & mguard_tranche_mask(this->prefix)) == this->base;
}

/**
 * Lease of an identity
 */
static lease_t *find_id(private_mguard_tranche_pool_t *this, const char *id)
{
	return this->ids->get(this->ids, id);
}

/**
 * Position of the first lease with an index >= index (binary search)
 */
static int lower_bound(private_mguard_tranche_pool_t *this, uint64_t index)
{
	int lo = 0, hi = array_count(this->leases), mid;
	lease_t *lease;

	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		array_get(this->leases, mid, &lease);
		if (lease->index < index)
		{
			lo = mid + 1;
		}
		else
		{
			hi = mid;
		}
	}
	return lo;
}

/**
 * Lease of a tranche index
 */
static lease_t *find_index(private_mguard_tranche_pool_t *this,
						   uint64_t index)
{
	lease_t *lease;

	if (array_get(this->leases, lower_bound(this, index), &lease) &&
		lease->index == index)
	{
		return lease;
	}
	return NULL;
}

/**
 * Insert a new lease, keeping the order by index
 */
static lease_t *insert(private_mguard_tranche_pool_t *this, uint64_t index,
					   const char *id, u_int online)
{
	lease_t *lease;

	INIT(lease,
		.index = index,
		.id = strdup(id),
		.online = online,
		.since = online ? 0 : ++this->seq,
	);
	array_insert(this->leases, lower_bound(this, index), lease);
	this->ids->put(this->ids, lease->id, lease);
	this->changes++;
	return lease;
}

/**
 * The smallest index never leased, FALSE if there is none
 */
static bool free_index(private_mguard_tranche_pool_t *this, uint64_t *index)
{
	while (this->cursor <= this->last && find_index(this, this->cursor))
	{
		this->cursor++;
	}
	if (this->cursor > this->last)
	{
		return FALSE;
	}
	*index = this->cursor;
	return TRUE;
}

METHOD(mguard_tranche_pool_t, acquire, bool,
	private_mguard_tranche_pool_t *this, const char *id, uint32_t *net)
{
	lease_t *lease, *oldest = NULL;
	uint64_t index;
	int i;

	lease = find_id(this, id);
	if (lease)
	{
		lease->online++;
		*net = net_of(this, lease->index);
		return TRUE;
	}
	if (free_index(this, &index))
	{
		lease = insert(this, index, id, 1);
		*net = net_of(this, lease->index);
		return TRUE;
	}
	/* every tranche was leased once: take the one offline longest */
	for (i = 0; i < array_count(this->leases); i++)
	{
		array_get(this->leases, i, &lease);
		if (!lease->online && (!oldest || lease->since < oldest->since))
		{
			oldest = lease;
		}
	}
	if (!oldest)
	{
		return FALSE;
	}
	this->ids->remove(this->ids, oldest->id);
	free(oldest->id);
	oldest->id = strdup(id);
	this->ids->put(this->ids, oldest->id, oldest);
	this->changes++;
	oldest->online = 1;
	oldest->since = 0;
	*net = net_of(this, oldest->index);
	return TRUE;
}

METHOD(mguard_tranche_pool_t, release, bool,
	private_mguard_tranche_pool_t *this, uint32_t addr, const char *id)
{
	lease_t *lease;

	if (!contains(this, addr))
	{
		return FALSE;
	}
	lease = find_index(this, index_of(this, addr));
	if (!lease || !lease->online || !streq(lease->id, id))
	{
		return FALSE;
	}
	if (--lease->online == 0)
	{
		lease->since = ++this->seq;
	}
	return TRUE;
}

METHOD(mguard_tranche_pool_t, restore, bool,
	private_mguard_tranche_pool_t *this, uint32_t net, uint8_t prefix,
	const char *id, const char **error)
{
	uint64_t index;

	if (prefix != this->tranche)
	{
		*error = "the tranche size differs from the pool's";
		return FALSE;
	}
	if (!contains(this, net))
	{
		*error = "the network is outside the pool";
		return FALSE;
	}
	if (net & ~mguard_tranche_mask(prefix))
	{
		*error = "the network address has host bits set";
		return FALSE;
	}
	index = index_of(this, net);
	if (index < this->first || index > this->last)
	{
		*error = "the address is the pool's network or broadcast address";
		return FALSE;
	}
	if (!*id)
	{
		*error = "the identity is empty";
		return FALSE;
	}
	if (find_index(this, index))
	{
		*error = "the tranche is leased twice";
		return FALSE;
	}
	if (find_id(this, id))
	{
		*error = "the identity holds another tranche";
		return FALSE;
	}
	insert(this, index, id, 0);
	return TRUE;
}

METHOD(mguard_tranche_pool_t, get_lease, bool,
	private_mguard_tranche_pool_t *this, u_int i, uint32_t *net,
	const char **id, u_int *online)
{
	lease_t *lease;

	if (!array_get(this->leases, i, &lease))
	{
		return FALSE;
	}
	*net = net_of(this, lease->index);
	*id = lease->id;
	if (online)
	{
		*online = lease->online;
	}
	return TRUE;
}

/**
 * Destroy a lease
 */
static void lease_destroy(lease_t *lease, int idx, void *user)
{
	free(lease->id);
	free(lease);
}

METHOD(mguard_tranche_pool_t, destroy, void,
	private_mguard_tranche_pool_t *this)
{
	this->ids->destroy(this->ids);
	array_destroy_function(this->leases, (void*)lease_destroy, NULL);
	free(this->name);
	free(this);
}

/*
 * Described in header
 */
mguard_tranche_pool_t *mguard_tranche_pool_create(const char *name,
												  uint32_t base, uint8_t prefix,
												  uint8_t tranche)
{
	private_mguard_tranche_pool_t *this;
	uint64_t count;

	if (prefix > 32 || tranche > 32 || tranche < prefix)
	{
		return NULL;
	}
	count = (uint64_t)1 << (tranche - prefix);
	INIT(this,
		.public = {
			.get_name = _get_name,
			.get_tranche = _get_tranche,
			.contains = _contains,
			.acquire = _acquire,
			.release = _release,
			.restore = _restore,
			.get_lease = _get_lease,
			.get_changes = _get_changes,
			.get_size = _get_size,
			.destroy = _destroy,
		},
		.name = strdup(name),
		.base = base & mguard_tranche_mask(prefix),
		.prefix = prefix,
		.tranche = tranche,
		.last = count - 1,
		.leases = array_create(0, 0),
		.ids = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32),
	);
	if (tranche == 32 && prefix <= 30)
	{	/* single addresses: not the network's own and broadcast address */
		this->first = 1;
		this->last = count - 2;
	}
	this->cursor = this->first;
	return &this->public;
}
