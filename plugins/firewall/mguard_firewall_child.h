/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_child mguard_firewall_child
 * @{ @ingroup mguard_firewall
 *
 * Construction of mguard_firewall_child_t (see mguard_firewall_part.h).
 */

#ifndef MGUARD_FIREWALL_CHILD_H_
#define MGUARD_FIREWALL_CHILD_H_

#include "mguard_firewall_part.h"

/**
 * Create a child description with empty selector lists.
 *
 * @param reqid		reqid of the CHILD_SA
 * @param name		CHILD_SA config name
 * @param tun		TUN device of kernel-libipsec, NULL for kernel XFRM
 * @return			child, conn/tunnel unset
 */
mguard_firewall_child_t *mguard_firewall_child_create(uint32_t reqid,
											const char *name, const char *tun);

/**
 * Add a negotiated traffic selector pair member (cloned); the local one is
 * also added to filter_local.
 *
 * @param child		child
 * @param ts		selector
 * @param local		TRUE for a local selector, FALSE for a remote one
 */
void mguard_firewall_child_add_ts(mguard_firewall_child_t *child,
								  traffic_selector_t *ts, bool local);

/**
 * Destroy a child description.
 *
 * @param child		child, may be NULL
 */
void mguard_firewall_child_destroy(mguard_firewall_child_t *child);

#endif /** MGUARD_FIREWALL_CHILD_H_ @}*/
