/*
 * Tranche pool benchmark: N identities enrolling (a new lease each), the
 * same N coming back, and one write of the state file with all N leases
 * (mguard-control writes it at most once a second), against a baseline of
 * the same loop without the pool (strdup/free of the identity).
 *
 *   build/bench/bench_tranche [N] [STATE_FILE]
 *
 * Target: 10,000 clients enrol and come back in under a second each, and
 * the state file with 10,000 leases is written in under 100 ms (a tenth of
 * the write interval).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plugins/control/mguard_control_tranche_pool.h"
#include "plugins/control/mguard_control_tranche_file.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
	int i, n = argc > 1 ? atoi(argv[1]) : 10000;
	const char *state = argc > 2 ? argv[2] : "/tmp/bench-tranches";
	mguard_tranche_pool_t *pool;
	double t0, base, enrol, again, write;
	array_t *pools;
	char id[32], *copy;
	uint32_t net;

	pool = mguard_tranche_pool_create("mguard-bench", 0x0a000000, 8, 28);
	pools = array_create(0, 0);
	array_insert(pools, ARRAY_TAIL, pool);

	t0 = now();
	for (i = 0; i < n; i++)
	{
		snprintf(id, sizeof(id), "user%d", i);
		copy = strdup(id);
		free(copy);
	}
	base = now() - t0;

	t0 = now();
	for (i = 0; i < n; i++)
	{
		snprintf(id, sizeof(id), "user%d", i);
		if (!pool->acquire(pool, id, &net))
		{
			fprintf(stderr, "pool exhausted at %d\n", i);
			return 1;
		}
	}
	enrol = now() - t0;

	t0 = now();
	if (mguard_tranche_file_write(state, pools) != 0)
	{
		fprintf(stderr, "cannot write %s\n", state);
		return 1;
	}
	write = now() - t0;

	t0 = now();
	for (i = 0; i < n; i++)
	{
		snprintf(id, sizeof(id), "user%d", i);
		pool->acquire(pool, id, &net);
	}
	again = now() - t0;

	printf("%-44s %10s %12s\n", "tranche pool, /28 out of /8", "total s",
		   "per client");
	printf("%-44s %10.3f %10.1f us\n", "baseline (identity copy only)", base,
		   base / n * 1e6);
	printf("%-44s %10.3f %10.1f us\n", "enrol: a new lease each", enrol,
		   enrol / n * 1e6);
	printf("%-44s %10.3f %10.1f us\n", "come back: the same identities", again,
		   again / n * 1e6);
	printf("%-44s %10.3f %10s\n", "state file with all leases (fsync)", write,
		   "");
	printf("clients: %d, target: enrol and come back < 1 s, write < 0.1 s: "
		   "%s\n", n, enrol < 1 && again < 1 && write < 0.1 ? "met" : "MISSED");
	unlink(state);
	pool->destroy(pool);
	array_destroy(pools);
	return 0;
}
