/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_debounce mguard_control_debounce
 * @{ @ingroup mguard_control
 *
 * Debouncing of a hardware contact (GPIO line, evdev key or switch),
 * without charon: a raw level counts once it stayed unchanged for the
 * debounce time; shorter pulses are bounces and ignored. Times are
 * milliseconds on one monotonic clock (the edge events' timestamps).
 *
 * Between two takes it counts presses (stable changes to on), so that a
 * pushbutton pressed and released between two reads of the contact is not
 * lost.
 */

#ifndef MGUARD_CONTROL_DEBOUNCE_H_
#define MGUARD_CONTROL_DEBOUNCE_H_

#include <stdbool.h>
#include <stdint.h>

/**
 * Debounce state of one contact. Plain data.
 */
typedef struct {
	/** debounce time in ms, 0 = every edge counts */
	uint32_t ms;
	/** a level is known (the contact was read once) */
	bool known;
	/** debounced level */
	bool stable;
	/** last raw level */
	bool raw;
	/** when the raw level last changed */
	uint64_t since;
	/** presses (stable changes to on) not taken yet */
	unsigned int presses;
} mguard_control_debounce_t;

/**
 * Initialise: no level known.
 *
 * @param ms		debounce time in ms
 */
void mguard_control_debounce_init(mguard_control_debounce_t *d, uint32_t ms);

/**
 * The level read directly from the contact (when it is opened): taken as
 * the debounced level at once if none is known, else like an edge.
 *
 * @param level		level read
 * @param now		current time
 */
void mguard_control_debounce_level(mguard_control_debounce_t *d, bool level,
								   uint64_t now);

/**
 * A raw edge: the contact is at level since the given time.
 *
 * @param level		new raw level
 * @param when		time of the edge (earlier than the last one: taken as
 *					the last one)
 */
void mguard_control_debounce_feed(mguard_control_debounce_t *d, bool level,
								  uint64_t when);

/**
 * Take the debounced state.
 *
 * @param now		current time
 * @param level		receives the debounced level
 * @param presses	receives the presses since the last take (reset)
 * @return			FALSE if no level is known
 */
bool mguard_control_debounce_take(mguard_control_debounce_t *d, uint64_t now,
								  bool *level, unsigned int *presses);

#endif /** MGUARD_CONTROL_DEBOUNCE_H_ @}*/
