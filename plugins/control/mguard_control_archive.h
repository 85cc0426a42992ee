/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_archive mguard_control_archive
 * @{ @ingroup mguard_control
 *
 * Tells mguard-archive (mguard_archive.h), when it is loaded, that a CMD
 * contact, a text message, mguard-vpn or nph-vpn.cgi starts an attempt to
 * establish a connection. Initial modes and retries are not archived.
 */

#ifndef MGUARD_CONTROL_ARCHIVE_H_
#define MGUARD_CONTROL_ARCHIVE_H_

#include <mguard_archive.h>

/**
 * An attempt begins if actions initiate the connection (call before
 * carrying them out; never blocks, fine under the manager's lock).
 *
 * @param key		swanctl connection name
 * @param name		descriptive name
 * @param trigger	what started it
 * @param actions	MGUARD_CONTROL_ACT_* about to be carried out; ~0 for
 *					an attempt in any case (synup)
 */
void mguard_control_archive_begin(const char *key, const char *name,
								  mguard_archive_trigger_t trigger,
								  unsigned actions);

#endif /** MGUARD_CONTROL_ARCHIVE_H_ @}*/
