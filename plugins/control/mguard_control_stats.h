/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_stats mguard_control_stats
 * @{ @ingroup mguard_control
 *
 * Counters per swanctl connection since charon started, for the table
 * request (the status page's metrics): rekeyings of its IKE_SAs and
 * CHILD_SAs, and failed attempts, i.e. IKE_SAs of the connection that were
 * destroyed without ever having been established.
 *
 * A CHILD_SA counts for the connection that owns its child config (two
 * connections may share an IKE_SA, ../shared/DESIGN.md), an IKE_SA for
 * the connection of its peer config.
 */

#ifndef MGUARD_CONTROL_STATS_H_
#define MGUARD_CONTROL_STATS_H_

#include <bus/listeners/listener.h>

typedef struct mguard_control_stats_t mguard_control_stats_t;

/**
 * Counters of one connection.
 */
typedef struct {
	/** IKE_SA and CHILD_SA rekeyings */
	uint64_t rekeys;
	/** IKE_SAs destroyed before they were established */
	uint64_t failed;
} mguard_control_counts_t;

/**
 * Per-connection counters, fed by the bus.
 */
struct mguard_control_stats_t {

	/**
	 * Implements listener_t interface.
	 */
	listener_t listener;

	/**
	 * The counters of a connection (zero if none were counted).
	 *
	 * @param key		swanctl connection name
	 * @return			its counters
	 */
	mguard_control_counts_t (*get)(mguard_control_stats_t *this, char *key);

	/**
	 * Destroy a mguard_control_stats_t.
	 */
	void (*destroy)(mguard_control_stats_t *this);
};

/**
 * Create the counters.
 */
mguard_control_stats_t *mguard_control_stats_create();

#endif /** MGUARD_CONTROL_STATS_H_ @}*/
