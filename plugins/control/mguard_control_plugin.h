/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control mguard_control
 * @ingroup cplugins
 *
 * @defgroup mguard_control_plugin mguard_control_plugin
 * @{ @ingroup mguard_control
 */

#ifndef MGUARD_CONTROL_PLUGIN_H_
#define MGUARD_CONTROL_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct mguard_control_plugin_t mguard_control_plugin_t;

/**
 * mGuard connection control: initial modes, start/stop, deactivation
 * timeout, control socket for mguard-vpn and nph-vpn.cgi.
 */
struct mguard_control_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

/**
 * Plugin constructor, called by charon's plugin loader.
 */
plugin_t *mguard_control_plugin_create();

#endif /** MGUARD_CONTROL_PLUGIN_H_ @}*/
