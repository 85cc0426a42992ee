/*
 * Fakes of the libgpiod and evdev calls (mguard_control_hwio_t) for the
 * unit tests of hardware CMD contacts: this kernel has no GPIO chip and no
 * uinput. The fakes hand out a pipe as the event fd; a test writes
 * gpiod_line_event or input_event records into its other end, as the
 * kernel would. Include once, after cmocka.h.
 */

#ifndef FAKE_HWIO_H_
#define FAKE_HWIO_H_

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/input.h>

#include "plugins/control/mguard_control_hwio.h"


static struct {
	/* pipe: [0] is the event fd handed out, [1] the kernel's end */
	int pipe[2];
	/* level the line or key has now */
	int level;
	/* errno the chip lookup or open fails with, 0: works */
	int open_errno;
	/* evdev: EVIOCSCLOCKID asked for CLOCK_MONOTONIC */
	bool monotonic;
	/* calls that must pair up: chips open, lines released, evdev fds
	 * closed; chips opened in all */
	int chips, released, closed, opens;
	/* releasing a line closes pipe[0] (as libgpiod closes its fd) */
	bool release_closes;
	char lookup[256];
	unsigned int offset;
} fake;

static char chip_dummy, line_dummy;

static struct gpiod_chip *fake_chip_open_lookup(const char *descr)
{
	snprintf(fake.lookup, sizeof(fake.lookup), "%s", descr);
	if (fake.open_errno)
	{
		errno = fake.open_errno;
		return NULL;
	}
	fake.chips++;
	fake.opens++;
	return (struct gpiod_chip*)&chip_dummy;
}

static void fake_chip_close(struct gpiod_chip *chip)
{
	assert_ptr_equal(chip, &chip_dummy);
	fake.chips--;
}

static struct gpiod_line *fake_chip_get_line(struct gpiod_chip *chip,
											 unsigned int offset)
{
	fake.offset = offset;
	return (struct gpiod_line*)&line_dummy;
}

static int fake_request(struct gpiod_line *line, const char *consumer)
{
	assert_string_equal(consumer, "charon-mguard");
	return 0;
}

static int fake_get_value(struct gpiod_line *line)
{
	return fake.level;
}

static int fake_event_get_fd(struct gpiod_line *line)
{
	return fake.pipe[0];
}

/* as libgpiod 1.6: one read() of whole records */
static int fake_event_read(int fd, struct gpiod_line_event *events,
						   unsigned int num)
{
	ssize_t len = read(fd, events, num * sizeof(*events));

	if (len < 0)
	{
		return -1;
	}
	if ((size_t)len % sizeof(*events))
	{
		errno = EIO;
		return -1;
	}
	return len / sizeof(*events);
}

static void fake_release(struct gpiod_line *line)
{
	fake.released++;
	if (fake.release_closes)
	{
		close(fake.pipe[0]);
		fake.pipe[0] = -1;
	}
}

static int fake_open(const char *path, int flags)
{
	snprintf(fake.lookup, sizeof(fake.lookup), "%s", path);
	assert_true(flags & O_NONBLOCK);
	if (fake.open_errno)
	{
		errno = fake.open_errno;
		return -1;
	}
	/* what open() would do with O_NONBLOCK */
	fcntl(fake.pipe[0], F_SETFL, fcntl(fake.pipe[0], F_GETFL) | O_NONBLOCK);
	return fake.pipe[0];
}

static int fake_ioctl(int fd, unsigned long request, void *arg)
{
	unsigned char *bits = arg;

	assert_int_equal(fd, fake.pipe[0]);
	if (request == EVIOCSCLOCKID)
	{
		fake.monotonic = *(int*)arg == CLOCK_MONOTONIC;
		return 0;
	}
	/* key code 30 (KEY_A) and switch code 5 (SW_DOCK) */
	if (request == EVIOCGKEY(KEY_MAX / 8 + 1))
	{
		memset(bits, 0, KEY_MAX / 8 + 1);
		bits[30 / 8] = fake.level ? 1 << (30 % 8) : 0;
		return 0;
	}
	if (request == EVIOCGSW(KEY_MAX / 8 + 1))
	{
		memset(bits, 0, KEY_MAX / 8 + 1);
		bits[0] = fake.level ? 1 << 5 : 0;
		return 0;
	}
	errno = EINVAL;
	return -1;
}

static int fake_close(int fd)
{
	assert_int_equal(fd, fake.pipe[0]);
	fake.closed++;
	return 0;
}

static mguard_control_hwio_t fake_io = {
	.chip_open_lookup = fake_chip_open_lookup,
	.chip_close = fake_chip_close,
	.chip_get_line = fake_chip_get_line,
	.line_request_both_edges_events = fake_request,
	.line_get_value = fake_get_value,
	.line_event_get_fd = fake_event_get_fd,
	.line_event_read_fd_multiple = fake_event_read,
	.line_release = fake_release,
	.open = fake_open,
	.ioctl = fake_ioctl,
	.read = read,
	.close = fake_close,
};

/* an edge of the GPIO line at ms */
static void gpio_edge(bool rising, uint64_t ms)
{
	struct gpiod_line_event ev = {
		.ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 },
		.event_type = rising ? GPIOD_LINE_EVENT_RISING_EDGE
							 : GPIOD_LINE_EVENT_FALLING_EDGE,
	};

	assert_int_equal(write(fake.pipe[1], &ev, sizeof(ev)), sizeof(ev));
}

#endif /* FAKE_HWIO_H_ */
