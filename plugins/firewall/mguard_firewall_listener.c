/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_listener.h"
#include "mguard_firewall_child.h"

#include <daemon.h>
#include <networking/tun_device.h>

typedef struct private_mguard_firewall_listener_t
			private_mguard_firewall_listener_t;

struct private_mguard_firewall_listener_t {

	/** public interface */
	mguard_firewall_listener_t public;

	/** firewall core */
	mguard_firewall_manager_t *manager;
};

/**
 * The firewall's view of a CHILD_SA
 */
static mguard_firewall_child_t *child_of(child_sa_t *child_sa)
{
	mguard_firewall_child_t *child;
	traffic_selector_t *ts;
	enumerator_t *enumerator;
	tun_device_t *tun;

	/* kernel-libipsec registers its TUN device while it is loaded: then
	 * decrypted traffic comes from that device and carries no secpath */
	tun = lib->get(lib, "kernel-libipsec-tun");
	child = mguard_firewall_child_create(child_sa->get_reqid(child_sa),
								child_sa->get_name(child_sa),
								tun ? tun->get_name(tun) : NULL);
	enumerator = child_sa->create_ts_enumerator(child_sa, TRUE);
	while (enumerator->enumerate(enumerator, &ts))
	{
		mguard_firewall_child_add_ts(child, ts, TRUE);
	}
	enumerator->destroy(enumerator);
	enumerator = child_sa->create_ts_enumerator(child_sa, FALSE);
	while (enumerator->enumerate(enumerator, &ts))
	{
		mguard_firewall_child_add_ts(child, ts, FALSE);
	}
	enumerator->destroy(enumerator);
	return child;
}

METHOD(listener_t, child_updown, bool,
	private_mguard_firewall_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	if (up)
	{
		this->manager->child_up(this->manager, child_of(child_sa));
	}
	else
	{
		this->manager->child_down(this->manager,
								  child_sa->get_reqid(child_sa));
	}
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_mguard_firewall_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *old, child_sa_t *new)
{
	/* strongSwan keeps the reqid across rekeying, and neither CHILD_SA
	 * raises child_updown: nothing changes. Should the reqid change,
	 * install the new one before the old one goes. */
	if (old->get_reqid(old) != new->get_reqid(new))
	{
		this->manager->child_up(this->manager, child_of(new));
		this->manager->child_down(this->manager, old->get_reqid(old));
	}
	return TRUE;
}

METHOD(mguard_firewall_listener_t, destroy, void,
	private_mguard_firewall_listener_t *this)
{
	free(this);
}

/*
 * See header
 */
mguard_firewall_listener_t *mguard_firewall_listener_create(
									mguard_firewall_manager_t *manager)
{
	private_mguard_firewall_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.child_updown = _child_updown,
				.child_rekey = _child_rekey,
			},
			.destroy = _destroy,
		},
		.manager = manager,
	);
	return &this->public;
}
