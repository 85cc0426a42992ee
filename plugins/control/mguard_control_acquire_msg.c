/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_acquire_msg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool mguard_control_acquire_parse(const char *message, uint32_t *reqid)
{
	unsigned long value;
	char *end;

	if (strncmp(message, MGUARD_ACQUIRE_NO_SA_PREFIX,
				strlen(MGUARD_ACQUIRE_NO_SA_PREFIX)) != 0)
	{
		return false;
	}
	message += strlen(MGUARD_ACQUIRE_NO_SA_PREFIX);
	if (*message < '0' || *message > '9')
	{
		return false;
	}
	errno = 0;
	value = strtoul(message, &end, 10);
	if (errno || *end != '}' || value == 0 || value > UINT32_MAX)
	{
		return false;
	}
	*reqid = value;
	return true;
}

bool mguard_control_acquire_due(mguard_control_acquire_throttle_t *throttle,
								uint32_t reqid, time_t now)
{
	unsigned i = reqid % MGUARD_ACQUIRE_SLOTS;

	if (throttle->slot[i].reqid == reqid &&
		now - throttle->slot[i].raised < MGUARD_ACQUIRE_INTERVAL)
	{
		return false;
	}
	throttle->slot[i].reqid = reqid;
	throttle->slot[i].raised = now;
	return true;
}
