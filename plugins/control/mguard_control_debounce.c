/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_debounce.h"

void mguard_control_debounce_init(mguard_control_debounce_t *d, uint32_t ms)
{
	*d = (mguard_control_debounce_t){
		.ms = ms,
	};
}

/**
 * Accept the raw level if it has been stable long enough at time t
 */
static void settle(mguard_control_debounce_t *d, uint64_t t)
{
	if (d->raw != d->stable && t >= d->since + d->ms)
	{
		d->stable = d->raw;
		if (d->stable)
		{
			d->presses++;
		}
	}
}

void mguard_control_debounce_feed(mguard_control_debounce_t *d, bool level,
								  uint64_t when)
{
	if (!d->known)
	{
		mguard_control_debounce_level(d, level, when);
		return;
	}
	if (when < d->since)
	{	/* clocks only go forward: an older stamp is as old as the last */
		when = d->since;
	}
	settle(d, when);
	if (level != d->raw)
	{
		d->raw = level;
		d->since = when;
	}
}

void mguard_control_debounce_level(mguard_control_debounce_t *d, bool level,
								   uint64_t now)
{
	if (d->known)
	{
		mguard_control_debounce_feed(d, level, now);
		return;
	}
	d->known = true;
	d->stable = d->raw = level;
	d->since = now;
}

bool mguard_control_debounce_take(mguard_control_debounce_t *d, uint64_t now,
								  bool *level, unsigned int *presses)
{
	if (!d->known)
	{
		return false;
	}
	settle(d, now < d->since ? d->since : now);
	*level = d->stable;
	*presses = d->presses;
	d->presses = 0;
	return true;
}
