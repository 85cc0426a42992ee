/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive mguard_archive
 * @{ @ingroup mguard_common
 *
 * The interface of mguard-archive for the plugin that starts connections
 * (mguard-control): it tells the archive that an attempt to establish a
 * connection begins, and what triggered it. mguard-archive registers it
 * with lib->set(lib, MGUARD_ARCHIVE, archive) while it is loaded; the
 * archive then collects the attempt's log lines from charon's bus and
 * decides its outcome itself (established, failed, no outcome in time).
 */

#ifndef MGUARD_ARCHIVE_H_
#define MGUARD_ARCHIVE_H_

#include <library.h>

/**
 * Name of the archive in lib->get() while mguard-archive is loaded.
 */
#define MGUARD_ARCHIVE "mguard-archive"

typedef struct mguard_archive_t mguard_archive_t;
typedef enum mguard_archive_trigger_t mguard_archive_trigger_t;

/**
 * What started an attempt (the seed's list of archived triggers).
 */
enum mguard_archive_trigger_t {
	/** a CMD contact (switch or pushbutton) */
	MGUARD_ARCHIVE_TRIGGER_CMD,
	/** a text message */
	MGUARD_ARCHIVE_TRIGGER_SMS,
	/** "up" of mguard-vpn or nph-vpn.cgi (the web interface's Start) */
	MGUARD_ARCHIVE_TRIGGER_UP,
	/** "synup" of mguard-vpn or nph-vpn.cgi */
	MGUARD_ARCHIVE_TRIGGER_SYNUP,
};

/**
 * Names of the triggers as archived ("cmd", "sms", "up", "synup").
 */
extern enum_name_t *mguard_archive_trigger_names;

/**
 * The diagnostics archive, as other plugins see it.
 */
struct mguard_archive_t {

	/**
	 * An attempt to establish a connection begins: collect its log lines
	 * from now on. Call before the initiation. Never blocks; a second
	 * call while an attempt of the connection is open is ignored.
	 *
	 * @param key		swanctl connection name
	 * @param name		descriptive name (the model's)
	 * @param trigger	what started the attempt
	 */
	void (*begin)(mguard_archive_t *this, const char *key, const char *name,
				  mguard_archive_trigger_t trigger);
};

#endif /** MGUARD_ARCHIVE_H_ @}*/
