/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_state mguard_control_state
 * @{ @ingroup mguard_control
 *
 * The mGuard control state machine of one connection, without any charon
 * dependency: modes Disabled/Stopped/Started, the deactivation timeout
 * (including the "initiate on traffic" exception) and the status words of
 * nph-vpn.cgi. The caller feeds events (commands, SA up/down, traffic,
 * time) and carries out the returned actions.
 */

#ifndef MGUARD_CONTROL_STATE_H_
#define MGUARD_CONTROL_STATE_H_

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <library.h>

/** longest deactivation timeout the mGuard accepts: 720:00:00 */
#define MGUARD_CONTROL_TIMEOUT_MAX (720u * 3600u)

/**
 * Activation mode of a connection (the mGuard's "State" column).
 */
typedef enum {
	MGUARD_CONTROL_MODE_DISABLED,
	MGUARD_CONTROL_MODE_STOPPED,
	MGUARD_CONTROL_MODE_STARTED,
} mguard_control_mode_t;

/**
 * Connection startup setting.
 */
typedef enum {
	MGUARD_CONTROL_STARTUP_INITIATE,
	MGUARD_CONTROL_STARTUP_ON_TRAFFIC,
	MGUARD_CONTROL_STARTUP_WAIT,
} mguard_control_startup_t;

/**
 * Status words as nph-vpn.cgi reports them.
 */
typedef enum {
	MGUARD_CONTROL_STATUS_UNKNOWN,
	MGUARD_CONTROL_STATUS_VOID,
	MGUARD_CONTROL_STATUS_READY,
	MGUARD_CONTROL_STATUS_ACTIVE,
} mguard_control_status_t;

/**
 * What caused a start or stop.
 */
typedef enum {
	/** initial mode, at charon start or reload */
	MGUARD_CONTROL_CAUSE_INITIAL,
	/** CMD contact (switch or pushbutton) */
	MGUARD_CONTROL_CAUSE_CMD,
	/** text message */
	MGUARD_CONTROL_CAUSE_SMS,
	/** nph-vpn.cgi */
	MGUARD_CONTROL_CAUSE_CGI,
	/** mguard-vpn or another control socket client */
	MGUARD_CONTROL_CAUSE_CLI,
	/** the deactivation timeout elapsed */
	MGUARD_CONTROL_CAUSE_TIMEOUT,
} mguard_control_cause_t;

/**
 * Actions the caller carries out, a bit set.
 */
enum {
	MGUARD_CONTROL_ACT_NONE = 0,
	/** initiate every enabled tunnel of the connection */
	MGUARD_CONTROL_ACT_INITIATE = (1 << 0),
	/** install trap policies for every enabled tunnel */
	MGUARD_CONTROL_ACT_TRAP = (1 << 1),
	/** uninstall the trap policies */
	MGUARD_CONTROL_ACT_UNTRAP = (1 << 2),
	/** tear down the connection's IKE and CHILD SAs */
	MGUARD_CONTROL_ACT_TERMINATE = (1 << 3),
	/** (re)arm the timer: call mguard_control_state_next_check() */
	MGUARD_CONTROL_ACT_TIMER = (1 << 4),
};

/**
 * Result of a start or stop request.
 */
typedef enum {
	/** mode changed */
	MGUARD_CONTROL_RESULT_CHANGED,
	/** already in the requested mode (actions may still be returned) */
	MGUARD_CONTROL_RESULT_UNCHANGED,
	/** the connection is disabled: cannot be started or stopped */
	MGUARD_CONTROL_RESULT_DISABLED,
} mguard_control_result_t;

/**
 * State of one connection. Plain data, owned by the caller.
 */
typedef struct {
	/** current mode */
	mguard_control_mode_t mode;
	/** startup setting */
	mguard_control_startup_t startup;
	/** deactivation timeout in seconds, 0 = off */
	uint32_t timeout;
	/** absolute time at which a Started connection goes to Stopped,
		0 = never */
	time_t deadline;
	/** last time traffic was seen (or the SA came up), for on_traffic */
	time_t last_traffic;
	/** at least one CHILD_SA is established */
	bool established;
	/** in error (e.g. the peer's host name does not resolve) */
	bool error;
} mguard_control_state_t;

/**
 * Initialise a connection's state from its configuration. Nothing is
 * applied yet: call mguard_control_state_apply_initial() for that.
 *
 * @param s			state to initialise
 * @param initial	initial mode from the model
 * @param startup	startup setting from the model
 * @param timeout	deactivation timeout in seconds (clamped to
 *					MGUARD_CONTROL_TIMEOUT_MAX)
 */
void mguard_control_state_init(mguard_control_state_t *s,
							   mguard_control_mode_t initial,
							   mguard_control_startup_t startup,
							   uint32_t timeout);

/**
 * Actions that bring a freshly initialised connection into its mode.
 * The initial mode does not arm the deactivation timeout.
 *
 * @return			MGUARD_CONTROL_ACT_* bit set
 */
unsigned mguard_control_state_apply_initial(mguard_control_state_t *s);

/**
 * Request the Started mode.
 *
 * @param now		current time (monotonic seconds)
 * @param actions	receives the MGUARD_CONTROL_ACT_* bit set to carry out
 */
mguard_control_result_t mguard_control_state_start(mguard_control_state_t *s,
												   mguard_control_cause_t cause,
												   time_t now,
												   unsigned *actions);

/**
 * Request the Stopped mode.
 *
 * @param actions	receives the MGUARD_CONTROL_ACT_* bit set to carry out
 */
mguard_control_result_t mguard_control_state_stop(mguard_control_state_t *s,
												  mguard_control_cause_t cause,
												  unsigned *actions);

/**
 * Note that the connection has (or no longer has) an established tunnel.
 *
 * @param up		TRUE if at least one CHILD_SA is established now
 * @param now		current time
 * @return			MGUARD_CONTROL_ACT_* bit set (re-initiate a Started
 *					"initiate" connection that lost its last tunnel)
 */
unsigned mguard_control_state_established(mguard_control_state_t *s, bool up,
										  time_t now);

/**
 * Note traffic seen at the given time (ignored if older than known).
 */
void mguard_control_state_traffic(mguard_control_state_t *s, time_t when);

/**
 * Mark the connection in error (or clear it), e.g. a DNS failure.
 */
void mguard_control_state_set_error(mguard_control_state_t *s, bool error);

/**
 * Let time pass: apply the deactivation timeout.
 *
 * @param now		current time
 * @return			MGUARD_CONTROL_ACT_* bit set
 */
unsigned mguard_control_state_tick(mguard_control_state_t *s, time_t now);

/**
 * When mguard_control_state_tick() has something to do next.
 *
 * @return			absolute time of the next check, 0 if none is needed
 */
time_t mguard_control_state_next_check(const mguard_control_state_t *s);

/**
 * The nph-vpn.cgi status word of the connection.
 */
mguard_control_status_t mguard_control_state_status(
		const mguard_control_state_t *s);

/**
 * Names of statuses ("unknown", "void", "ready", "active"), for %N.
 */
extern enum_name_t *mguard_control_status_names;

/**
 * Names of modes ("disabled", "stopped", "started"), for %N.
 */
extern enum_name_t *mguard_control_mode_names;

/**
 * Names of startups ("initiate", "on_traffic", "wait"), for %N.
 */
extern enum_name_t *mguard_control_startup_names;

/**
 * Names of causes ("initial", "cmd", "sms", "cgi", "cli", "timeout"), for
 * %N.
 */
extern enum_name_t *mguard_control_cause_names;

/**
 * The status word of the control protocol: mguard_control_status_names,
 * "unknown" for a value out of range (never NULL).
 */
const char *mguard_control_status_name(mguard_control_status_t status);

#endif /** MGUARD_CONTROL_STATE_H_ @}*/
