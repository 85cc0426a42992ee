/*
 * Unit tests of hardware CMD contacts: debouncing, pushbutton toggling and
 * inverted logic on GPIO lines and evdev keys and switches.
 *
 * This kernel has no GPIO chip and no uinput, so no real contact can be
 * made here: the libgpiod and system calls go through mguard_control_hwio
 * (plugins/control/mguard_control_hwio.h), which these tests point to
 * fakes. The fakes hand out a pipe as the event fd; the test writes
 * gpiod_line_event or input_event records into it, as the kernel would.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <linux/input.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_contact.h"
#include "plugins/control/mguard_control_hwio.h"
#include "plugins/control/mguard_control_input.h"

#include "fake_hwio.h"

static int setup(void **state)
{
	memset(&fake, 0, sizeof(fake));
	assert_int_equal(pipe(fake.pipe), 0);
	mguard_control_hwio = &fake_io;
	return 0;
}

static int teardown(void **state)
{
	close(fake.pipe[0]);
	if (fake.pipe[1] != -1)
	{
		close(fake.pipe[1]);
	}
	mguard_control_hwio = &mguard_control_hwio_real;
	return 0;
}

/* an input event at ms */
static void evdev_event(unsigned type, unsigned code, int value, uint64_t ms)
{
	struct input_event ev = {
		.type = type,
		.code = code,
		.value = value,
	};

	ev.input_event_sec = ms / 1000;
	ev.input_event_usec = (ms % 1000) * 1000;
	assert_int_equal(write(fake.pipe[1], &ev, sizeof(ev)), sizeof(ev));
}

/* what the contact reports at now, through an input */
static mguard_control_input_event_t take(mguard_control_contact_t *c,
										 mguard_control_input_t *in,
										 uint64_t now)
{
	unsigned int presses;
	bool level;

	assert_int_equal(mguard_control_contact_read(c, now), 0);
	if (!mguard_control_debounce_take(&c->debounce, now, &level, &presses))
	{
		return MGUARD_CONTROL_INPUT_NONE;
	}
	return mguard_control_input_debounced(in, level, presses);
}

static mguard_source_spec_t gpio_spec(void)
{
	mguard_source_spec_t spec;

	assert_null(mguard_source_spec_parse("gpio:gpiochip0:17", &spec));
	return spec;
}

/* --- source specs -------------------------------------------------------- */

static void test_spec(void **state)
{
	mguard_source_spec_t spec;
	const char *bad[] = {
		"gpio:chip0", "gpio::3", "gpio:chip0:", "gpio:chip0:65536",
		"gpio:chip0:-1", "gpio:chip0:1x", "evdev:event0:30",
		"evdev:/dev/input/event0:", "evdev:/dev/input/event0:key",
		"evdev:/dev/input/event0:768", "evdev:/dev/input/event0:sw17",
		"evdev:/dev/input/event0:KEY_A", "file:relative", "file:",
		"serial:/dev/ttyS0", "",
	};
	size_t i;

	assert_null(mguard_source_spec_parse("GPIO:gpiochip1:0", &spec));
	assert_int_equal(spec.kind, MGUARD_SOURCE_SPEC_GPIO);
	assert_string_equal(spec.name, "gpiochip1");
	assert_int_equal(spec.num, 0);
	/* a chip path with colons: the last one separates the line */
	assert_null(mguard_source_spec_parse("gpio:/dev/a:b:65535", &spec));
	assert_string_equal(spec.name, "/dev/a:b");
	assert_int_equal(spec.num, 65535);
	assert_null(mguard_source_spec_parse("evdev:/dev/input/event0:767",
										  &spec));
	assert_int_equal(spec.kind, MGUARD_SOURCE_SPEC_EVDEV);
	assert_int_equal(spec.type, EV_KEY);
	assert_int_equal(spec.num, 767);
	assert_null(mguard_source_spec_parse("evdev:/dev/input/event0:SW16",
										  &spec));
	assert_int_equal(spec.type, EV_SW);
	assert_int_equal(spec.num, 16);
	assert_null(mguard_source_spec_parse("file:/run/cmd1", &spec));
	assert_int_equal(spec.kind, MGUARD_SOURCE_SPEC_FILE);
	assert_string_equal(spec.name, "/run/cmd1");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		if (!mguard_source_spec_parse(bad[i], &spec))
		{
			fail_msg("'%s' accepted", bad[i]);
		}
	}
}

/* --- the debouncer alone -------------------------------------------------- */

static void test_debounce(void **state)
{
	mguard_control_debounce_t d;
	unsigned int presses;
	bool level;

	mguard_control_debounce_init(&d, 30);
	assert_false(mguard_control_debounce_take(&d, 0, &level, &presses));
	mguard_control_debounce_level(&d, false, 1000);
	/* a contact that bounces for 20 ms, then stays closed */
	mguard_control_debounce_feed(&d, true, 1100);
	mguard_control_debounce_feed(&d, false, 1105);
	mguard_control_debounce_feed(&d, true, 1110);
	mguard_control_debounce_feed(&d, false, 1115);
	mguard_control_debounce_feed(&d, true, 1120);
	assert_true(mguard_control_debounce_take(&d, 1149, &level, &presses));
	assert_false(level);
	assert_int_equal(presses, 0);
	assert_true(mguard_control_debounce_take(&d, 1150, &level, &presses));
	assert_true(level);
	assert_int_equal(presses, 1);
	/* a 10 ms spike is a bounce */
	mguard_control_debounce_feed(&d, false, 2000);
	mguard_control_debounce_feed(&d, true, 2010);
	assert_true(mguard_control_debounce_take(&d, 5000, &level, &presses));
	assert_true(level);
	assert_int_equal(presses, 0);
	/* two presses between two takes both count */
	mguard_control_debounce_feed(&d, false, 6000);
	mguard_control_debounce_feed(&d, true, 6100);
	mguard_control_debounce_feed(&d, false, 6200);
	mguard_control_debounce_feed(&d, true, 6300);
	mguard_control_debounce_feed(&d, false, 6400);
	assert_true(mguard_control_debounce_take(&d, 6500, &level, &presses));
	assert_false(level);
	assert_int_equal(presses, 2);
	/* a stamp from before the last edge counts as that edge's time */
	mguard_control_debounce_feed(&d, true, 100);
	assert_true(mguard_control_debounce_take(&d, 6429, &level, &presses));
	assert_false(level);
	assert_true(mguard_control_debounce_take(&d, 6430, &level, &presses));
	assert_true(level);
}

static void test_debounce_off(void **state)
{
	mguard_control_debounce_t d;
	unsigned int presses;
	bool level;

	mguard_control_debounce_init(&d, 0);
	mguard_control_debounce_level(&d, false, 0);
	mguard_control_debounce_feed(&d, true, 5);
	mguard_control_debounce_feed(&d, false, 5);
	assert_true(mguard_control_debounce_take(&d, 5, &level, &presses));
	assert_false(level);
	assert_int_equal(presses, 1);
}

/* --- GPIO ----------------------------------------------------------------- */

static void test_gpio_switch_inverted(void **state)
{
	mguard_source_spec_t spec = gpio_spec();
	mguard_control_contact_t c;
	mguard_control_input_t in;
	mguard_control_input_event_t ev;

	mguard_control_contact_init(&c, &spec, 30);
	mguard_control_input_init(&in, false);
	fake.level = 1;
	assert_int_equal(mguard_control_contact_open(&c, 1000), 0);
	assert_string_equal(fake.lookup, "gpiochip0");
	assert_int_equal(fake.offset, 17);
	assert_true(fcntl(fake.pipe[0], F_GETFL) & O_NONBLOCK);
	/* the level at start applies: one connection started, the inverted
	 * one stopped */
	ev = take(&c, &in, 1000);
	assert_int_equal(ev, MGUARD_CONTROL_INPUT_ON);
	assert_true(mguard_control_input_switch_starts(ev, false));
	assert_false(mguard_control_input_switch_starts(ev, true));
	assert_int_equal(take(&c, &in, 1500), MGUARD_CONTROL_INPUT_NONE);
	/* opened with bounces: off once it settled */
	gpio_edge(false, 2000);
	gpio_edge(true, 2003);
	gpio_edge(false, 2008);
	assert_int_equal(take(&c, &in, 2020), MGUARD_CONTROL_INPUT_NONE);
	ev = take(&c, &in, 2040);
	assert_int_equal(ev, MGUARD_CONTROL_INPUT_OFF);
	assert_false(mguard_control_input_switch_starts(ev, false));
	assert_true(mguard_control_input_switch_starts(ev, true));
	/* a bounce alone changes nothing */
	gpio_edge(true, 3000);
	gpio_edge(false, 3010);
	assert_int_equal(take(&c, &in, 4000), MGUARD_CONTROL_INPUT_NONE);
	mguard_control_contact_close(&c);
	assert_int_equal(fake.released, 1);
	assert_int_equal(fake.chips, 0);
}

static void test_gpio_pushbutton(void **state)
{
	mguard_source_spec_t spec = gpio_spec();
	mguard_control_contact_t c;
	mguard_control_input_t in;

	mguard_control_contact_init(&c, &spec, 30);
	mguard_control_input_init(&in, true);
	assert_int_equal(mguard_control_contact_open(&c, 1000), 0);
	/* the first level is no press */
	assert_int_equal(take(&c, &in, 1000), MGUARD_CONTROL_INPUT_NONE);
	/* a press with bounces, released before the next read: toggles */
	gpio_edge(true, 1200);
	gpio_edge(false, 1202);
	gpio_edge(true, 1205);
	gpio_edge(false, 1400);
	assert_int_equal(take(&c, &in, 2000), MGUARD_CONTROL_INPUT_TOGGLE);
	assert_int_equal(take(&c, &in, 3000), MGUARD_CONTROL_INPUT_NONE);
	/* two presses between two reads cancel out */
	gpio_edge(true, 3100);
	gpio_edge(false, 3200);
	gpio_edge(true, 3300);
	gpio_edge(false, 3400);
	assert_int_equal(take(&c, &in, 4000), MGUARD_CONTROL_INPUT_NONE);
	/* held down: toggles once when settled, not again on release */
	gpio_edge(true, 5000);
	assert_int_equal(take(&c, &in, 5050), MGUARD_CONTROL_INPUT_TOGGLE);
	gpio_edge(false, 6000);
	assert_int_equal(take(&c, &in, 7000), MGUARD_CONTROL_INPUT_NONE);
	/* a spike shorter than the debounce time is no press */
	gpio_edge(true, 8000);
	gpio_edge(false, 8010);
	assert_int_equal(take(&c, &in, 9000), MGUARD_CONTROL_INPUT_NONE);
	mguard_control_contact_close(&c);
}

static void test_gpio_failures(void **state)
{
	mguard_source_spec_t spec = gpio_spec();
	mguard_control_contact_t c;

	mguard_control_contact_init(&c, &spec, 30);
	fake.open_errno = ENOENT;
	assert_int_equal(mguard_control_contact_open(&c, 0), ENOENT);
	assert_int_equal(c.fd, -1);
	fake.open_errno = 0;
	assert_int_equal(mguard_control_contact_open(&c, 0), 0);
	assert_int_equal(fake.chips, 1);
	/* the chip goes away: the fd ends */
	close(fake.pipe[1]);
	fake.pipe[1] = -1;
	assert_int_equal(mguard_control_contact_read(&c, 10), ENODEV);
	mguard_control_contact_close(&c);
	assert_int_equal(fake.chips, 0);
	assert_int_equal(mguard_control_contact_read(&c, 10), EBADF);
}

/* --- evdev ---------------------------------------------------------------- */

static void test_evdev_switch(void **state)
{
	mguard_source_spec_t spec;
	mguard_control_contact_t c;
	mguard_control_input_t in;

	assert_null(mguard_source_spec_parse("evdev:/dev/input/event3:sw5",
										  &spec));
	mguard_control_contact_init(&c, &spec, 30);
	mguard_control_input_init(&in, false);
	fake.level = 0;
	assert_int_equal(mguard_control_contact_open(&c, 1000), 0);
	assert_string_equal(fake.lookup, "/dev/input/event3");
	assert_true(fake.monotonic);
	assert_int_equal(take(&c, &in, 1000), MGUARD_CONTROL_INPUT_OFF);
	/* other switches and keys are not ours */
	evdev_event(EV_SW, 4, 1, 1100);
	evdev_event(EV_KEY, 5, 1, 1100);
	evdev_event(EV_SYN, SYN_REPORT, 0, 1100);
	assert_int_equal(take(&c, &in, 1200), MGUARD_CONTROL_INPUT_NONE);
	evdev_event(EV_SW, 5, 1, 1300);
	evdev_event(EV_SYN, SYN_REPORT, 0, 1300);
	assert_int_equal(take(&c, &in, 1310), MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(take(&c, &in, 1330), MGUARD_CONTROL_INPUT_ON);
	/* the kernel's queue overran: the level is asked for */
	fake.level = 0;
	evdev_event(EV_SYN, SYN_DROPPED, 0, 2000);
	assert_int_equal(take(&c, &in, 2000), MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(take(&c, &in, 2100), MGUARD_CONTROL_INPUT_OFF);
	mguard_control_contact_close(&c);
	assert_int_equal(fake.closed, 1);
}

static void test_evdev_key_pushbutton(void **state)
{
	mguard_source_spec_t spec;
	mguard_control_contact_t c;
	mguard_control_input_t in;

	assert_null(mguard_source_spec_parse("evdev:/dev/input/event0:key30",
										  &spec));
	mguard_control_contact_init(&c, &spec, 30);
	mguard_control_input_init(&in, true);
	assert_int_equal(mguard_control_contact_open(&c, 1000), 0);
	assert_int_equal(take(&c, &in, 1000), MGUARD_CONTROL_INPUT_NONE);
	/* press, autorepeat (value 2), release */
	evdev_event(EV_KEY, 30, 1, 1100);
	evdev_event(EV_KEY, 30, 2, 1400);
	evdev_event(EV_KEY, 30, 0, 1500);
	assert_int_equal(take(&c, &in, 1600), MGUARD_CONTROL_INPUT_TOGGLE);
	/* a stamp on another clock (later than now) is taken as now */
	evdev_event(EV_KEY, 30, 1, 1700000000000ull);
	assert_int_equal(take(&c, &in, 1700), MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(take(&c, &in, 1730), MGUARD_CONTROL_INPUT_TOGGLE);
	/* a torn record is an error */
	assert_int_equal(write(fake.pipe[1], "x", 1), 1);
	assert_int_equal(mguard_control_contact_read(&c, 2000), EIO);
	mguard_control_contact_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_debounce),
		cmocka_unit_test(test_debounce_off),
		cmocka_unit_test_setup_teardown(test_gpio_switch_inverted, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_gpio_pushbutton, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gpio_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evdev_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evdev_key_pushbutton, setup,
										teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
