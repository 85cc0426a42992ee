/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_state.h"

#include <stddef.h>

/**
 * Actions that put a Started connection to work
 */
static unsigned startup_actions(const mguard_control_state_t *s)
{
	switch (s->startup)
	{
		case MGUARD_CONTROL_STARTUP_INITIATE:
			return MGUARD_CONTROL_ACT_INITIATE;
		case MGUARD_CONTROL_STARTUP_ON_TRAFFIC:
			return MGUARD_CONTROL_ACT_TRAP;
		case MGUARD_CONTROL_STARTUP_WAIT:
		default:
			return MGUARD_CONTROL_ACT_NONE;
	}
}

/**
 * Whether the on_traffic exception applies: the SA is released after the
 * timeout counted from the last traffic, the connection stays Started
 */
static bool idle_release(const mguard_control_state_t *s)
{
	return s->mode == MGUARD_CONTROL_MODE_STARTED &&
		   s->startup == MGUARD_CONTROL_STARTUP_ON_TRAFFIC && s->timeout > 0;
}

void mguard_control_state_init(mguard_control_state_t *s,
							   mguard_control_mode_t initial,
							   mguard_control_startup_t startup,
							   uint32_t timeout)
{
	*s = (mguard_control_state_t){
		.mode = initial,
		.startup = startup,
		.timeout = timeout > MGUARD_CONTROL_TIMEOUT_MAX
			? MGUARD_CONTROL_TIMEOUT_MAX : timeout,
	};
}

unsigned mguard_control_state_apply_initial(mguard_control_state_t *s)
{
	if (s->mode != MGUARD_CONTROL_MODE_STARTED)
	{
		return MGUARD_CONTROL_ACT_NONE;
	}
	return startup_actions(s);
}

mguard_control_result_t mguard_control_state_start(mguard_control_state_t *s,
												   mguard_control_cause_t cause,
												   time_t now,
												   unsigned *actions)
{
	*actions = MGUARD_CONTROL_ACT_NONE;
	switch (s->mode)
	{
		case MGUARD_CONTROL_MODE_DISABLED:
			return MGUARD_CONTROL_RESULT_DISABLED;
		case MGUARD_CONTROL_MODE_STARTED:
			/* the timeout starts on the transition only; a Started
			 * "initiate" connection without tunnel tries again */
			if (s->startup == MGUARD_CONTROL_STARTUP_INITIATE &&
				!s->established)
			{
				*actions = MGUARD_CONTROL_ACT_INITIATE;
			}
			return MGUARD_CONTROL_RESULT_UNCHANGED;
		case MGUARD_CONTROL_MODE_STOPPED:
		default:
			break;
	}
	s->mode = MGUARD_CONTROL_MODE_STARTED;
	s->deadline = 0;
	*actions = startup_actions(s);
	if (s->timeout && cause != MGUARD_CONTROL_CAUSE_INITIAL &&
		cause != MGUARD_CONTROL_CAUSE_TIMEOUT &&
		s->startup != MGUARD_CONTROL_STARTUP_ON_TRAFFIC)
	{
		s->deadline = now + (time_t)s->timeout;
		*actions |= MGUARD_CONTROL_ACT_TIMER;
	}
	return MGUARD_CONTROL_RESULT_CHANGED;
}

mguard_control_result_t mguard_control_state_stop(mguard_control_state_t *s,
												  mguard_control_cause_t cause,
												  unsigned *actions)
{
	*actions = MGUARD_CONTROL_ACT_NONE;
	switch (s->mode)
	{
		case MGUARD_CONTROL_MODE_DISABLED:
			return MGUARD_CONTROL_RESULT_DISABLED;
		case MGUARD_CONTROL_MODE_STOPPED:
			if (s->established)
			{
				*actions = MGUARD_CONTROL_ACT_TERMINATE;
			}
			return MGUARD_CONTROL_RESULT_UNCHANGED;
		case MGUARD_CONTROL_MODE_STARTED:
		default:
			break;
	}
	s->mode = MGUARD_CONTROL_MODE_STOPPED;
	s->deadline = 0;
	*actions = MGUARD_CONTROL_ACT_TERMINATE;
	if (s->startup == MGUARD_CONTROL_STARTUP_ON_TRAFFIC)
	{
		*actions |= MGUARD_CONTROL_ACT_UNTRAP;
	}
	return MGUARD_CONTROL_RESULT_CHANGED;
}

unsigned mguard_control_state_established(mguard_control_state_t *s, bool up,
										  time_t now)
{
	if (up)
	{
		if (!s->established && now > s->last_traffic)
		{
			s->last_traffic = now;
		}
		s->established = true;
		s->error = false;
		if (s->mode != MGUARD_CONTROL_MODE_STARTED)
		{	/* nothing may stay up for a Stopped or Disabled connection */
			return MGUARD_CONTROL_ACT_TERMINATE;
		}
		return idle_release(s) ? MGUARD_CONTROL_ACT_TIMER
			: MGUARD_CONTROL_ACT_NONE;
	}
	s->established = false;
	if (s->mode == MGUARD_CONTROL_MODE_STARTED &&
		s->startup == MGUARD_CONTROL_STARTUP_INITIATE)
	{	/* Started + initiate: keep it established */
		return MGUARD_CONTROL_ACT_INITIATE;
	}
	return MGUARD_CONTROL_ACT_NONE;
}

void mguard_control_state_traffic(mguard_control_state_t *s, time_t when)
{
	if (when > s->last_traffic)
	{
		s->last_traffic = when;
	}
}

void mguard_control_state_set_error(mguard_control_state_t *s, bool error)
{
	s->error = error;
}

unsigned mguard_control_state_tick(mguard_control_state_t *s, time_t now)
{
	if (s->mode != MGUARD_CONTROL_MODE_STARTED)
	{
		return MGUARD_CONTROL_ACT_NONE;
	}
	if (s->deadline && now >= s->deadline)
	{
		s->mode = MGUARD_CONTROL_MODE_STOPPED;
		s->deadline = 0;
		return MGUARD_CONTROL_ACT_TERMINATE;
	}
	if (idle_release(s) && s->established &&
		now - s->last_traffic >= (time_t)s->timeout)
	{	/* released, but stays Started: traffic brings it back. Count
		 * again from now so a slow teardown is not released twice */
		s->last_traffic = now;
		return MGUARD_CONTROL_ACT_TERMINATE | MGUARD_CONTROL_ACT_TIMER;
	}
	return MGUARD_CONTROL_ACT_NONE;
}

time_t mguard_control_state_next_check(const mguard_control_state_t *s)
{
	if (s->mode != MGUARD_CONTROL_MODE_STARTED)
	{
		return 0;
	}
	if (s->deadline)
	{
		return s->deadline;
	}
	if (idle_release(s) && s->established)
	{
		return s->last_traffic + (time_t)s->timeout;
	}
	return 0;
}

mguard_control_status_t mguard_control_state_status(
		const mguard_control_state_t *s)
{
	if (s->established)
	{
		return MGUARD_CONTROL_STATUS_ACTIVE;
	}
	if (s->mode != MGUARD_CONTROL_MODE_STARTED || s->error)
	{
		return MGUARD_CONTROL_STATUS_VOID;
	}
	return MGUARD_CONTROL_STATUS_READY;
}

ENUM(mguard_control_status_names, MGUARD_CONTROL_STATUS_UNKNOWN,
	 MGUARD_CONTROL_STATUS_ACTIVE,
	"unknown",
	"void",
	"ready",
	"active",
);

ENUM(mguard_control_mode_names, MGUARD_CONTROL_MODE_DISABLED,
	 MGUARD_CONTROL_MODE_STARTED,
	"disabled",
	"stopped",
	"started",
);

ENUM(mguard_control_startup_names, MGUARD_CONTROL_STARTUP_INITIATE,
	 MGUARD_CONTROL_STARTUP_WAIT,
	"initiate",
	"on_traffic",
	"wait",
);

ENUM(mguard_control_cause_names, MGUARD_CONTROL_CAUSE_INITIAL,
	 MGUARD_CONTROL_CAUSE_TIMEOUT,
	"initial",
	"cmd",
	"sms",
	"cgi",
	"cli",
	"timeout",
);

const char *mguard_control_status_name(mguard_control_status_t status)
{
	/* a word on the wire: never NULL */
	return enum_to_name(mguard_control_status_names, status) ?: "unknown";
}
