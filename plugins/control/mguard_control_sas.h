/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_sas mguard_control_sas
 * @{ @ingroup mguard_control
 *
 * A snapshot of what charon has of each connection: its IKE_SAs, and its
 * CHILD_SAs wherever charon placed them (connections with equal IKE
 * settings share an IKE_SA: a CHILD_SA belongs to the connection of its
 * child config).
 */

#ifndef MGUARD_CONTROL_SAS_H_
#define MGUARD_CONTROL_SAS_H_

#include <library.h>
#include <collections/hashtable.h>
#include <config/peer_cfg.h>
#include <sa/child_sa.h>
#include <sa/ike_sa.h>

/**
 * What charon has of a connection.
 */
typedef struct {
	/** an IKE_SA or a CHILD_SA of it exists (in any state) */
	bool exists;
	/** installed CHILD_SAs */
	u_int up;
	/** bytes in + out of them */
	uint64_t bytes;
} mguard_control_sa_info_t;

/**
 * Called for every CHILD_SA of an IKE_SA, then for the IKE_SA itself.
 *
 * @param data		data given to mguard_control_sas_walk()
 * @param ike_sa	IKE_SA (checked out for the call)
 * @param child_sa	a CHILD_SA of it, NULL once its CHILD_SAs are done
 * @param owner		the connection the CHILD_SA belongs to (by its child
 *					config), or with child_sa NULL the IKE_SA's own one
 */
typedef void (*mguard_control_sas_cb_t)(void *data, ike_sa_t *ike_sa,
										child_sa_t *child_sa, char *owner);

/**
 * Walk charon's IKE_SAs (with a configuration) and their CHILD_SAs.
 *
 * @param cb		callback
 * @param data		data passed to cb
 */
void mguard_control_sas_walk(mguard_control_sas_cb_t cb, void *data);

/**
 * Collect what charon has, by connection name: an IKE_SA counts for its
 * own connection, a CHILD_SA for the connection of its child config,
 * wherever charon placed it.
 *
 * @param key		only this connection, NULL for all
 * @param traffic	connections whose byte counters are wanted (a key set),
 *					NULL for all: each counter is a query of the kernel
 *					interface, which the tick must not make every second
 *					for every CHILD_SA
 * @return			hashtable name => mguard_control_sa_info_t
 */
hashtable_t *mguard_control_sas_gather(char *key, hashtable_t *traffic);

/**
 * Destroy what mguard_control_sas_gather() returned.
 */
void mguard_control_sas_destroy(hashtable_t *infos);

#endif /** MGUARD_CONTROL_SAS_H_ @}*/
