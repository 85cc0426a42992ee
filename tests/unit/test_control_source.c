/*
 * Unit tests of a hardware CMD contact as charon runs it
 * (plugins/control/mguard_control_source.c): its edge events arrive
 * through libstrongswan's watcher on a processor thread, a contact that
 * cannot be opened or fails is opened again later, nothing blocks.
 *
 * This kernel has no GPIO chip: the libgpiod calls go through
 * mguard_control_hwio, pointed to fakes that hand out a pipe as the line's
 * event fd. Waits poll the source (no sleeps standing in for states).
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include <library.h>

#include "plugins/control/mguard_control_source.h"

#include "fake_hwio.h"

static void new_pipe(void)
{
	assert_int_equal(pipe(fake.pipe), 0);
}

static int setup(void **state)
{
	if (!library_init(NULL, "test-control-source"))
	{
		return -1;
	}
	/* the watcher runs as a job and hands events to another one */
	lib->processor->set_threads(lib->processor, 4);
	lib->settings->set_int(lib->settings,
				"test-control-source.plugins.mguard-control.debounce", 0);
	memset(&fake, 0, sizeof(fake));
	fake.pipe[0] = fake.pipe[1] = -1;
	fake.release_closes = true;
	mguard_control_hwio = &fake_io;
	return 0;
}

static int teardown(void **state)
{
	mguard_control_hwio = &mguard_control_hwio_real;
	if (fake.pipe[0] != -1)
	{
		close(fake.pipe[0]);
	}
	if (fake.pipe[1] != -1)
	{
		close(fake.pipe[1]);
	}
	lib->processor->cancel(lib->processor);
	library_deinit();
	return 0;
}

/* an edge of the line now */
static void edge(bool rising)
{
	timeval_t tv;

	time_monotonic(&tv);
	gpio_edge(rising, (uint64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

/* read the source until it reports the event, at most 5 s */
static bool read_until(mguard_control_source_t *src,
					   mguard_control_input_event_t want)
{
	time_t end = time_monotonic(NULL) + 5;

	while (time_monotonic(NULL) < end)
	{
		if (mguard_control_source_read(src, 1) == want)
		{
			return true;
		}
		usleep(10000);
	}
	return false;
}

static void test_events_through_watcher(void **state)
{
	mguard_control_source_t src;
	char *spec = strdup("gpio:gpiochip0:5");

	new_pipe();
	fake.level = 1;
	mguard_control_source_init(&src);
	assert_true(mguard_control_source_set(&src, &spec, FALSE));
	/* the level at open */
	assert_int_equal(mguard_control_source_read(&src, 1),
					 MGUARD_CONTROL_INPUT_ON);
	/* an edge reaches it through the watcher, not by the read */
	edge(false);
	assert_true(read_until(&src, MGUARD_CONTROL_INPUT_OFF));
	edge(true);
	assert_true(read_until(&src, MGUARD_CONTROL_INPUT_ON));
	mguard_control_source_close(&src);
	assert_int_equal(fake.released, 1);
}

static void test_open_retried(void **state)
{
	mguard_control_source_t src;
	char *spec = strdup("gpio:gpiochip0:5");

	new_pipe();
	fake.open_errno = ENOENT;
	mguard_control_source_init(&src);
	mguard_control_source_set(&src, &spec, FALSE);
	assert_int_equal(mguard_control_source_read(&src, 1),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(mguard_control_source_read(&src, 1),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_int_equal(fake.opens, 0);
	/* the chip appears: opened again (after 1 s), its level applies */
	fake.open_errno = 0;
	fake.level = 1;
	assert_true(read_until(&src, MGUARD_CONTROL_INPUT_ON));
	assert_int_equal(fake.opens, 1);
	mguard_control_source_close(&src);
}

static void test_failure_reopened(void **state)
{
	mguard_control_source_t src;
	char *spec = strdup("gpio:gpiochip0:5");
	int i;

	new_pipe();
	mguard_control_source_init(&src);
	mguard_control_source_set(&src, &spec, FALSE);
	assert_int_equal(mguard_control_source_read(&src, 1),
					 MGUARD_CONTROL_INPUT_OFF);
	/* the chip goes away: its fd ends */
	close(fake.pipe[1]);
	fake.pipe[1] = -1;
	/* closed by a read once the watcher's callback saw the end */
	for (i = 0; i < 500 && fake.released == 0; i++)
	{
		mguard_control_source_read(&src, 1);
		usleep(10000);
	}
	assert_int_equal(fake.released, 1);
	/* and comes back switched on: reopened, the change applies */
	new_pipe();
	fake.level = 1;
	assert_true(read_until(&src, MGUARD_CONTROL_INPUT_ON));
	assert_int_equal(fake.opens, 2);
	mguard_control_source_close(&src);
	assert_int_equal(fake.released, 2);
}

static void test_invalid_spec(void **state)
{
	mguard_control_source_t src;
	char *spec = strdup("evdev:/dev/input/event0:KEY_A");

	mguard_control_source_init(&src);
	mguard_control_source_set(&src, &spec, FALSE);
	assert_int_equal(mguard_control_source_read(&src, 1),
					 MGUARD_CONTROL_INPUT_NONE);
	assert_true(src.failed);
	assert_int_equal(fake.opens, 0);
	mguard_control_source_close(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_events_through_watcher, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_open_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_reopened, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_invalid_spec, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
