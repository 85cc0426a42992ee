/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_tranche_file mguard_control_tranche_file
 * @{ @ingroup mguard_control
 *
 * The state file of the tranche pools, without charon: which identity holds
 * which tranche, so that leases survive a restart of charon.
 *
 * @verbatim
   # comment
   mguard-tranche-leases 1
   lease POOL NETWORK/PREFIX IDENTITY
   ...
   end
   @endverbatim
 *
 * POOL is 1..64 of A-Z a-z 0-9 - _ . ; IDENTITY runs to the end of the line,
 * with '%', control characters and bytes above 0x7e written as %XX. The file
 * is replaced atomically (temporary file, fsync, rename). A reader keeps
 * every complete, valid lease line and reports the rest (a damaged line, a
 * missing end line): a torn or damaged file loses only what is damaged,
 * never more.
 */

#ifndef MGUARD_CONTROL_TRANCHE_FILE_H_
#define MGUARD_CONTROL_TRANCHE_FILE_H_

#include "mguard_control_tranche_pool.h"

#include <collections/array.h>

/** longest line a reader accepts, newline excluded */
#define MGUARD_TRANCHE_FILE_LINE_MAX 1024

/** longest identity, decoded */
#define MGUARD_TRANCHE_FILE_ID_MAX 255

/**
 * Called for each valid lease line.
 *
 * @param user		user data
 * @param line		line number
 * @param pool		pool name
 * @param net		network address (host byte order)
 * @param prefix	prefix length
 * @param id		identity, decoded
 */
typedef void (*mguard_tranche_file_lease_cb_t)(void *user, u_int line,
								const char *pool, uint32_t net, uint8_t prefix,
								const char *id);

/**
 * Called for each line that is refused, and once for a missing end line.
 *
 * @param user		user data
 * @param line		line number (0: the file as a whole)
 * @param error		what is wrong (static text)
 */
typedef void (*mguard_tranche_file_error_cb_t)(void *user, u_int line,
											   const char *error);

/**
 * Parse the state file's content.
 *
 * @param data		content (need not be NUL terminated)
 * @param len		its length
 * @param lease		called for each valid lease
 * @param error		called for each problem
 * @param user		passed to both callbacks
 * @return			FALSE if the file is no lease file at all (no header)
 */
bool mguard_tranche_file_parse(const char *data, size_t len,
							   mguard_tranche_file_lease_cb_t lease,
							   mguard_tranche_file_error_cb_t error,
							   void *user);

/**
 * Replace the state file with the leases of the given pools, atomically.
 *
 * @param path		state file
 * @param pools		mguard_tranche_pool_t*
 * @return			0 on success, else an errno value
 */
int mguard_tranche_file_write(const char *path, array_t *pools);

#endif /** MGUARD_CONTROL_TRANCHE_FILE_H_ @}*/
