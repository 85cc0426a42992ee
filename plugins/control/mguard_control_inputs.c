/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_inputs.h"
#include "mguard_control_actions.h"
#include "mguard_control_archive.h"
#include "mguard_control_entry.h"
#include "mguard_control_source.h"

#include <daemon.h>

typedef struct private_mguard_control_inputs_t private_mguard_control_inputs_t;

struct private_mguard_control_inputs_t {

	/**
	 * Public interface
	 */
	mguard_control_inputs_t public;

	/**
	 * CMD 1-3
	 */
	mguard_control_source_t sources[3];
};

METHOD(mguard_control_inputs_t, set, void,
	private_mguard_control_inputs_t *this, mguard_control_inputs_cfg_t *cfg)
{
	int n;

	for (n = 0; n < 3; n++)
	{
		mguard_control_source_set(&this->sources[n], &cfg->cmd[n],
								  cfg->pushbutton);
	}
}

/**
 * Apply an input's event, or for an entry that has not seen the input yet
 * its level, to one entry
 */
static void apply_entry(mguard_control_entry_t *entry,
						mguard_control_input_t *input,
						mguard_control_input_event_t event, int n,
						time_t now, u_int retry, array_t **todos)
{
	mguard_control_cause_t cause = MGUARD_CONTROL_CAUSE_CMD;
	mguard_control_result_t result;
	unsigned actions;
	bool start, seen = entry->input_seen;

	if (!input->known)
	{
		return;
	}
	entry->input_seen = TRUE;
	if (event == MGUARD_CONTROL_INPUT_TOGGLE)
	{	/* a press toggles, inverted or not */
		start = entry->state.mode != MGUARD_CONTROL_MODE_STARTED;
	}
	else if (!seen && !input->pushbutton)
	{	/* the first level this entry sees. Known before its initial mode
		 * was applied (charon start, reload): it wins over the initial
		 * mode and, no change of the contact, arms no deactivation
		 * timeout. A source that gives its first level later reports a
		 * change */
		if (!entry->applied)
		{
			cause = MGUARD_CONTROL_CAUSE_INITIAL;
		}
		start = mguard_control_input_switch_starts(input->level
					? MGUARD_CONTROL_INPUT_ON : MGUARD_CONTROL_INPUT_OFF,
					entry->cfg->inverted);
	}
	else if (event == MGUARD_CONTROL_INPUT_ON ||
			 event == MGUARD_CONTROL_INPUT_OFF)
	{
		start = mguard_control_input_switch_starts(event,
												   entry->cfg->inverted);
	}
	else
	{
		return;
	}
	if (start)
	{
		result = mguard_control_state_start(&entry->state, cause, now,
											&actions);
		if (actions & MGUARD_CONTROL_ACT_INITIATE)
		{
			entry->retry = now + retry;
		}
	}
	else
	{
		result = mguard_control_state_stop(&entry->state, cause, &actions);
	}
	if (result == MGUARD_CONTROL_RESULT_CHANGED)
	{
		DBG1(DBG_CFG, "mguard-control: '%s' %s by CMD %d%s",
			 entry->cfg->name, start ? "started" : "stopped", n,
			 cause == MGUARD_CONTROL_CAUSE_INITIAL ? " (its level)"
			 : entry->state.deadline ? ", deactivation timeout armed" : "");
	}
	mguard_control_archive_begin(entry->cfg->key, entry->cfg->name,
								 MGUARD_ARCHIVE_TRIGGER_CMD, actions);
	mguard_control_todo_add(todos, entry->cfg->key, actions);
}

METHOD(mguard_control_inputs_t, apply, void,
	private_mguard_control_inputs_t *this, array_t *entries, time_t now,
	u_int retry, array_t **todos)
{
	mguard_control_input_event_t event;
	mguard_control_entry_t *entry;
	int n, i;

	for (n = 0; n < 3; n++)
	{
		event = mguard_control_source_read(&this->sources[n], n + 1);
		for (i = 0; i < array_count(entries); i++)
		{
			array_get(entries, i, &entry);
			if (entry->cfg->service_input == (u_int)n + 1)
			{
				apply_entry(entry, &this->sources[n].input, event, n + 1,
							now, retry, todos);
			}
		}
	}
}

METHOD(mguard_control_inputs_t, destroy, void,
	private_mguard_control_inputs_t *this)
{
	int n;

	for (n = 0; n < 3; n++)
	{
		mguard_control_source_close(&this->sources[n]);
	}
	free(this);
}

/*
 * Described in header
 */
mguard_control_inputs_t *mguard_control_inputs_create()
{
	private_mguard_control_inputs_t *this;

	INIT(this,
		.public = {
			.set = _set,
			.apply = _apply,
			.destroy = _destroy,
		},
		.sources = {
			{ .fd = -1 },
			{ .fd = -1 },
			{ .fd = -1 },
		},
	);
	return &this->public;
}
