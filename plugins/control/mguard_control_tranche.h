/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_tranche mguard_control_tranche
 * @{ @ingroup mguard_control
 *
 * Attribute provider of the model's Mode Config servers (mode_config.remote
 * = pool): each client gets a whole network of the tranche size out of the
 * pool, as INTERNAL_IP4_ADDRESS (the network's first host) and
 * INTERNAL_IP4_NETMASK; with it the server's DNS and WINS servers and its
 * local networks (INTERNAL_IP4_SUBNET; the unity plugin sends them as
 * UNITY_SPLIT_INCLUDE to Unity clients). The translator names the pool
 * as mguard_connection_pool_name() does. Leases are kept in a state file
 * (charon.plugins.mguard-control.state_dir) so that a restarted charon
 * gives every identity its tranche again.
 */

#ifndef MGUARD_CONTROL_TRANCHE_H_
#define MGUARD_CONTROL_TRANCHE_H_

#include <attributes/attribute_provider.h>
#include <selectors/traffic_selector.h>

/** name of the state file in the state directory */
#define MGUARD_TRANCHE_STATE_FILE "mguard-tranches"

typedef struct mguard_control_tranche_t mguard_control_tranche_t;

/**
 * Tranche provider.
 */
struct mguard_control_tranche_t {

	/**
	 * Implements attribute_provider_t.
	 */
	attribute_provider_t provider;

	/**
	 * The tranche a virtual IP of one of the given pools lies in.
	 *
	 * @param pools		pool names of the peer configuration (char*)
	 * @param vip		virtual IP assigned to the peer, NULL for none
	 * @param ts		receives the tranche (all protocols and ports)
	 * @return			FALSE if none of the pools is ours, TRUE with *ts
	 *					NULL if one is but vip is not in its pool
	 */
	bool (*get_tranche)(mguard_control_tranche_t *this, linked_list_t *pools,
						host_t *vip, traffic_selector_t **ts);

	/**
	 * Re-read the model's pools; leases of pools that did not change stay.
	 */
	void (*reload)(mguard_control_tranche_t *this);

	/**
	 * Destroy the provider.
	 */
	void (*destroy)(mguard_control_tranche_t *this);
};

/**
 * Create the provider, read the model and the state file.
 *
 * @return			provider
 */
mguard_control_tranche_t *mguard_control_tranche_create(void);

#endif /** MGUARD_CONTROL_TRANCHE_H_ @}*/
