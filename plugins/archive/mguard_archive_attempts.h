/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_attempts mguard_archive_attempts
 * @{ @ingroup mguard_archive_p
 *
 * The open connection attempts (mguard_archive_t's begin()) and what the bus
 * tells about them: log lines, outcomes, IKE_SAs going away. Knows IKE_SAs
 * only by unique ID and connection name, so it needs nothing of charon.
 *
 * An attempt collects the lines of the IKE_SAs of its connection (an IKE_SA
 * whose connection matches is attached to it by its first line), gets the
 * first outcome reported for it, keeps collecting for a moment (the lines
 * that explain the outcome follow it) and is then handed over as an entry.
 * An attempt without outcome fails after the timeout.
 */

#ifndef MGUARD_ARCHIVE_ATTEMPTS_H_
#define MGUARD_ARCHIVE_ATTEMPTS_H_

#include <mguard_archive_entry.h>

typedef struct mguard_archive_attempts_t mguard_archive_attempts_t;

/** seconds an attempt keeps collecting lines after its outcome */
#define MGUARD_ARCHIVE_LINGER 1

/** attempts open at once at most (more are not archived) */
#define MGUARD_ARCHIVE_OPEN_MAX 64

/**
 * The open attempts. All methods are thread-safe; none blocks for long.
 */
struct mguard_archive_attempts_t {

	/**
	 * Implements mguard_archive_t (begin an attempt); ignored while
	 * disabled.
	 */
	mguard_archive_t archive;

	/**
	 * A log line of an IKE_SA.
	 *
	 * @param ike		its unique ID, 0 for none (the line is ignored)
	 * @param conn		its connection (peer config) name, NULL if none
	 * @param line		the line ("[IKE] ..."), time stamped here
	 */
	void (*log)(mguard_archive_attempts_t *this, uint32_t ike,
				const char *conn, const char *line);

	/**
	 * The outcome of the open attempt of a connection; the first one
	 * counts.
	 *
	 * @param ike		IKE_SA it concerns: matches the attempt it is
	 *					attached to; 0 to match by conn only
	 * @param conn		connection it concerns, NULL for none
	 * @param success	TRUE if established
	 * @param reason	what happened (copied)
	 */
	void (*outcome)(mguard_archive_attempts_t *this, uint32_t ike,
					const char *conn, bool success, const char *reason);

	/**
	 * An IKE_SA goes away: the attempts it is attached to and that have no
	 * outcome yet fail.
	 *
	 * @param ike		its unique ID
	 */
	void (*ike_gone)(mguard_archive_attempts_t *this, uint32_t ike);

	/**
	 * Close attempts whose outcome is older than MGUARD_ARCHIVE_LINGER
	 * and fail those open longer than the timeout.
	 *
	 * @param now		monotonic time (time_monotonic())
	 * @return			closed attempts (mguard_archive_entry_t*, caller
	 *					destroys them and the array), NULL if none
	 */
	array_t *(*expire)(mguard_archive_attempts_t *this, time_t now);

	/**
	 * Whether an attempt is open (cheap, no lock: for the log hot path).
	 */
	bool (*is_open)(mguard_archive_attempts_t *this);

	/**
	 * Change the settings; disabling drops the open attempts.
	 *
	 * @param enabled	whether begin() opens attempts
	 * @param timeout	seconds until an attempt without outcome fails
	 * @param max_lines	lines kept per attempt (more are counted only)
	 */
	void (*configure)(mguard_archive_attempts_t *this, bool enabled,
					  u_int timeout, u_int max_lines);

	/**
	 * Destroy, dropping the open attempts.
	 */
	void (*destroy)(mguard_archive_attempts_t *this);
};

/**
 * Create the attempts, disabled.
 */
mguard_archive_attempts_t *mguard_archive_attempts_create();

#endif /** MGUARD_ARCHIVE_ATTEMPTS_H_ @}*/
