/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_license_listener.h"

#include <daemon.h>

typedef struct private_mguard_license_listener_t private_mguard_license_listener_t;

struct private_mguard_license_listener_t {

	/**
	 * Public interface.
	 */
	mguard_license_listener_t public;

	/**
	 * Peer counter.
	 */
	mguard_license_counter_t *counter;
};

/**
 * Format "N of M licensed peers" for log lines
 */
static void log_count(private_mguard_license_listener_t *this,
					  const char *event, const char *peer, u_int count)
{
	u_int limit = this->counter->get_limit(this->counter);

	if (limit)
	{
		DBG1(DBG_CFG, "mguard-license: peer '%s' %s, %u of %u licensed "
			 "peers connected", peer, event, count, limit);
	}
	else
	{
		DBG1(DBG_CFG, "mguard-license: peer '%s' %s, %u peers connected "
			 "(no license limit)", peer, event, count);
	}
}

METHOD(listener_t, authorize, bool,
	private_mguard_license_listener_t *this, ike_sa_t *ike_sa, bool final,
	bool *success)
{
	char *peer;
	u_int count;

	if (!final || !*success)
	{
		return TRUE;
	}
	if (asprintf(&peer, "%Y", ike_sa->get_other_eap_id(ike_sa)) < 0)
	{
		*success = FALSE;
		return TRUE;
	}
	switch (this->counter->admit(this->counter, peer,
								 ike_sa->get_unique_id(ike_sa), &count))
	{
		case MGUARD_LICENSE_ADMITTED_NEW:
			log_count(this, "connected", peer, count);
			break;
		case MGUARD_LICENSE_ADMITTED_KNOWN:
			DBG2(DBG_CFG, "mguard-license: peer '%s' already counted",
				 peer);
			break;
		case MGUARD_LICENSE_REFUSED:
			DBG1(DBG_CFG, "mguard-license: refusing peer '%s': the VPN "
				 "license allows %u connected peers and %u are connected "
				 "(global.license.peers)", peer,
				 this->counter->get_limit(this->counter), count);
			*success = FALSE;
			break;
	}
	free(peer);
	return TRUE;
}

METHOD(listener_t, ike_rekey, bool,
	private_mguard_license_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	this->counter->inherit(this->counter, old->get_unique_id(old),
						   new->get_unique_id(new));
	return TRUE;
}

METHOD(listener_t, ike_reestablish_pre, bool,
	private_mguard_license_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	/* the replacement holds the peer while the old IKE_SA goes away, so a
	 * reauthentication never gives the peer's place to someone else */
	this->counter->inherit(this->counter, old->get_unique_id(old),
						   new->get_unique_id(new));
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_mguard_license_listener_t *this, ike_sa_t *ike_sa,
		ike_sa_state_t state)
{
	char *peer;
	u_int count;

	if (state == IKE_DESTROYING &&
		this->counter->release(this->counter, ike_sa->get_unique_id(ike_sa),
							   &peer, &count) && peer)
	{
		log_count(this, "disconnected", peer, count);
		free(peer);
	}
	return TRUE;
}

METHOD(mguard_license_listener_t, destroy, void,
	private_mguard_license_listener_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_license_listener_t *mguard_license_listener_create(
		mguard_license_counter_t *counter)
{
	private_mguard_license_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.authorize = _authorize,
				.ike_rekey = _ike_rekey,
				.ike_reestablish_pre = _ike_reestablish_pre,
				.ike_state_change = _ike_state_change,
			},
			.destroy = _destroy,
		},
		.counter = counter,
	);
	return &this->public;
}
