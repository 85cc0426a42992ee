/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_source mguard_control_source
 * @{ @ingroup mguard_control
 *
 * Where a service input (CMD 1-3) comes from (mguard_source_spec.h): a
 * file (its content is the level) or a FIFO (a line per level), read at
 * every tick; or a hardware contact (GPIO line, evdev key or switch,
 * mguard_control_contact.h) whose edge events charon's watcher hands to a
 * processor thread as they happen, debounced, and which the tick takes.
 * A hardware contact that cannot be opened, or fails later, is logged and
 * opened again after 1, 2, 4 ... 60 s; nothing blocks. The levels' meaning
 * is mguard_control_input.h's.
 */

#ifndef MGUARD_CONTROL_SOURCE_H_
#define MGUARD_CONTROL_SOURCE_H_

#include "mguard_control_input.h"

#include <library.h>

/**
 * A service input's source.
 */
typedef struct {
	/** source from the model ("file:PATH"), NULL if unset */
	char *source;
	/** open FIFO, -1 if none */
	int fd;
	/** incomplete line read from the FIFO */
	char buf[64];
	/** bytes in buf */
	size_t len;
	/** levels and events */
	mguard_control_input_t input;
	/** the source was found unusable and logged */
	bool failed;
	/** hardware contact (gpio:, evdev:), NULL if none (yet) */
	struct mguard_control_hw_t *hw;
} mguard_control_source_t;

/**
 * Start an unset source.
 */
void mguard_control_source_init(mguard_control_source_t *in);

/**
 * Take over the source of a (re)loaded model.
 *
 * @param in		source
 * @param source	source or NULL; taken over (set to NULL) if it
 *					changes anything
 * @param pushbutton	pushbutton (TRUE) or switch
 * @return			FALSE if unchanged (the source keeps its level)
 */
bool mguard_control_source_set(mguard_control_source_t *in, char **source,
							   bool pushbutton);

/**
 * Read what is new on a source; a hardware contact is (re)opened when due.
 * Call with no lock the watcher's callbacks may wait for (the hardware
 * contact's own lock is taken here).
 *
 * @param in		source
 * @param n			its number (1-3), for log lines
 * @return			event, MGUARD_CONTROL_INPUT_NONE if nothing happened
 */
mguard_control_input_event_t mguard_control_source_read(
		mguard_control_source_t *in, int n);

/**
 * Close a source and free what it holds (it is unset afterwards).
 */
void mguard_control_source_close(mguard_control_source_t *in);

#endif /** MGUARD_CONTROL_SOURCE_H_ @}*/
