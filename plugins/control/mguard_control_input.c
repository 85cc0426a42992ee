/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_input.h"

#include <string.h>

void mguard_control_input_init(mguard_control_input_t *in, bool pushbutton)
{
	*in = (mguard_control_input_t){
		.pushbutton = pushbutton,
	};
}

mguard_control_input_event_t mguard_control_input_level(
		mguard_control_input_t *in, bool level)
{
	bool known = in->known, previous = in->level;

	in->known = true;
	in->level = level;
	if (in->pushbutton)
	{	/* a press is a change to 1; the first level read is no press */
		return known && level && !previous ? MGUARD_CONTROL_INPUT_TOGGLE
			: MGUARD_CONTROL_INPUT_NONE;
	}
	if (known && level == previous)
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	return level ? MGUARD_CONTROL_INPUT_ON : MGUARD_CONTROL_INPUT_OFF;
}

/**
 * Parse one line: "0" or "1" with optional blanks
 */
static bool parse_line(const char *line, size_t len, bool *level)
{
	while (len && strchr(" \t\r", line[0]))
	{
		line++;
		len--;
	}
	while (len && strchr(" \t\r", line[len - 1]))
	{
		len--;
	}
	if (len != 1 || (line[0] != '0' && line[0] != '1'))
	{
		return false;
	}
	*level = line[0] == '1';
	return true;
}

mguard_control_input_event_t mguard_control_input_feed(
		mguard_control_input_t *in, const char *data, size_t len, bool fifo,
		size_t *consumed)
{
	mguard_control_input_event_t event = MGUARD_CONTROL_INPUT_NONE, current;
	const char *pos = data, *nl;
	unsigned toggles = 0;
	bool level;

	*consumed = 0;
	while (pos < data + len)
	{
		nl = memchr(pos, '\n', data + len - pos);
		if (!nl)
		{
			if (fifo)
			{	/* incomplete line: keep it for later */
				break;
			}
			nl = data + len;
		}
		if (parse_line(pos, nl - pos, &level))
		{
			current = mguard_control_input_level(in, level);
			if (current == MGUARD_CONTROL_INPUT_TOGGLE)
			{
				toggles++;
			}
			else if (current != MGUARD_CONTROL_INPUT_NONE)
			{
				event = current;
			}
		}
		pos = nl < data + len ? nl + 1 : nl;
		*consumed = pos - data;
	}
	if (in->pushbutton)
	{
		return toggles % 2 ? MGUARD_CONTROL_INPUT_TOGGLE
			: MGUARD_CONTROL_INPUT_NONE;
	}
	return event;
}

mguard_control_input_event_t mguard_control_input_debounced(
		mguard_control_input_t *in, bool level, unsigned int presses)
{
	if (!in->pushbutton)
	{
		return mguard_control_input_level(in, level);
	}
	/* presses are counted on the edges: the first level read is none */
	in->known = true;
	in->level = level;
	return presses % 2 ? MGUARD_CONTROL_INPUT_TOGGLE
					   : MGUARD_CONTROL_INPUT_NONE;
}

bool mguard_control_input_switch_starts(mguard_control_input_event_t event,
										bool inverted)
{
	return (event == MGUARD_CONTROL_INPUT_ON) != inverted;
}
