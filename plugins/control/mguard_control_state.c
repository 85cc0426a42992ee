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
static unsigned startup_actions(const mg_state_t *s)
{
	switch (s->startup)
	{
		case MG_STARTUP_INITIATE:
			return MG_ACT_INITIATE;
		case MG_STARTUP_ON_TRAFFIC:
			return MG_ACT_TRAP;
		case MG_STARTUP_WAIT:
		default:
			return MG_ACT_NONE;
	}
}

/**
 * Whether the on_traffic exception applies: the SA is released after the
 * timeout counted from the last traffic, the connection stays Started
 */
static bool idle_release(const mg_state_t *s)
{
	return s->mode == MG_MODE_STARTED && s->startup == MG_STARTUP_ON_TRAFFIC &&
		   s->timeout > 0;
}

void mg_state_init(mg_state_t *s, mg_mode_t initial, mg_startup_t startup,
				   uint32_t timeout)
{
	*s = (mg_state_t){
		.mode = initial,
		.startup = startup,
		.timeout = timeout > MG_TIMEOUT_MAX ? MG_TIMEOUT_MAX : timeout,
	};
}

unsigned mg_state_apply_initial(mg_state_t *s)
{
	if (s->mode != MG_MODE_STARTED)
	{
		return MG_ACT_NONE;
	}
	return startup_actions(s);
}

mg_result_t mg_state_start(mg_state_t *s, mg_cause_t cause, time_t now,
						   unsigned *actions)
{
	*actions = MG_ACT_NONE;
	switch (s->mode)
	{
		case MG_MODE_DISABLED:
			return MG_RESULT_DISABLED;
		case MG_MODE_STARTED:
			/* the timeout starts on the transition only; a Started
			 * "initiate" connection without tunnel tries again */
			if (s->startup == MG_STARTUP_INITIATE && !s->established)
			{
				*actions = MG_ACT_INITIATE;
			}
			return MG_RESULT_UNCHANGED;
		case MG_MODE_STOPPED:
		default:
			break;
	}
	s->mode = MG_MODE_STARTED;
	s->deadline = 0;
	*actions = startup_actions(s);
	if (s->timeout && cause != MG_CAUSE_INITIAL && cause != MG_CAUSE_TIMEOUT &&
		s->startup != MG_STARTUP_ON_TRAFFIC)
	{
		s->deadline = now + (time_t)s->timeout;
		*actions |= MG_ACT_TIMER;
	}
	return MG_RESULT_CHANGED;
}

mg_result_t mg_state_stop(mg_state_t *s, mg_cause_t cause, unsigned *actions)
{
	*actions = MG_ACT_NONE;
	switch (s->mode)
	{
		case MG_MODE_DISABLED:
			return MG_RESULT_DISABLED;
		case MG_MODE_STOPPED:
			if (s->established)
			{
				*actions = MG_ACT_TERMINATE;
			}
			return MG_RESULT_UNCHANGED;
		case MG_MODE_STARTED:
		default:
			break;
	}
	s->mode = MG_MODE_STOPPED;
	s->deadline = 0;
	*actions = MG_ACT_TERMINATE;
	if (s->startup == MG_STARTUP_ON_TRAFFIC)
	{
		*actions |= MG_ACT_UNTRAP;
	}
	return MG_RESULT_CHANGED;
}

unsigned mg_state_established(mg_state_t *s, bool up, time_t now)
{
	if (up)
	{
		if (!s->established && now > s->last_traffic)
		{
			s->last_traffic = now;
		}
		s->established = true;
		s->error = false;
		if (s->mode != MG_MODE_STARTED)
		{	/* nothing may stay up for a Stopped or Disabled connection */
			return MG_ACT_TERMINATE;
		}
		return idle_release(s) ? MG_ACT_TIMER : MG_ACT_NONE;
	}
	s->established = false;
	if (s->mode == MG_MODE_STARTED && s->startup == MG_STARTUP_INITIATE)
	{	/* Started + initiate: keep it established */
		return MG_ACT_INITIATE;
	}
	return MG_ACT_NONE;
}

void mg_state_traffic(mg_state_t *s, time_t when)
{
	if (when > s->last_traffic)
	{
		s->last_traffic = when;
	}
}

void mg_state_set_error(mg_state_t *s, bool error)
{
	s->error = error;
}

unsigned mg_state_tick(mg_state_t *s, time_t now)
{
	if (s->mode != MG_MODE_STARTED)
	{
		return MG_ACT_NONE;
	}
	if (s->deadline && now >= s->deadline)
	{
		s->mode = MG_MODE_STOPPED;
		s->deadline = 0;
		return MG_ACT_TERMINATE;
	}
	if (idle_release(s) && s->established &&
		now - s->last_traffic >= (time_t)s->timeout)
	{	/* released, but stays Started: traffic brings it back. Count
		 * again from now so a slow teardown is not released twice */
		s->last_traffic = now;
		return MG_ACT_TERMINATE | MG_ACT_TIMER;
	}
	return MG_ACT_NONE;
}

time_t mg_state_next_check(const mg_state_t *s)
{
	if (s->mode != MG_MODE_STARTED)
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

mg_status_t mg_state_status(const mg_state_t *s)
{
	if (s->established)
	{
		return MG_STATUS_ACTIVE;
	}
	if (s->mode != MG_MODE_STARTED || s->error)
	{
		return MG_STATUS_VOID;
	}
	return MG_STATUS_READY;
}

ENUM(mg_status_names, MG_STATUS_UNKNOWN, MG_STATUS_ACTIVE,
	"unknown",
	"void",
	"ready",
	"active",
);

ENUM(mg_mode_names, MG_MODE_DISABLED, MG_MODE_STARTED,
	"disabled",
	"stopped",
	"started",
);

ENUM(mg_startup_names, MG_STARTUP_INITIATE, MG_STARTUP_WAIT,
	"initiate",
	"on_traffic",
	"wait",
);

ENUM(mg_cause_names, MG_CAUSE_INITIAL, MG_CAUSE_TIMEOUT,
	"initial",
	"cmd",
	"sms",
	"cgi",
	"cli",
	"timeout",
);

const char *mg_status_name(mg_status_t status)
{
	/* a word on the wire: never NULL */
	return enum_to_name(mg_status_names, status) ?: "unknown";
}
