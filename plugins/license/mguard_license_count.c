/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_license_count.h"

#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_mguard_license_counter_t private_mguard_license_counter_t;

/**
 * A connected peer and the number of its IKE_SAs.
 */
typedef struct {
	char *name;
	u_int sas;
} peer_entry_t;

struct private_mguard_license_counter_t {

	/**
	 * Public interface.
	 */
	mguard_license_counter_t public;

	/**
	 * Connected peers: name => peer_entry_t.
	 */
	hashtable_t *peers;

	/**
	 * Admitted IKE_SAs: unique ID => peer_entry_t (not owned).
	 */
	hashtable_t *sas;

	/**
	 * Peers allowed, 0 = unlimited.
	 */
	u_int limit;

	/**
	 * Guards everything above.
	 */
	mutex_t *mutex;
};

/** IKE_SA unique IDs are never 0, so they serve directly as keys */
#define SA_KEY(id) ((void*)(uintptr_t)(id))

/**
 * Drop one IKE_SA from its peer, removing the peer with its last IKE_SA.
 * Returns the removed peer (to be freed by the caller) or NULL.
 */
static peer_entry_t *detach_sa(private_mguard_license_counter_t *this,
							   uint32_t sa)
{
	peer_entry_t *peer;

	peer = this->sas->remove(this->sas, SA_KEY(sa));
	if (!peer || --peer->sas > 0)
	{
		return NULL;
	}
	this->peers->remove(this->peers, peer->name);
	return peer;
}

static void peer_destroy(peer_entry_t *peer)
{
	if (peer)
	{
		free(peer->name);
		free(peer);
	}
}

METHOD(mguard_license_counter_t, admit, mguard_license_verdict_t,
	private_mguard_license_counter_t *this, const char *name, uint32_t sa,
	u_int *count)
{
	mguard_license_verdict_t verdict = MGUARD_LICENSE_ADMITTED_KNOWN;
	peer_entry_t *peer, *old;

	this->mutex->lock(this->mutex);
	old = this->sas->get(this->sas, SA_KEY(sa));
	if (old && streq(old->name, name))
	{	/* e.g. another authentication round of the same IKE_SA */
		*count = this->peers->get_count(this->peers);
		this->mutex->unlock(this->mutex);
		return MGUARD_LICENSE_ADMITTED_KNOWN;
	}
	/* an IKE_SA that changes its identity gives up the old peer first, so
	 * that it may take the freed place */
	peer_destroy(detach_sa(this, sa));

	peer = this->peers->get(this->peers, name);
	if (!peer)
	{
		if (this->limit && this->peers->get_count(this->peers) >= this->limit)
		{
			*count = this->peers->get_count(this->peers);
			this->mutex->unlock(this->mutex);
			return MGUARD_LICENSE_REFUSED;
		}
		INIT(peer,
			.name = strdup(name),
		);
		this->peers->put(this->peers, peer->name, peer);
		verdict = MGUARD_LICENSE_ADMITTED_NEW;
	}
	peer->sas++;
	this->sas->put(this->sas, SA_KEY(sa), peer);
	*count = this->peers->get_count(this->peers);
	this->mutex->unlock(this->mutex);
	return verdict;
}

METHOD(mguard_license_counter_t, inherit, bool,
	private_mguard_license_counter_t *this, uint32_t old, uint32_t new)
{
	peer_entry_t *peer, *replaced;

	this->mutex->lock(this->mutex);
	peer = this->sas->get(this->sas, SA_KEY(old));
	if (!peer || old == new)
	{
		this->mutex->unlock(this->mutex);
		return peer != NULL;
	}
	replaced = this->sas->get(this->sas, SA_KEY(new));
	if (replaced != peer)
	{
		peer->sas++;
		/* cannot remove the last reference of peer, it holds old */
		peer_destroy(detach_sa(this, new));
		this->sas->put(this->sas, SA_KEY(new), peer);
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(mguard_license_counter_t, release, bool,
	private_mguard_license_counter_t *this, uint32_t sa, char **name,
		u_int *count)
{
	peer_entry_t *peer;
	bool found;

	if (name)
	{
		*name = NULL;
	}
	this->mutex->lock(this->mutex);
	found = this->sas->get(this->sas, SA_KEY(sa)) != NULL;
	peer = detach_sa(this, sa);
	*count = this->peers->get_count(this->peers);
	this->mutex->unlock(this->mutex);

	if (peer && name)
	{
		*name = peer->name;
		peer->name = NULL;
	}
	peer_destroy(peer);
	return found;
}

METHOD(mguard_license_counter_t, set_limit, void,
	private_mguard_license_counter_t *this, u_int limit)
{
	this->mutex->lock(this->mutex);
	this->limit = limit;
	this->mutex->unlock(this->mutex);
}

METHOD(mguard_license_counter_t, get_limit, u_int,
	private_mguard_license_counter_t *this)
{
	u_int limit;

	this->mutex->lock(this->mutex);
	limit = this->limit;
	this->mutex->unlock(this->mutex);
	return limit;
}

METHOD(mguard_license_counter_t, get_count, u_int,
	private_mguard_license_counter_t *this)
{
	u_int count;

	this->mutex->lock(this->mutex);
	count = this->peers->get_count(this->peers);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(mguard_license_counter_t, destroy, void,
	private_mguard_license_counter_t *this)
{
	this->sas->destroy(this->sas);
	this->peers->destroy_function(this->peers, (void*)peer_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
mguard_license_counter_t *mguard_license_counter_create(u_int limit)
{
	private_mguard_license_counter_t *this;

	INIT(this,
		.public = {
			.admit = _admit,
			.inherit = _inherit,
			.release = _release,
			.set_limit = _set_limit,
			.get_limit = _get_limit,
			.get_count = _get_count,
			.destroy = _destroy,
		},
		.peers = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8),
		.sas = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 8),
		.limit = limit,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
