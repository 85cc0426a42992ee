/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_input mguard_control_input
 * @{ @ingroup mguard_control
 *
 * Service inputs (CMD 1-3) without any charon dependency: reading levels
 * from a `file:` source (a file holding `1` or `0`, or a FIFO carrying one
 * such line per change) and turning level changes into starts and stops.
 *
 * Switch: level on = Started, off = Stopped (inverted per connection if
 * configured); the level in force when it is first read applies too.
 * Pushbutton: each press (a change from 0 to 1) toggles the connection.
 */

#ifndef MGUARD_CONTROL_INPUT_H_
#define MGUARD_CONTROL_INPUT_H_

#include <stdbool.h>
#include <stddef.h>

/**
 * What a service input reports.
 */
typedef enum {
	/** nothing new */
	MGUARD_CONTROL_INPUT_NONE,
	/** switch: the level is (now) on */
	MGUARD_CONTROL_INPUT_ON,
	/** switch: the level is (now) off */
	MGUARD_CONTROL_INPUT_OFF,
	/** pushbutton: pressed, toggle */
	MGUARD_CONTROL_INPUT_TOGGLE,
} mguard_control_input_event_t;

/**
 * State of one service input.
 */
typedef struct {
	/** pushbutton (TRUE) or switch (FALSE) */
	bool pushbutton;
	/** a level has been read */
	bool known;
	/** last level read */
	bool level;
} mguard_control_input_t;

/**
 * Initialise an input.
 */
void mguard_control_input_init(mguard_control_input_t *in, bool pushbutton);

/**
 * Feed a level read from the source.
 *
 * @param level		TRUE for on (1)
 * @return			event to apply
 */
mguard_control_input_event_t mguard_control_input_level(
		mguard_control_input_t *in, bool level);

/**
 * Feed what was read from a source: the whole content of a file, or the
 * lines that arrived on a FIFO. Every complete line "0" or "1" (blanks
 * around it ignored) is a level; for a file, a content without newline
 * counts as one line. Other lines are ignored.
 *
 * @param data		data read
 * @param len		length of data
 * @param fifo		TRUE for a FIFO (only complete lines count)
 * @param consumed	receives how many bytes were used (FIFO: the rest is an
 *					incomplete line to keep)
 * @return			the last event (a pushbutton: TOGGLE if pressed at
 *					least once an odd number of times)
 */
mguard_control_input_event_t mguard_control_input_feed(
		mguard_control_input_t *in, const char *data, size_t len, bool fifo,
		size_t *consumed);

/**
 * Feed the debounced state of a hardware contact
 * (mguard_control_debounce_take()).
 *
 * @param level		debounced level
 * @param presses	presses since the last call
 * @return			switch: ON or OFF if the level is new; pushbutton:
 *					TOGGLE if pressed an odd number of times
 */
mguard_control_input_event_t mguard_control_input_debounced(
		mguard_control_input_t *in, bool level, unsigned int presses);

/**
 * Whether a switch event starts (TRUE) or stops (FALSE) a connection.
 *
 * @param event		MGUARD_CONTROL_INPUT_ON or MGUARD_CONTROL_INPUT_OFF
 * @param inverted	the connection uses inverted control logic
 */
bool mguard_control_input_switch_starts(mguard_control_input_event_t event,
										bool inverted);

#endif /** MGUARD_CONTROL_INPUT_H_ @}*/
