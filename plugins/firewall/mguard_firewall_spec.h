/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall_spec mguard_firewall_spec
 * @{ @ingroup mguard_firewall
 *
 * Address and port specifications of firewall rules (an address, a
 * network, a range or an IP group; any, N, N:M, a service or a port group)
 * as sorted, merged lists of closed intervals. Needs nothing of charon.
 */

#ifndef MGUARD_FIREWALL_SPEC_H_
#define MGUARD_FIREWALL_SPEC_H_

#include <collections/array.h>

#include <mguard_model.h>

/** an interval [from, to] of addresses (host byte order) or ports */
typedef struct {
	uint32_t from;
	uint32_t to;
} mguard_fw_range_t;

/**
 * Addresses of a host name: appends the IPv4 addresses it resolved to
 * (host byte order, uint32_t elements) to out. A name that did not
 * resolve (yet) adds nothing and matches nothing.
 *
 * @return			FALSE if the name did not resolve
 */
typedef bool (*mguard_fw_lookup_t)(void *data, const char *host,
								   array_t *out);

/**
 * Expand an address specification into intervals.
 *
 * @param model		model (for IP groups)
 * @param addr		specification
 * @param lookup	resolved host names, NULL if none are known yet
 * @param data		argument of lookup
 * @param out		receives mguard_fw_range_t, sorted and merged; empty if
 *					the specification matches nothing (an IP group of host
 *					names that did not resolve)
 * @return			FALSE if addr names an IP group the model lacks
 */
bool mguard_fw_addr_ranges(mguard_model_t *model, mguard_addr_t *addr,
						   mguard_fw_lookup_t lookup, void *data,
						   array_t *out);

/**
 * Expand a port specification into intervals ("any" is [0, 65535]).
 *
 * @param model		model (for port groups)
 * @param ports		specification
 * @param out		receives mguard_fw_range_t, sorted and merged
 * @return			FALSE if ports names a port group the model lacks
 */
bool mguard_fw_port_ranges(mguard_model_t *model, mguard_ports_t *ports,
						   array_t *out);

/**
 * Sort and merge overlapping or adjacent intervals in place.
 *
 * @param ranges	mguard_fw_range_t
 */
void mguard_fw_ranges_merge(array_t *ranges);

#endif /** MGUARD_FIREWALL_SPEC_H_ @}*/
