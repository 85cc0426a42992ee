/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_acquire mguard_control_acquire
 * @{ @ingroup mguard_control
 *
 * Acquires for the kernel-libipsec data path.
 *
 * libipsec (5.9.8) never raises an acquire: a packet that hits a trap
 * policy without SA is dropped with the log message "could not find an
 * outbound IPsec SA for reqid {N}, dropping packet" (the "TODO-IPSEC: send
 * an acquire" in ipsec_processor.c). So "initiate on traffic" would never
 * initiate. This logger watches for that message and raises the acquire
 * for the reqid through charon's kernel interface, exactly as an XFRM
 * acquire does; the trap manager ignores repeated acquires while an
 * attempt is pending. With the kernel's XFRM data path the message never
 * appears and this does nothing; the plugin registers the logger only
 * when kernel-libipsec is loaded (lib->get(lib, "kernel-libipsec-tun")).
 * Acquires are throttled per reqid; configure checks that the strongSwan
 * tree logs the message this matches (mguard_control_acquire_msg.h).
 */

#ifndef MGUARD_CONTROL_ACQUIRE_H_
#define MGUARD_CONTROL_ACQUIRE_H_

#include <bus/listeners/logger.h>

typedef struct mguard_control_acquire_t mguard_control_acquire_t;

/**
 * libipsec acquire shim.
 */
struct mguard_control_acquire_t {

	/**
	 * Implements logger_t interface.
	 */
	logger_t logger;

	/**
	 * Destroy a mguard_control_acquire_t.
	 */
	void (*destroy)(mguard_control_acquire_t *this);
};

/**
 * Create the shim.
 */
mguard_control_acquire_t *mguard_control_acquire_create();

#endif /** MGUARD_CONTROL_ACQUIRE_H_ @}*/
