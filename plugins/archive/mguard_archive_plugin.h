/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_p mguard_archive
 * @ingroup cplugins
 * @defgroup mguard_archive_plugin mguard_archive_plugin
 * @{ @ingroup mguard_archive_p
 */

#ifndef MGUARD_ARCHIVE_PLUGIN_H_
#define MGUARD_ARCHIVE_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct mguard_archive_plugin_t mguard_archive_plugin_t;

/**
 * Archive diagnostic messages for VPN connections, as on the mGuard: with
 * global.archive.enabled of the model, the log lines of connection
 * attempts started by a CMD contact, a text message, nph-vpn.cgi or
 * mguard-vpn are kept under global.archive.dir, one entry per attempt with
 * its outcome (doc/archive.md).
 */
struct mguard_archive_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

#endif /** MGUARD_ARCHIVE_PLUGIN_H_ @}*/
