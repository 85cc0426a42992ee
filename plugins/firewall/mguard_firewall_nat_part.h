/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_nat_part mguard_firewall_nat_part
 * @{ @ingroup mguard_firewall
 */

#ifndef MGUARD_FIREWALL_NAT_PART_H_
#define MGUARD_FIREWALL_NAT_PART_H_

#include "mguard_firewall_part.h"

/**
 * The NAT part of the firewall (mguard_firewall_nat.h describes the rules).
 *
 * setup() adds the table's two NAT base chains, `prerouting` (type nat,
 * priority dstnat) and `postrouting` (srcnat), the NAT maps and the fixed
 * rules that translate through them, and the elements of the tunnels that
 * start on traffic. A CHILD_SA whose tunnel has NAT adds one map element
 * per NAT rule in up(); down() deletes the same elements. No chain, rule
 * or hook per CHILD_SA: CHILD_SAs without NAT cost nothing, and the NAT
 * chains only see the first packet of a connection (conntrack translates
 * the rest). up() also hands the filter the real local networks
 * (child->filter_local).
 *
 * The part also provides the gateway address kernel-libipsec needs inside
 * a NAT tunnel's local network (mguard_firewall_address.h): that has to
 * exist before the CHILD_SA's route, long before up() runs, so it follows
 * the CHILD_SA's state on its own listener, with the model of the last
 * setup().
 */

/**
 * Create the NAT part.
 *
 * @return			part
 */
mguard_firewall_part_t *mguard_firewall_nat_part_create(void);

#endif /** MGUARD_FIREWALL_NAT_PART_H_ @}*/
