/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_source_spec mguard_source_spec
 * @{ @ingroup mguard_common
 *
 * The source of a service input as the model names it
 * (global.service_inputs.cmdN), parsed without charon:
 *
 * - `file:<absolute path>`: a file holding `0` or `1`, or a FIFO
 * - `gpio:<chip>:<line>`: a GPIO line; chip as libgpiod's
 *   gpiod_chip_open_lookup() takes it (name "gpiochip0", number "0", label
 *   or path), line the offset 0-65535
 * - `evdev:<device>:<key>`: an input event device (absolute path), key
 *   an EV_KEY code `N` or `keyN` (0-KEY_MAX) or an EV_SW code `swN`
 *   (0-SW_MAX), e.g. `evdev:/dev/input/by-path/platform-gpio-keys-event:sw0`
 *
 * The keyword is case-insensitive; the last ':' separates the line or key.
 */

#ifndef MGUARD_SOURCE_SPEC_H_
#define MGUARD_SOURCE_SPEC_H_

#include <stdbool.h>

/**
 * Kind of a service input source.
 */
typedef enum {
	MGUARD_SOURCE_SPEC_FILE,
	MGUARD_SOURCE_SPEC_GPIO,
	MGUARD_SOURCE_SPEC_EVDEV,
} mguard_source_spec_kind_t;

/**
 * A parsed source.
 */
typedef struct {
	/** kind */
	mguard_source_spec_kind_t kind;
	/** file path, GPIO chip or input device path, NUL terminated */
	char name[256];
	/** GPIO line offset or evdev event code */
	unsigned int num;
	/** evdev event type: EV_KEY or EV_SW (0 for the others) */
	unsigned int type;
} mguard_source_spec_t;

/**
 * Parse a source.
 *
 * @param source	source from the model, NUL terminated
 * @param spec		receives the parsed source
 * @return			NULL if valid, else what is wrong and what is allowed
 *					(static text)
 */
const char *mguard_source_spec_parse(const char *source,
									  mguard_source_spec_t *spec);

#endif /** MGUARD_SOURCE_SPEC_H_ @}*/
