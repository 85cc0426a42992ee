/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_contact mguard_control_contact
 * @{ @ingroup mguard_control
 *
 * A hardware contact without charon: a GPIO line (libgpiod 1.6, both edges
 * requested, its event fd) or an evdev key or switch (EV_KEY/EV_SW events,
 * EVIOCGKEY/EVIOCGSW for the level). Opening reads the current level;
 * reading takes every edge waiting on the (non-blocking) event fd into the
 * debouncer, with the event's time stamp (CLOCK_MONOTONIC: the GPIO
 * character device's default since Linux 5.7, EVIOCSCLOCKID for evdev),
 * never later than now. All calls go through mguard_control_hwio.h.
 */

#ifndef MGUARD_CONTROL_CONTACT_H_
#define MGUARD_CONTROL_CONTACT_H_

#include "mguard_control_debounce.h"
#include "mguard_source_spec.h"

#include <gpiod.h>

/**
 * One hardware contact. Plain data.
 */
typedef struct {
	/** its source (GPIO or EVDEV) */
	mguard_source_spec_t spec;
	/** GPIO chip, NULL if closed or evdev */
	struct gpiod_chip *chip;
	/** GPIO line, NULL if closed or evdev */
	struct gpiod_line *line;
	/** fd with the edge events, -1 if closed */
	int fd;
	/** debounced level and presses; kept while closed */
	mguard_control_debounce_t debounce;
} mguard_control_contact_t;

/**
 * Initialise a closed contact.
 *
 * @param spec		GPIO or EVDEV source
 * @param ms		debounce time in ms
 */
void mguard_control_contact_init(mguard_control_contact_t *c,
								 const mguard_source_spec_t *spec,
								 uint32_t ms);

/**
 * Open the contact and read its level.
 *
 * @param now		current time (ms, CLOCK_MONOTONIC)
 * @return			0, or the errno of the call that failed (closed again)
 */
int mguard_control_contact_open(mguard_control_contact_t *c, uint64_t now);

/**
 * Take the edges waiting on the event fd.
 *
 * @param now		current time (ms, CLOCK_MONOTONIC)
 * @return			0 if all were read, else the errno of the failure (the
 *					device is gone or broken: close it)
 */
int mguard_control_contact_read(mguard_control_contact_t *c, uint64_t now);

/**
 * Close the contact (its debounced level stays known).
 */
void mguard_control_contact_close(mguard_control_contact_t *c);

#endif /** MGUARD_CONTROL_CONTACT_H_ @}*/
