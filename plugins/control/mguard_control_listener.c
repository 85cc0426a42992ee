/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_listener.h"

#include <daemon.h>

typedef struct private_mguard_control_listener_t private_mguard_control_listener_t;

/**
 * Private data of a mguard_control_listener_t object.
 */
struct private_mguard_control_listener_t {

	/**
	 * Public interface
	 */
	mguard_control_listener_t public;

	/**
	 * Connection manager
	 */
	mguard_control_manager_t *manager;
};

METHOD(listener_t, authorize, bool,
	private_mguard_control_listener_t *this, ike_sa_t *ike_sa,
	bool final, bool *success)
{
	peer_cfg_t *peer_cfg;
	char *name;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (!peer_cfg)
	{
		return TRUE;
	}
	name = peer_cfg->get_name(peer_cfg);
	if (this->manager->refuse(this->manager, name))
	{
		DBG1(DBG_CFG, "mguard-control: refusing peer '%Y' (%H): connection "
			 "'%s' is stopped", ike_sa->get_other_id(ike_sa),
			 ike_sa->get_other_host(ike_sa), name);
		*success = FALSE;
	}
	return TRUE;
}

METHOD(listener_t, alert, bool,
	private_mguard_control_listener_t *this, ike_sa_t *ike_sa,
	alert_t alert, va_list args)
{
	peer_cfg_t *peer_cfg;

	switch (alert)
	{
		case ALERT_PEER_ADDR_FAILED:
		case ALERT_PEER_INIT_UNREACHABLE:
			peer_cfg = ike_sa ? ike_sa->get_peer_cfg(ike_sa) : NULL;
			if (peer_cfg)
			{
				this->manager->set_error(this->manager,
										 peer_cfg->get_name(peer_cfg));
			}
			break;
		default:
			break;
	}
	return TRUE;
}

METHOD(mguard_control_listener_t, destroy, void,
	private_mguard_control_listener_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_control_listener_t *mguard_control_listener_create(
										mguard_control_manager_t *manager)
{
	private_mguard_control_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.authorize = _authorize,
				.alert = _alert,
			},
			.destroy = _destroy,
		},
		.manager = manager,
	);
	return &this->public;
}
