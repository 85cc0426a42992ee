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
#define MG_TIMEOUT_MAX (720u * 3600u)

/**
 * Activation mode of a connection (the mGuard's "State" column).
 */
typedef enum {
	MG_MODE_DISABLED,
	MG_MODE_STOPPED,
	MG_MODE_STARTED,
} mg_mode_t;

/**
 * Connection startup setting.
 */
typedef enum {
	MG_STARTUP_INITIATE,
	MG_STARTUP_ON_TRAFFIC,
	MG_STARTUP_WAIT,
} mg_startup_t;

/**
 * Status words as nph-vpn.cgi reports them.
 */
typedef enum {
	MG_STATUS_UNKNOWN,
	MG_STATUS_VOID,
	MG_STATUS_READY,
	MG_STATUS_ACTIVE,
} mg_status_t;

/**
 * What caused a start or stop.
 */
typedef enum {
	/** initial mode, at charon start or reload */
	MG_CAUSE_INITIAL,
	/** CMD contact (switch or pushbutton) */
	MG_CAUSE_CMD,
	/** text message */
	MG_CAUSE_SMS,
	/** nph-vpn.cgi */
	MG_CAUSE_CGI,
	/** mguard-vpn or another control socket client */
	MG_CAUSE_CLI,
	/** the deactivation timeout elapsed */
	MG_CAUSE_TIMEOUT,
} mg_cause_t;

/**
 * Actions the caller carries out, a bit set.
 */
enum {
	MG_ACT_NONE = 0,
	/** initiate every enabled tunnel of the connection */
	MG_ACT_INITIATE = (1 << 0),
	/** install trap policies for every enabled tunnel */
	MG_ACT_TRAP = (1 << 1),
	/** uninstall the trap policies */
	MG_ACT_UNTRAP = (1 << 2),
	/** tear down the connection's IKE and CHILD SAs */
	MG_ACT_TERMINATE = (1 << 3),
	/** (re)arm the timer: call mg_state_next_check() */
	MG_ACT_TIMER = (1 << 4),
};

/**
 * Result of a start or stop request.
 */
typedef enum {
	/** mode changed */
	MG_RESULT_CHANGED,
	/** already in the requested mode (actions may still be returned) */
	MG_RESULT_UNCHANGED,
	/** the connection is disabled: cannot be started or stopped */
	MG_RESULT_DISABLED,
} mg_result_t;

/**
 * State of one connection. Plain data, owned by the caller.
 */
typedef struct {
	/** current mode */
	mg_mode_t mode;
	/** startup setting */
	mg_startup_t startup;
	/** deactivation timeout in seconds, 0 = off */
	uint32_t timeout;
	/** absolute time at which a Started connection goes to Stopped, 0 = never */
	time_t deadline;
	/** last time traffic was seen (or the SA came up), for on_traffic */
	time_t last_traffic;
	/** at least one CHILD_SA is established */
	bool established;
	/** in error (e.g. the peer's host name does not resolve) */
	bool error;
} mg_state_t;

/**
 * Initialise a connection's state from its configuration. Nothing is
 * applied yet: call mg_state_apply_initial() for that.
 *
 * @param s			state to initialise
 * @param initial	initial mode from the model
 * @param startup	startup setting from the model
 * @param timeout	deactivation timeout in seconds (clamped to MG_TIMEOUT_MAX)
 */
void mg_state_init(mg_state_t *s, mg_mode_t initial, mg_startup_t startup,
				   uint32_t timeout);

/**
 * Actions that bring a freshly initialised connection into its mode.
 * The initial mode does not arm the deactivation timeout.
 *
 * @return			MG_ACT_* bit set
 */
unsigned mg_state_apply_initial(mg_state_t *s);

/**
 * Request the Started mode.
 *
 * @param now		current time (monotonic seconds)
 * @param actions	receives the MG_ACT_* bit set to carry out
 */
mg_result_t mg_state_start(mg_state_t *s, mg_cause_t cause, time_t now,
						   unsigned *actions);

/**
 * Request the Stopped mode.
 *
 * @param actions	receives the MG_ACT_* bit set to carry out
 */
mg_result_t mg_state_stop(mg_state_t *s, mg_cause_t cause,
						  unsigned *actions);

/**
 * Note that the connection has (or no longer has) an established tunnel.
 *
 * @param up		TRUE if at least one CHILD_SA is established now
 * @param now		current time
 * @return			MG_ACT_* bit set (re-initiate a Started "initiate"
 *					connection that lost its last tunnel)
 */
unsigned mg_state_established(mg_state_t *s, bool up, time_t now);

/**
 * Note traffic seen at the given time (ignored if older than known).
 */
void mg_state_traffic(mg_state_t *s, time_t when);

/**
 * Mark the connection in error (or clear it), e.g. a DNS failure.
 */
void mg_state_set_error(mg_state_t *s, bool error);

/**
 * Let time pass: apply the deactivation timeout.
 *
 * @param now		current time
 * @return			MG_ACT_* bit set
 */
unsigned mg_state_tick(mg_state_t *s, time_t now);

/**
 * When mg_state_tick() has something to do next.
 *
 * @return			absolute time of the next check, 0 if none is needed
 */
time_t mg_state_next_check(const mg_state_t *s);

/**
 * The nph-vpn.cgi status word of the connection.
 */
mg_status_t mg_state_status(const mg_state_t *s);

/**
 * Names of statuses ("unknown", "void", "ready", "active"), for %N.
 */
extern enum_name_t *mg_status_names;

/**
 * Names of modes ("disabled", "stopped", "started"), for %N.
 */
extern enum_name_t *mg_mode_names;

/**
 * Names of startups ("initiate", "on_traffic", "wait"), for %N.
 */
extern enum_name_t *mg_startup_names;

/**
 * Names of causes ("initial", "cmd", "sms", "cgi", "cli", "timeout"), for
 * %N.
 */
extern enum_name_t *mg_cause_names;

/**
 * The status word of the control protocol: mg_status_names, "unknown" for
 * a value out of range (never NULL).
 */
const char *mg_status_name(mg_status_t status);

#endif /** MGUARD_CONTROL_STATE_H_ @}*/
