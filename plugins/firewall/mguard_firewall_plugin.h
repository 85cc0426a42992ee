/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_firewall mguard_firewall
 * @ingroup cplugins
 *
 * @defgroup mguard_firewall_plugin mguard_firewall_plugin
 * @{ @ingroup mguard_firewall
 *
 * Per-connection nftables firewall of the mGuard model, driven by CHILD_SA
 * events (README.md in this directory).
 */

#ifndef MGUARD_FIREWALL_PLUGIN_H_
#define MGUARD_FIREWALL_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct mguard_firewall_plugin_t mguard_firewall_plugin_t;

/**
 * mguard-firewall plugin.
 */
struct mguard_firewall_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

#endif /** MGUARD_FIREWALL_PLUGIN_H_ @}*/
