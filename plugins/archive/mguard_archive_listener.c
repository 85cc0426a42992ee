/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_archive_listener.h"

#include <daemon.h>

typedef struct private_mguard_archive_listener_t private_mguard_archive_listener_t;

struct private_mguard_archive_listener_t {

	/**
	 * Public interface
	 */
	mguard_archive_listener_t public;

	/**
	 * Open attempts
	 */
	mguard_archive_attempts_t *attempts;
};

/**
 * Why an alert ends an attempt, NULL if it does not. Retransmits that time
 * out are left to the IKE_SA going away (or to ALERT_PEER_INIT_UNREACHABLE,
 * raised right after it for a new IKE_SA, which says more).
 */
static const char *alert_reason(alert_t alert)
{
	switch (alert)
	{
		case ALERT_PEER_ADDR_FAILED:
			return "the peer's address could not be resolved";
		case ALERT_PEER_INIT_UNREACHABLE:
			return "the peer did not answer";
		case ALERT_LOCAL_AUTH_FAILED:
			return "the peer refused our authentication";
		case ALERT_PEER_AUTH_FAILED:
			return "the peer's authentication failed";
		case ALERT_AUTHORIZATION_FAILED:
			return "the peer is not authorized";
		case ALERT_PROPOSAL_MISMATCH_IKE:
			return "no acceptable IKE proposal";
		case ALERT_PROPOSAL_MISMATCH_CHILD:
			return "no acceptable ESP proposal";
		case ALERT_TS_MISMATCH:
			return "the networks do not match the peer's";
		case ALERT_INSTALL_CHILD_SA_FAILED:
			return "installing the IPsec SA failed";
		case ALERT_INSTALL_CHILD_POLICY_FAILED:
			return "installing the IPsec policies failed";
		case ALERT_UNIQUE_KEEP:
			return "the peer is connected already (uniqueness policy)";
		default:
			return NULL;
	}
}

METHOD(listener_t, alert, bool,
	private_mguard_archive_listener_t *this, ike_sa_t *ike_sa,
	alert_t alert, va_list args)
{
	const char *reason;

	reason = alert_reason(alert);
	if (reason && ike_sa && this->attempts->is_open(this->attempts))
	{
		this->attempts->outcome(this->attempts, ike_sa->get_unique_id(ike_sa),
								ike_sa->get_name(ike_sa), FALSE, reason);
	}
	return TRUE;
}

/**
 * Whether a peer config has a child config of a name
 */
static bool has_child(peer_cfg_t *peer_cfg, char *child)
{
	enumerator_t *enumerator;
	child_cfg_t *child_cfg;
	bool found = FALSE;

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (!found && enumerator->enumerate(enumerator, &child_cfg))
	{
		found = streq(child_cfg->get_name(child_cfg), child);
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * The connection that owns a CHILD_SA's config: the IKE_SA's if it has a
 * child config of that name, else the first loaded one that has (two
 * connections' CHILD_SAs may share one IKE_SA)
 */
static char *child_owner(ike_sa_t *ike_sa, char *child)
{
	enumerator_t *enumerator;
	peer_cfg_t *peer_cfg;
	char *owner = NULL;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (peer_cfg && has_child(peer_cfg, child))
	{
		return strdup(peer_cfg->get_name(peer_cfg));
	}
	enumerator = charon->backends->create_peer_cfg_enumerator(
							charon->backends, NULL, NULL, NULL, NULL, IKE_ANY);
	while (!owner && enumerator->enumerate(enumerator, &peer_cfg))
	{
		if (has_child(peer_cfg, child))
		{
			owner = strdup(peer_cfg->get_name(peer_cfg));
		}
	}
	enumerator->destroy(enumerator);
	return owner ?: strdup(ike_sa->get_name(ike_sa));
}

METHOD(listener_t, child_updown, bool,
	private_mguard_archive_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	char reason[128], *owner;

	if (up && this->attempts->is_open(this->attempts))
	{
		owner = child_owner(ike_sa, child_sa->get_name(child_sa));
		snprintf(reason, sizeof(reason), "CHILD_SA %s{%u} established",
				 child_sa->get_name(child_sa),
				 child_sa->get_unique_id(child_sa));
		this->attempts->outcome(this->attempts, 0, owner, TRUE, reason);
		free(owner);
	}
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_mguard_archive_listener_t *this, ike_sa_t *ike_sa,
	ike_sa_state_t state)
{
	if (state == IKE_DESTROYING && this->attempts->is_open(this->attempts))
	{
		this->attempts->ike_gone(this->attempts,
								 ike_sa->get_unique_id(ike_sa));
	}
	return TRUE;
}

METHOD(mguard_archive_listener_t, destroy, void,
	private_mguard_archive_listener_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_archive_listener_t *mguard_archive_listener_create(
									mguard_archive_attempts_t *attempts)
{
	private_mguard_archive_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.alert = _alert,
				.child_updown = _child_updown,
				.ike_state_change = _ike_state_change,
			},
			.destroy = _destroy,
		},
		.attempts = attempts,
	);
	return &this->public;
}
