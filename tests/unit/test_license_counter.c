/*
 * Unit tests of mguard-license's peer counting (mguard_license_count.c) and
 * model reading (mguard_license_model.c), without charon.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <library.h>
#include <threading/thread.h>

#include "mguard_license_count.h"
#include "mguard_license_model.h"

static int group_setup(void **state)
{
	return library_init(NULL, "test-license") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static int setup(void **state)
{
	*state = mguard_license_counter_create(1);
	return 0;
}

static int teardown(void **state)
{
	mguard_license_counter_t *counter = *state;

	counter->destroy(counter);
	return 0;
}

static void test_unlimited(void **state)
{
	mguard_license_counter_t *counter = *state;
	char peer[32];
	u_int count, i;

	counter->set_limit(counter, 0);
	for (i = 1; i <= 100; i++)
	{
		snprintf(peer, sizeof(peer), "peer-%u", i);
		assert_int_equal(counter->admit(counter, peer, i, &count),
						 MGUARD_LICENSE_ADMITTED_NEW);
		assert_int_equal(count, i);
	}
	assert_int_equal(counter->get_count(counter), 100);
}

static void test_same_peer_counts_once(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	assert_int_equal(counter->admit(counter, "CN=a", 1, &count),
					 MGUARD_LICENSE_ADMITTED_NEW);
	assert_int_equal(count, 1);
	/* a second IKE_SA (another connection) of the same peer */
	assert_int_equal(counter->admit(counter, "CN=a", 2, &count),
					 MGUARD_LICENSE_ADMITTED_KNOWN);
	assert_int_equal(count, 1);
	/* another authentication round of the same IKE_SA */
	assert_int_equal(counter->admit(counter, "CN=a", 2, &count),
					 MGUARD_LICENSE_ADMITTED_KNOWN);
	assert_int_equal(counter->get_count(counter), 1);
}

static void test_new_peer_refused_at_limit(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	counter->admit(counter, "CN=a", 1, &count);
	assert_int_equal(counter->admit(counter, "CN=b", 2, &count),
					 MGUARD_LICENSE_REFUSED);
	assert_int_equal(count, 1);
	/* the refused IKE_SA holds nothing: releasing it changes nothing */
	assert_false(counter->release(counter, 2, NULL, &count));
	assert_int_equal(count, 1);
	assert_int_equal(counter->get_count(counter), 1);
}

static void test_peer_counts_until_last_sa(void **state)
{
	mguard_license_counter_t *counter = *state;
	char *peer;
	u_int count;

	counter->admit(counter, "CN=a", 1, &count);
	counter->admit(counter, "CN=a", 2, &count);
	assert_true(counter->release(counter, 1, &peer, &count));
	assert_null(peer);
	assert_int_equal(count, 1);
	assert_int_equal(counter->admit(counter, "CN=b", 3, &count),
					 MGUARD_LICENSE_REFUSED);
	assert_true(counter->release(counter, 2, &peer, &count));
	assert_string_equal(peer, "CN=a");
	free(peer);
	assert_int_equal(count, 0);
	assert_int_equal(counter->admit(counter, "CN=b", 3, &count),
					 MGUARD_LICENSE_ADMITTED_NEW);
	assert_int_equal(count, 1);
}

static void test_rekey_keeps_peer(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	counter->admit(counter, "CN=a", 1, &count);
	assert_true(counter->inherit(counter, 1, 7));
	/* the old IKE_SA goes away after the rekeying */
	assert_true(counter->release(counter, 1, NULL, &count));
	assert_int_equal(count, 1);
	/* nobody took the place in between */
	assert_int_equal(counter->admit(counter, "CN=b", 8, &count),
					 MGUARD_LICENSE_REFUSED);
	/* reauthentication of the new IKE_SA: still the same peer */
	assert_int_equal(counter->admit(counter, "CN=a", 7, &count),
					 MGUARD_LICENSE_ADMITTED_KNOWN);
	assert_true(counter->release(counter, 7, NULL, &count));
	assert_int_equal(count, 0);
}

static void test_inherit_twice_counts_once(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	counter->admit(counter, "CN=a", 1, &count);
	assert_true(counter->inherit(counter, 1, 2));
	assert_true(counter->inherit(counter, 1, 2));
	assert_true(counter->release(counter, 2, NULL, &count));
	assert_int_equal(count, 1);
	assert_true(counter->release(counter, 1, NULL, &count));
	assert_int_equal(count, 0);
	assert_false(counter->release(counter, 2, NULL, &count));
}

static void test_inherit_unknown(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	assert_false(counter->inherit(counter, 1, 2));
	assert_false(counter->release(counter, 2, NULL, &count));
	assert_int_equal(counter->get_count(counter), 0);
}

static void test_identity_change_moves_sa(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	counter->admit(counter, "CN=a", 1, &count);
	/* the same IKE_SA reauthenticates as another identity: the old peer
	 * had only this IKE_SA, so the new one takes its place */
	assert_int_equal(counter->admit(counter, "CN=b", 1, &count),
					 MGUARD_LICENSE_ADMITTED_NEW);
	assert_int_equal(count, 1);
	assert_int_equal(counter->admit(counter, "CN=a", 2, &count),
					 MGUARD_LICENSE_REFUSED);
}

static void test_lower_limit_keeps_connected(void **state)
{
	mguard_license_counter_t *counter = *state;
	u_int count;

	counter->set_limit(counter, 3);
	counter->admit(counter, "a", 1, &count);
	counter->admit(counter, "b", 2, &count);
	counter->admit(counter, "c", 3, &count);
	counter->set_limit(counter, 1);
	assert_int_equal(counter->get_count(counter), 3);
	assert_int_equal(counter->admit(counter, "b", 4, &count),
					 MGUARD_LICENSE_ADMITTED_KNOWN);
	assert_int_equal(counter->admit(counter, "d", 5, &count),
					 MGUARD_LICENSE_REFUSED);
	counter->release(counter, 1, NULL, &count);
	counter->release(counter, 3, NULL, &count);
	/* b still has two IKE_SAs, which is one peer: the limit is reached */
	assert_int_equal(count, 1);
	assert_int_equal(counter->admit(counter, "d", 5, &count),
					 MGUARD_LICENSE_REFUSED);
}

#define THREADS 8
#define PEERS_PER_THREAD 200
#define LIMIT 100

typedef struct {
	mguard_license_counter_t *counter;
	u_int first;
	u_int admitted;
} worker_t;

static void *admit_worker(worker_t *w)
{
	char peer[32];
	u_int i, count;

	for (i = 0; i < PEERS_PER_THREAD; i++)
	{
		snprintf(peer, sizeof(peer), "peer-%u", w->first + i);
		/* two IKE_SAs per peer, as with two connections */
		if (w->counter->admit(w->counter, peer, 2 * (w->first + i) + 1,
							  &count) == MGUARD_LICENSE_ADMITTED_NEW)
		{
			w->admitted++;
		}
		w->counter->admit(w->counter, peer, 2 * (w->first + i) + 2, &count);
	}
	return NULL;
}

static void *release_worker(worker_t *w)
{
	u_int i, count;

	for (i = 0; i < PEERS_PER_THREAD; i++)
	{
		w->counter->release(w->counter, 2 * (w->first + i) + 1, NULL, &count);
		w->counter->release(w->counter, 2 * (w->first + i) + 2, NULL, &count);
	}
	return NULL;
}

static void run_workers(worker_t *workers, thread_main_t fn)
{
	thread_t *threads[THREADS];
	int i;

	for (i = 0; i < THREADS; i++)
	{
		threads[i] = thread_create(fn, &workers[i]);
		assert_non_null(threads[i]);
	}
	for (i = 0; i < THREADS; i++)
	{
		threads[i]->join(threads[i]);
	}
}

static void test_concurrent_exact(void **state)
{
	mguard_license_counter_t *counter = *state;
	worker_t workers[THREADS];
	u_int i, admitted = 0;

	counter->set_limit(counter, LIMIT);
	for (i = 0; i < THREADS; i++)
	{
		workers[i] = (worker_t){
			.counter = counter,
			.first = i * PEERS_PER_THREAD,
		};
	}
	run_workers(workers, (thread_main_t)admit_worker);
	for (i = 0; i < THREADS; i++)
	{
		admitted += workers[i].admitted;
	}
	assert_int_equal(admitted, LIMIT);
	assert_int_equal(counter->get_count(counter), LIMIT);

	run_workers(workers, (thread_main_t)release_worker);
	assert_int_equal(counter->get_count(counter), 0);
}

/** write a model file for the reader tests, return its path */
static char *write_model(const char *content)
{
	char *path = strdup("/tmp/mguard-license-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), strlen(content));
	close(fd);
	return path;
}

static void assert_model(const char *content, bool valid, u_int expected)
{
	char *path = write_model(content);
	u_int peers = 4711;
	bool loaded;

	loaded = mguard_license_model_peers(path, &peers);
	/* remove the file before asserting, a failing test leaves nothing */
	unlink(path);
	free(path);
	assert_int_equal(loaded, valid);
	if (valid)
	{
		assert_int_equal(peers, expected);
	}
}

static void test_model_peers(void **state)
{
	assert_model("global {\n license {\n  peers = 5\n }\n}\n", TRUE, 5);
	assert_model("global {\n hub_and_spoke = no\n}\n", TRUE, 0);
	assert_model("global {\n license {\n  peers = 0\n }\n}\n", TRUE, 0);
	assert_model("global {\n license {\n  peers = -1\n }\n}\n", FALSE, 0);
	assert_model("global {\n license {\n  peers = five\n }\n}\n", FALSE, 0);
	assert_model("global {\n license {\n  peers = 3x\n }\n}\n", FALSE, 0);
	assert_model("global {\n license {\n  peers = 99999999999\n }\n}\n",
				 FALSE, 0);
	assert_model("global { license {", FALSE, 0);
}

static void test_model_missing(void **state)
{
	u_int peers = 4711;

	assert_true(mguard_license_model_peers("/nonexistent/mguard/vpn.conf",
										   &peers));
	assert_int_equal(peers, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unlimited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_peer_counts_once, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_new_peer_refused_at_limit, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_peer_counts_until_last_sa, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_rekey_keeps_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inherit_twice_counts_once, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_inherit_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_change_moves_sa, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_lower_limit_keeps_connected, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_exact, setup, teardown),
		cmocka_unit_test(test_model_peers),
		cmocka_unit_test(test_model_missing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
