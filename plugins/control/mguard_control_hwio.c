/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_hwio.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int open_path(const char *path, int flags)
{
	return open(path, flags);
}

static int ioctl_ptr(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

mguard_control_hwio_t mguard_control_hwio_real = {
	.chip_open_lookup = gpiod_chip_open_lookup,
	.chip_close = gpiod_chip_close,
	.chip_get_line = gpiod_chip_get_line,
	.line_request_both_edges_events = gpiod_line_request_both_edges_events,
	.line_get_value = gpiod_line_get_value,
	.line_event_get_fd = gpiod_line_event_get_fd,
	.line_event_read_fd_multiple = gpiod_line_event_read_fd_multiple,
	.line_release = gpiod_line_release,
	.open = open_path,
	.ioctl = ioctl_ptr,
	.read = read,
	.close = close,
};

mguard_control_hwio_t *mguard_control_hwio = &mguard_control_hwio_real;
