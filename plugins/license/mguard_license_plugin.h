/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_license mguard_license
 * @ingroup cplugins
 *
 * @defgroup mguard_license_plugin mguard_license_plugin
 * @{ @ingroup mguard_license
 */

#ifndef MGUARD_LICENSE_PLUGIN_H_
#define MGUARD_LICENSE_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct mguard_license_plugin_t mguard_license_plugin_t;

/**
 * VPN peer licensing as on the mGuard: limits the number of connected
 * peers (authenticated remote identities) to global.license.peers of the
 * model file.
 */
struct mguard_license_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

#endif /** MGUARD_LICENSE_PLUGIN_H_ @}*/
