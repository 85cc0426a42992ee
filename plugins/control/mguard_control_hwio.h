/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_control_hwio mguard_control_hwio
 * @{ @ingroup mguard_control
 *
 * The library and system calls hardware contacts make (libgpiod 1.6 for
 * GPIO lines, open/ioctl/read/close for evdev devices), as a table that
 * points to the real functions. Unit tests point it to fakes: machines
 * without GPIO chips and without uinput cannot give them a real contact.
 */

#ifndef MGUARD_CONTROL_HWIO_H_
#define MGUARD_CONTROL_HWIO_H_

#include <gpiod.h>
#include <sys/types.h>

/**
 * Calls of hardware contacts.
 */
typedef struct {
	struct gpiod_chip *(*chip_open_lookup)(const char *descr);
	void (*chip_close)(struct gpiod_chip *chip);
	struct gpiod_line *(*chip_get_line)(struct gpiod_chip *chip,
										unsigned int offset);
	int (*line_request_both_edges_events)(struct gpiod_line *line,
										  const char *consumer);
	int (*line_get_value)(struct gpiod_line *line);
	int (*line_event_get_fd)(struct gpiod_line *line);
	int (*line_event_read_fd_multiple)(int fd, struct gpiod_line_event *events,
									   unsigned int num);
	void (*line_release)(struct gpiod_line *line);
	int (*open)(const char *path, int flags);
	int (*ioctl)(int fd, unsigned long request, void *arg);
	ssize_t (*read)(int fd, void *buf, size_t len);
	int (*close)(int fd);
} mguard_control_hwio_t;

/**
 * The calls in use (the real ones unless a test replaced them).
 */
extern mguard_control_hwio_t *mguard_control_hwio;

/**
 * The real calls.
 */
extern mguard_control_hwio_t mguard_control_hwio_real;

#endif /** MGUARD_CONTROL_HWIO_H_ @}*/
