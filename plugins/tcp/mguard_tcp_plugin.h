/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp mguard_tcp
 * @ingroup cplugins
 *
 * @defgroup mguard_tcp_plugin mguard_tcp_plugin
 * @{ @ingroup mguard_tcp
 */

#ifndef MGUARD_TCP_PLUGIN_H_
#define MGUARD_TCP_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct mguard_tcp_plugin_t mguard_tcp_plugin_t;

/**
 * IKE and ESP over TCP (RFC 9329) with the mGuard's server IDs
 */
struct mguard_tcp_plugin_t {

	/**
	 * Implements plugin interface
	 */
	plugin_t plugin;
};

#endif /** MGUARD_TCP_PLUGIN_H_ @}*/
