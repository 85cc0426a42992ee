/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_entry.h"

/*
 * Described in header
 */
mguard_control_entry_t *mguard_control_entry_create(
		mguard_control_conn_cfg_t *cfg)
{
	mguard_control_entry_t *entry;

	INIT(entry,
		.cfg = cfg,
		/* disabled connections need nothing from charon */
		.applied = cfg->initial == MGUARD_CONTROL_MODE_DISABLED,
	);
	mguard_control_state_init(&entry->state, cfg->initial, cfg->startup,
							  cfg->timeout);
	return entry;
}

/*
 * Described in header
 */
unsigned mguard_control_entry_update(mguard_control_entry_t *entry,
									 mguard_control_sa_info_t *info,
									 time_t now)
{
	static mguard_control_sa_info_t none;
	unsigned actions;

	if (!info)
	{
		info = &none;
	}
	actions = mguard_control_state_established(&entry->state, info->up > 0,
											   now);
	if (info->bytes != entry->bytes)
	{
		if (info->up)
		{
			mguard_control_state_traffic(&entry->state, now);
		}
		entry->bytes = info->bytes;
	}
	entry->up = info->up;
	/* re-initiation of Started "initiate" connections is paced by the tick */
	return actions & ~MGUARD_CONTROL_ACT_INITIATE;
}

/*
 * Described in header
 */
void mguard_control_entry_destroy(mguard_control_entry_t *entry)
{
	mguard_control_conn_cfg_destroy(entry->cfg);
	free(entry);
}
