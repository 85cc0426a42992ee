/*
 * Unit tests of mguard-control's tranche pools (a whole network per Mode
 * Config client) and their state file: allocation, exhaustion, release,
 * reuse for the same identity, restart from the state file, damaged and
 * torn files.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "plugins/control/mguard_control_tranche_pool.h"
#include "plugins/control/mguard_control_tranche_file.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static void test_tranches(void **unused)
{
	mguard_tranche_pool_t *pool;
	uint32_t a, b, c;

	pool = mguard_tranche_pool_create("p", IP(10, 200, 0, 0), 16, 28);
	assert_non_null(pool);
	assert_int_equal(pool->get_size(pool), 4096);
	assert_true(pool->acquire(pool, "alice", &a));
	assert_true(pool->acquire(pool, "bob", &b));
	assert_int_equal(a, IP(10, 200, 0, 0));
	assert_int_equal(b, IP(10, 200, 0, 16));
	assert_int_equal(mguard_tranche_address(b, 28), IP(10, 200, 0, 17));
	assert_int_equal(mguard_tranche_mask(28), 0xfffffff0);
	assert_int_equal(pool->get_changes(pool), 2);
	/* the same identity again (a second IKE_SA): the same tranche, nothing
	 * for the state file */
	assert_true(pool->acquire(pool, "alice", &c));
	assert_int_equal(c, a);
	assert_int_equal(pool->get_changes(pool), 2);
	assert_true(pool->contains(pool, IP(10, 200, 255, 255)));
	assert_false(pool->contains(pool, IP(10, 201, 0, 0)));
	pool->destroy(pool);
}

static void test_bad_sizes(void **unused)
{
	assert_null(mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 16, 15));
	assert_null(mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 16, 33));
	assert_null(mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 33, 33));
}

static void test_single_addresses(void **unused)
{
	mguard_tranche_pool_t *pool;
	uint32_t a;
	char id[16];
	int i;

	/* /32 out of a /30: not the network's and the broadcast address */
	pool = mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 30, 32);
	assert_int_equal(pool->get_size(pool), 2);
	assert_true(pool->acquire(pool, "a", &a));
	assert_int_equal(a, IP(10, 0, 0, 1));
	assert_int_equal(mguard_tranche_address(a, 32), a);
	assert_true(pool->acquire(pool, "b", &a));
	assert_int_equal(a, IP(10, 0, 0, 2));
	assert_false(pool->acquire(pool, "c", &a));
	pool->destroy(pool);

	/* the whole address space as one tranche, and /0 pools */
	pool = mguard_tranche_pool_create("p", IP(1, 2, 3, 4), 0, 0);
	assert_int_equal(pool->get_size(pool), 1);
	assert_true(pool->acquire(pool, "a", &a));
	assert_int_equal(a, 0);
	assert_false(pool->acquire(pool, "b", &a));
	pool->destroy(pool);
	pool = mguard_tranche_pool_create("p", 0, 0, 32);
	assert_int_equal(pool->get_size(pool), 0xfffffffeull);
	for (i = 0; i < 100; i++)
	{
		snprintf(id, sizeof(id), "u%d", i);
		assert_true(pool->acquire(pool, id, &a));
		assert_int_equal(a, i + 1);
	}
	pool->destroy(pool);
}

static void test_exhaustion_release(void **unused)
{
	mguard_tranche_pool_t *pool;
	uint32_t a, b, c, d;

	/* /28 tranches out of a /27: two */
	pool = mguard_tranche_pool_create("p", IP(10, 200, 0, 0), 27, 28);
	assert_true(pool->acquire(pool, "alice", &a));
	assert_true(pool->acquire(pool, "bob", &b));
	assert_int_not_equal(a, b);
	assert_false(pool->acquire(pool, "carol", &c));
	/* releasing what one does not hold changes nothing */
	assert_false(pool->release(pool, a + 5, "bob"));
	assert_false(pool->release(pool, IP(10, 201, 0, 1), "alice"));
	assert_false(pool->acquire(pool, "carol", &c));
	/* released, alice's tranche goes to carol: every tranche was leased */
	assert_true(pool->release(pool, a + 1, "alice"));
	assert_false(pool->release(pool, a + 1, "alice"));
	assert_int_equal(pool->get_changes(pool), 2);
	assert_true(pool->acquire(pool, "carol", &c));
	assert_int_equal(c, a);
	assert_int_equal(pool->get_changes(pool), 3);
	assert_false(pool->acquire(pool, "alice", &d));
	pool->destroy(pool);
}

static void test_reuse_order(void **unused)
{
	mguard_tranche_pool_t *pool;
	uint32_t a, b, c, d;

	pool = mguard_tranche_pool_create("p", IP(10, 200, 0, 0), 24, 26);
	assert_true(pool->acquire(pool, "alice", &a));
	assert_true(pool->acquire(pool, "bob", &b));
	assert_true(pool->release(pool, a + 1, "alice"));
	/* a new identity gets a tranche never leased, not alice's */
	assert_true(pool->acquire(pool, "carol", &c));
	assert_true(c != a && c != b);
	/* alice comes back: her tranche */
	assert_true(pool->acquire(pool, "alice", &d));
	assert_int_equal(d, a);
	/* two uses: the tranche stays online until both are released */
	assert_true(pool->acquire(pool, "alice", &d));
	assert_true(pool->release(pool, a, "alice"));
	assert_true(pool->acquire(pool, "dave", &d));
	assert_int_not_equal(d, a);
	assert_false(pool->acquire(pool, "erin", &d));
	assert_true(pool->release(pool, b, "bob"));
	assert_true(pool->release(pool, a, "alice"));
	/* erin gets the tranche offline longest: bob's */
	assert_true(pool->acquire(pool, "erin", &d));
	assert_int_equal(d, b);
	pool->destroy(pool);
}

static void test_never_twice(void **unused)
{
	mguard_tranche_pool_t *pool;
	uint32_t nets[64], net;
	char id[16];
	int i, j;

	/* random churn: no tranche is ever online for two identities */
	pool = mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 24, 28);
	memset(nets, 0, sizeof(nets));
	srandom(7);
	for (i = 0; i < 5000; i++)
	{
		j = random() % 64;
		snprintf(id, sizeof(id), "u%d", j);
		if (nets[j])
		{
			assert_true(pool->release(pool, nets[j], id));
			nets[j] = 0;
		}
		else if (pool->acquire(pool, id, &net))
		{
			int k;

			for (k = 0; k < 64; k++)
			{
				assert_true(nets[k] != net);
			}
			nets[j] = net;
		}
	}
	pool->destroy(pool);
}

static void test_restore(void **unused)
{
	mguard_tranche_pool_t *pool;
	const char *error;
	uint32_t a;

	pool = mguard_tranche_pool_create("p", IP(10, 200, 0, 0), 24, 28);
	assert_true(pool->restore(pool, IP(10, 200, 0, 32), 28, "alice", &error));
	assert_false(pool->restore(pool, IP(10, 200, 0, 32), 28, "bob", &error));
	assert_string_equal(error, "the tranche is leased twice");
	assert_false(pool->restore(pool, IP(10, 200, 0, 48), 28, "alice", &error));
	assert_false(pool->restore(pool, IP(10, 200, 0, 40), 28, "bob", &error));
	assert_false(pool->restore(pool, IP(10, 200, 1, 0), 28, "bob", &error));
	assert_false(pool->restore(pool, IP(10, 200, 0, 64), 27, "bob", &error));
	assert_true(pool->acquire(pool, "bob", &a));
	assert_int_equal(a, IP(10, 200, 0, 0));
	assert_true(pool->acquire(pool, "alice", &a));
	assert_int_equal(a, IP(10, 200, 0, 32));
	pool->destroy(pool);

	pool = mguard_tranche_pool_create("p", IP(10, 0, 0, 0), 24, 32);
	assert_false(pool->restore(pool, IP(10, 0, 0, 0), 32, "a", &error));
	assert_false(pool->restore(pool, IP(10, 0, 0, 255), 32, "a", &error));
	assert_false(pool->restore(pool, IP(10, 0, 0, 7), 32, "", &error));
	pool->destroy(pool);
}

/* --- state file ------------------------------------------------------- */

typedef struct {
	array_t *pools;
	char log[4096];
	u_int leases, errors;
} load_t;

static void on_lease(void *user, u_int line, const char *name, uint32_t net,
					 uint8_t prefix, const char *id)
{
	load_t *load = user;
	mguard_tranche_pool_t *pool;
	const char *error;
	u_int i;

	for (i = 0; i < array_count(load->pools); i++)
	{
		array_get(load->pools, i, &pool);
		if (streq(pool->get_name(pool), name))
		{
			if (pool->restore(pool, net, prefix, id, &error))
			{
				load->leases++;
			}
			else
			{
				load->errors++;
			}
		}
	}
}

static void on_error(void *user, u_int line, const char *error)
{
	load_t *load = user;
	size_t len = strlen(load->log);

	snprintf(load->log + len, sizeof(load->log) - len, "%u: %s\n", line,
			 error);
	load->errors++;
}

static array_t *two_pools(void)
{
	array_t *pools = array_create(0, 0);

	array_insert(pools, ARRAY_TAIL, mguard_tranche_pool_create("mguard-a",
								IP(10, 200, 0, 0), 16, 28));
	array_insert(pools, ARRAY_TAIL, mguard_tranche_pool_create("mguard-b",
								IP(10, 9, 0, 0), 24, 32));
	return pools;
}

static void pools_destroy(array_t *pools)
{
	array_destroy_offset(pools, offsetof(mguard_tranche_pool_t, destroy));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(65536);

	assert_non_null(f);
	*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

static bool parse(load_t *load, const char *text)
{
	return mguard_tranche_file_parse(text, strlen(text), on_lease, on_error,
									 load);
}

static void test_file_roundtrip(void **unused)
{
	char dir[] = "/tmp/tranche-XXXXXX", path[64], *text;
	mguard_tranche_pool_t *pool;
	load_t load = {};
	array_t *pools;
	uint32_t a, b, c;
	struct stat st;
	size_t len;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tranches", dir);
	pools = two_pools();
	array_get(pools, 0, &pool);
	assert_true(pool->acquire(pool, "C=US, O=Smith and Co., CN=alice", &a));
	assert_true(pool->acquire(pool, "bob%\n\x01\xff", &b));
	array_get(pools, 1, &pool);
	assert_true(pool->acquire(pool, "carol", &c));
	assert_int_equal(mguard_tranche_file_write(path, pools), 0);
	pools_destroy(pools);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* charon restarted: every lease back, offline, for the same identity */
	text = slurp(path, &len);
	assert_non_null(strstr(text, "lease mguard-a 10.200.0.16/28 "
						   "bob%25%0A%01%FF\n"));
	load.pools = two_pools();
	assert_true(mguard_tranche_file_parse(text, len, on_lease, on_error,
										  &load));
	assert_int_equal(load.errors, 0);
	assert_int_equal(load.leases, 3);
	array_get(load.pools, 0, &pool);
	assert_true(pool->acquire(pool, "dave", &c));
	assert_int_equal(c, IP(10, 200, 0, 32));
	assert_true(pool->acquire(pool, "bob%\n\x01\xff", &c));
	assert_int_equal(c, b);
	assert_true(pool->acquire(pool, "C=US, O=Smith and Co., CN=alice", &c));
	assert_int_equal(c, a);
	array_get(load.pools, 1, &pool);
	assert_true(pool->acquire(pool, "carol", &c));
	assert_int_equal(c, IP(10, 9, 0, 1));
	pools_destroy(load.pools);
	free(text);
	unlink(path);
	rmdir(dir);
}

static void test_file_write_error(void **unused)
{
	array_t *pools = two_pools();

	assert_int_not_equal(mguard_tranche_file_write("/nonexistent/dir/t",
												   pools), 0);
	pools_destroy(pools);
}

static void test_file_damaged(void **unused)
{
	load_t load = { .pools = two_pools() };

	/* damaged lines are reported and skipped, the others kept */
	assert_true(parse(&load,
		"# comment\n"
		"mguard-tranche-leases 1\n"
		"lease mguard-a 10.200.0.16/28 alice\n"
		"lease mguard-a 10.200.0.256/28 bob\n"
		"lease mguard-a 10.200.0.032/28 bob\n"
		"lease mguard-a 10.200.0.32/28\n"
		"lease mguard-a 10.200.0.32/28 \n"
		"lease bad!pool 10.200.0.32/28 bob\n"
		"lease mguard-a 10.200.0.32/33 bob\n"
		"lease mguard-a 10.200.0.48/28 bo\tb\n"
		"lease mguard-a 10.200.0.48/28 bob%0\n"
		"lease mguard-a 10.200.0.48/28 bob%00\n"
		"lease mguard-a 10.200.0.17/28 carol\n"
		"lease mguard-a 10.200.0.16/28 dave\n"
		"bogus\n"
		"lease mguard-b 10.9.0.5/32 erin\n"
		"end\n"
		"lease mguard-b 10.9.0.6/32 frank\n"));
	assert_int_equal(load.leases, 2);
	/* 9 bad lines, 2 refused by the pool (host bits, leased twice),
	 * bogus, text after the end */
	assert_int_equal(load.errors, 13);
	assert_non_null(strstr(load.log, "4: bad network"));
	assert_non_null(strstr(load.log, "8: bad pool name"));
	assert_non_null(strstr(load.log, "10: bad identity"));
	assert_non_null(strstr(load.log, "15: unknown line"));
	assert_non_null(strstr(load.log, "18: text after the end line"));
	pools_destroy(load.pools);
}

static void test_file_torn(void **unused)
{
	load_t load = { .pools = two_pools() };

	/* cut in the middle of a line: the lines before it are kept */
	assert_true(parse(&load,
		"mguard-tranche-leases 1\n"
		"lease mguard-a 10.200.0.16/28 alice\n"
		"lease mguard-a 10.200.0.32/28 bo"));
	assert_int_equal(load.leases, 1);
	assert_non_null(strstr(load.log, "3: incomplete last line"));
	assert_non_null(strstr(load.log, "0: no end line"));
	pools_destroy(load.pools);

	/* not a lease file at all */
	memset(&load, 0, sizeof(load));
	load.pools = two_pools();
	assert_false(parse(&load, "lease mguard-a 10.200.0.16/28 alice\nend\n"));
	assert_int_equal(load.leases, 0);
	assert_false(parse(&load, ""));
	assert_false(parse(&load, "\0\0\0"));
	pools_destroy(load.pools);
}

static void test_file_long_line(void **unused)
{
	load_t load = { .pools = two_pools() };
	char text[4096];

	snprintf(text, sizeof(text), "mguard-tranche-leases 1\n"
			 "lease mguard-a 10.200.0.16/28 %0*d\nend\n", 1100, 0);
	assert_true(parse(&load, text));
	assert_int_equal(load.leases, 0);
	assert_non_null(strstr(load.log, "2: line too long"));
	/* an identity longer than 255 characters */
	memset(&load.log, 0, sizeof(load.log));
	snprintf(text, sizeof(text), "mguard-tranche-leases 1\n"
			 "lease mguard-a 10.200.0.16/28 %0*d\nend\n", 256, 0);
	assert_true(parse(&load, text));
	assert_non_null(strstr(load.log, "2: bad identity"));
	pools_destroy(load.pools);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tranches),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_single_addresses),
		cmocka_unit_test(test_exhaustion_release),
		cmocka_unit_test(test_reuse_order),
		cmocka_unit_test(test_never_twice),
		cmocka_unit_test(test_restore),
		cmocka_unit_test(test_file_roundtrip),
		cmocka_unit_test(test_file_write_error),
		cmocka_unit_test(test_file_damaged),
		cmocka_unit_test(test_file_torn),
		cmocka_unit_test(test_file_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
