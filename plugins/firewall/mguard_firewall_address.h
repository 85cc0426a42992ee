/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_address mguard_firewall_address
 * @{ @ingroup mguard_firewall
 */

#ifndef MGUARD_FIREWALL_ADDRESS_H_
#define MGUARD_FIREWALL_ADDRESS_H_

#include <bus/listeners/listener.h>

typedef struct mguard_firewall_address_t mguard_firewall_address_t;

/**
 * The address a CHILD_SA needs on the gateway, if any.
 *
 * @param data		data given to mguard_firewall_address_create()
 * @param child_sa	CHILD_SA about to be installed
 * @return			new address (owned by the caller), NULL for none
 */
typedef host_t *(*mguard_firewall_address_cb_t)(void *data,
												child_sa_t *child_sa);

/**
 * Provides the address kernel-libipsec needs inside a CHILD_SA's local
 * traffic selector to install the CHILD_SA's route into its TUN device
 * (it refuses the CHILD_SA otherwise, see DESIGN.md).
 *
 * The address is added to the TUN device when the CHILD_SA enters
 * CHILD_INSTALLING, before its SAs and policies (and with them the route)
 * are installed, and released 200 ms after the CHILD_SA enters
 * CHILD_DESTROYING, once charon has removed the route (the kernel drops a
 * route together with its source address, and charon would then log that
 * it cannot uninstall the route and start a roam job). It goes
 * through charon's own kernel interface (kernel-netlink's add_ip() over
 * rtnetlink): that waits until charon's address cache knows the address,
 * which the route installation consults right after, and counts users, so
 * rekeyed CHILD_SAs and several tunnels share one address. The TUN device,
 * and with it every address, disappears with charon, so a crash leaves
 * nothing behind. Without kernel-libipsec (kernel XFRM) nothing is added.
 */
struct mguard_firewall_address_t {

	/**
	 * Implements listener_t (child_state_change).
	 */
	listener_t listener;

	/**
	 * Hold addresses that follow no CHILD_SA: the route of a trap policy
	 * (startup = on_traffic) is installed when the connection is loaded,
	 * without any CHILD_SA state change. Replaces the previous set on a
	 * job (a worker thread, once charon runs, so kernel-netlink is there),
	 * adding the new addresses before releasing the old ones: an address
	 * in both sets stays.
	 *
	 * @param addrs		host_t, adopted
	 */
	void (*set_standing)(mguard_firewall_address_t *this,
						 linked_list_t *addrs);

	/**
	 * Number of CHILD_SAs that currently hold an address (for tests).
	 *
	 * @return			CHILD_SAs with an address
	 */
	u_int (*get_count)(mguard_firewall_address_t *this);

	/**
	 * Remove all addresses and destroy.
	 */
	void (*destroy)(mguard_firewall_address_t *this);
};

/**
 * Create the address provisioner; register its listener on charon's bus.
 *
 * @param cb		tells which address a CHILD_SA needs
 * @param data		data passed to cb
 * @return			provisioner
 */
mguard_firewall_address_t *mguard_firewall_address_create(
								mguard_firewall_address_cb_t cb, void *data);

#endif /** MGUARD_FIREWALL_ADDRESS_H_ @}*/
