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
 * Collect what charon has, by connection name.
 *
 * @param key		only this connection, NULL for all
 * @return			hashtable name => mguard_control_sa_info_t
 */
hashtable_t *mguard_control_sas_gather(char *key);

/**
 * Destroy what mguard_control_sas_gather() returned.
 */
void mguard_control_sas_destroy(hashtable_t *infos);

/**
 * The connection a CHILD_SA belongs to.
 *
 * @param peer_cfg	configuration of the CHILD_SA's IKE_SA
 * @param child_sa	CHILD_SA
 * @param owners	lookup table, built on first use (start with NULL,
 *					free with mguard_control_sas_owners_destroy())
 * @return			connection name (valid while peer_cfg and owners are)
 */
char *mguard_control_sas_owner(peer_cfg_t *peer_cfg, child_sa_t *child_sa,
							   hashtable_t **owners);

/**
 * Destroy the lookup table of mguard_control_sas_owner(), NULL is fine.
 */
void mguard_control_sas_owners_destroy(hashtable_t *owners);

#endif /** MGUARD_CONTROL_SAS_H_ @}*/
