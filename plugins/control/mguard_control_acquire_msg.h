/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_acquire_msg mguard_control_acquire_msg
 * @{ @ingroup mguard_control
 *
 * What the libipsec acquire shim (mguard_control_acquire.h) needs without
 * charon: recognizing libipsec's "no outbound SA" log message and a
 * per-reqid throttle.
 */

#ifndef MGUARD_CONTROL_ACQUIRE_MSG_H_
#define MGUARD_CONTROL_ACQUIRE_MSG_H_

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/**
 * The start of the message libipsec logs (DBG1, DBG_ESP) when it drops a
 * packet for lack of an outbound SA, up to the reqid. configure checks
 * that src/libipsec of the strongSwan tree built against logs exactly
 * this, followed by "%u}" (m4/strongswan.m4 reads it from here).
 */
#define MGUARD_ACQUIRE_NO_SA_PREFIX "could not find an outbound IPsec SA for reqid {"

/** seconds between two acquires for the same reqid */
#define MGUARD_ACQUIRE_INTERVAL 1

/** slots of the throttle (reqids that share a slot may both pass) */
#define MGUARD_ACQUIRE_SLOTS 256

/**
 * Recent acquires, by reqid: a fixed table, no allocation.
 */
typedef struct {
	struct {
		/** reqid, 0 if the slot is free */
		uint32_t reqid;
		/** when its acquire was raised */
		time_t raised;
	} slot[MGUARD_ACQUIRE_SLOTS];
} mguard_control_acquire_throttle_t;

/**
 * Parse the reqid from libipsec's "no outbound SA" message.
 *
 * @param message	log message
 * @param reqid		receives the reqid
 * @return			TRUE if it is that message
 */
bool mguard_control_acquire_parse(const char *message, uint32_t *reqid);

/**
 * Whether to raise an acquire for a reqid now (and note it if so): at most
 * one per reqid and MGUARD_ACQUIRE_INTERVAL.
 *
 * @param throttle	throttle, zero-initialized at first
 * @param reqid		reqid of the dropped packet
 * @param now		monotonic time
 * @return			TRUE to raise it
 */
bool mguard_control_acquire_due(mguard_control_acquire_throttle_t *throttle,
								uint32_t reqid, time_t now);

#endif /** MGUARD_CONTROL_ACQUIRE_MSG_H_ @}*/
