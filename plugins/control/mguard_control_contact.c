/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_contact.h"
#include "mguard_control_hwio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <linux/input.h>

/** consumer name of requested GPIO lines */
#define CONSUMER "charon-mguard"

/** events taken per read call */
#define BATCH 16

/** reads per mguard_control_contact_read(): the rest waits for the next */
#define MAX_READS 64

void mguard_control_contact_init(mguard_control_contact_t *c,
								 const mguard_source_spec_t *spec,
								 uint32_t ms)
{
	*c = (mguard_control_contact_t){
		.spec = *spec,
		.fd = -1,
	};
	mguard_control_debounce_init(&c->debounce, ms);
}

/**
 * errno of a failed call, EIO if it left none
 */
static int failure(void)
{
	return errno ? errno : EIO;
}

static uint64_t ms_of(uint64_t sec, uint64_t nsec, uint64_t now)
{
	uint64_t when = sec * 1000 + nsec / 1000000;

	/* read right after it happened: a later stamp is another clock */
	return when > now ? now : when;
}

static int open_gpio(mguard_control_contact_t *c, uint64_t now)
{
	mguard_control_hwio_t *io = mguard_control_hwio;
	int value;

	errno = 0;
	c->chip = io->chip_open_lookup(c->spec.name);
	if (!c->chip)
	{
		return failure();
	}
	c->line = io->chip_get_line(c->chip, c->spec.num);
	if (!c->line)
	{
		return failure();
	}
	if (io->line_request_both_edges_events(c->line, CONSUMER) < 0)
	{
		c->line = NULL;
		return failure();
	}
	value = io->line_get_value(c->line);
	if (value < 0)
	{
		return failure();
	}
	c->fd = io->line_event_get_fd(c->line);
	if (c->fd < 0 ||
		fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0)
	{
		c->fd = -1;
		return failure();
	}
	mguard_control_debounce_level(&c->debounce, value > 0, now);
	return 0;
}

/**
 * Current level of the evdev key or switch
 */
static int evdev_level(mguard_control_contact_t *c, bool *level)
{
	unsigned char bits[KEY_MAX / 8 + 1];
	unsigned long request;

	memset(bits, 0, sizeof(bits));
	request = c->spec.type == EV_SW ? EVIOCGSW(sizeof(bits))
									: EVIOCGKEY(sizeof(bits));
	errno = 0;
	if (mguard_control_hwio->ioctl(c->fd, request, bits) < 0)
	{
		return failure();
	}
	*level = bits[c->spec.num / 8] & (1 << (c->spec.num % 8));
	return 0;
}

static int open_evdev(mguard_control_contact_t *c, uint64_t now)
{
	int clock = CLOCK_MONOTONIC, err;
	bool level;

	errno = 0;
	c->fd = mguard_control_hwio->open(c->spec.name,
									  O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0)
	{
		c->fd = -1;
		return failure();
	}
	if (mguard_control_hwio->ioctl(c->fd, EVIOCSCLOCKID, &clock) < 0)
	{
		return failure();
	}
	err = evdev_level(c, &level);
	if (err)
	{
		return err;
	}
	mguard_control_debounce_level(&c->debounce, level, now);
	return 0;
}

int mguard_control_contact_open(mguard_control_contact_t *c, uint64_t now)
{
	int err;

	mguard_control_contact_close(c);
	if (c->spec.kind == MGUARD_SOURCE_SPEC_GPIO)
	{
		err = open_gpio(c, now);
	}
	else
	{
		err = open_evdev(c, now);
	}
	if (err)
	{
		mguard_control_contact_close(c);
	}
	return err;
}

static int read_gpio(mguard_control_contact_t *c, uint64_t now)
{
	struct gpiod_line_event events[BATCH];
	int n, i, reads;

	for (reads = 0; reads < MAX_READS; reads++)
	{
		errno = 0;
		n = mguard_control_hwio->line_event_read_fd_multiple(c->fd, events,
															 BATCH);
		if (n < 0)
		{
			return errno == EAGAIN || errno == EINTR ? 0 : failure();
		}
		if (n == 0)
		{
			return ENODEV;
		}
		for (i = 0; i < n && i < BATCH; i++)
		{
			mguard_control_debounce_feed(&c->debounce,
					events[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE,
					ms_of(events[i].ts.tv_sec, events[i].ts.tv_nsec, now));
		}
	}
	return 0;
}

static int read_evdev(mguard_control_contact_t *c, uint64_t now)
{
	struct input_event events[BATCH];
	ssize_t len;
	int i, n, reads, err;
	bool level;

	for (reads = 0; reads < MAX_READS; reads++)
	{
		errno = 0;
		len = mguard_control_hwio->read(c->fd, events, sizeof(events));
		if (len < 0)
		{
			return errno == EAGAIN || errno == EINTR ? 0 : failure();
		}
		if (len == 0)
		{
			return ENODEV;
		}
		if (len % sizeof(events[0]))
		{	/* the kernel hands out whole events only */
			return EIO;
		}
		n = len / sizeof(events[0]);
		for (i = 0; i < n; i++)
		{
			if (events[i].type == EV_SYN && events[i].code == SYN_DROPPED)
			{	/* the kernel's buffer overran: ask for the level */
				err = evdev_level(c, &level);
				if (err)
				{
					return err;
				}
				mguard_control_debounce_feed(&c->debounce, level, now);
			}
			else if (events[i].type == c->spec.type &&
					 events[i].code == c->spec.num && events[i].value != 2)
			{	/* 2 is a key's autorepeat */
				mguard_control_debounce_feed(&c->debounce,
						events[i].value != 0,
						ms_of(events[i].input_event_sec,
							  (uint64_t)events[i].input_event_usec * 1000,
							  now));
			}
		}
	}
	return 0;
}

int mguard_control_contact_read(mguard_control_contact_t *c, uint64_t now)
{
	if (c->fd == -1)
	{
		return EBADF;
	}
	if (c->spec.kind == MGUARD_SOURCE_SPEC_GPIO)
	{
		return read_gpio(c, now);
	}
	return read_evdev(c, now);
}

void mguard_control_contact_close(mguard_control_contact_t *c)
{
	mguard_control_hwio_t *io = mguard_control_hwio;

	if (c->spec.kind == MGUARD_SOURCE_SPEC_GPIO)
	{
		if (c->line)
		{	/* closes the event fd as well */
			io->line_release(c->line);
		}
		if (c->chip)
		{
			io->chip_close(c->chip);
		}
	}
	else if (c->fd != -1)
	{
		io->close(c->fd);
	}
	c->chip = NULL;
	c->line = NULL;
	c->fd = -1;
}
