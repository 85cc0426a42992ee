/*
 * Driver of bench/firewall.sh: the real mguard-firewall core (manager,
 * filter part, netlink batches) without charon, in the network namespace it
 * is started in.
 *
 * usage: bench_firewall MODEL TUN N
 *
 * Installs CHILD_SAs of connection "gw" (CHILD_SA gw-t1, kernel-libipsec
 * data path on device TUN): reqid 1 is the "hot" tunnel 198.18.1.0/24 (remote)
 * === 198.18.2.0/24 (local) that bench traffic uses, the others have remote
 * 100.64.0.0/10 /32s and local 172.16.0.0/24. At 10, 1,000 and N existing
 * tunnels it times 50 installs and their 50 removals, prints
 *   level EXISTING install_us MEDIAN P90 remove_us MEDIAN P90
 * and waits for a line on stdin (the script measures its baseline then).
 * With only the hot tunnel and after N it prints "ready 1" / "ready N" and
 * waits for a line (the script measures forwarding then); at the end it
 * removes every tunnel (timed: "remove_all N SECONDS") and exits.
 * BENCH_XFRM=1 in the environment: the CHILD_SAs use the kernel XFRM data
 * path (matched by reqid) instead.
 * BENCH_NAT=1: the NAT maps and rules of mguard_firewall_nat.c are added
 * too (setup(), as the NAT part does), and every CHILD_SA adds the two
 * elements of a local 1:1 NAT of its remote to 10.1.7.0/24 -> 172.16.0.0/24
 * (the hot tunnel's are for 10.99.0.0/24, which bench traffic does not
 * use): what the NAT part adds for such a tunnel. The NAT part itself
 * needs charon (gateway addresses).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include <library.h>
#include <utils/debug.h>

#include "mguard_firewall_child.h"
#include "mguard_firewall_filter.h"
#include "mguard_firewall_manager.h"
#include "mguard_firewall_nat_maps.h"

#define SAMPLES 50

static mguard_firewall_manager_t *manager;
static const char *tun;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double*)a, y = *(const double*)b;

	return x < y ? -1 : x > y;
}

static void add_ts(mguard_firewall_child_t *child, const char *cidr,
				   bool local)
{
	traffic_selector_t *ts;

	ts = traffic_selector_create_from_cidr((char*)cidr, 0, 0, 65535);
	mguard_firewall_child_add_ts(child, ts, local);
	ts->destroy(ts);
}

static bool up(uint32_t reqid)
{
	mguard_firewall_child_t *child;
	char remote[32];

	child = mguard_firewall_child_create(reqid, "gw-t1",
									getenv("BENCH_XFRM") ? NULL : tun);
	if (reqid == 1)
	{
		add_ts(child, "198.18.2.0/24", TRUE);
		add_ts(child, "198.18.1.0/24", FALSE);
	}
	else
	{
		snprintf(remote, sizeof(remote), "100.%u.%u.%u/32",
				 64 + (reqid >> 16), (reqid >> 8) & 0xff, reqid & 0xff);
		add_ts(child, "172.16.0.0/24", TRUE);
		add_ts(child, remote, FALSE);
	}
	return manager->child_up(manager, child);
}

/**
 * The NAT rules of a CHILD_SA of the bench (see above)
 */
static linked_list_t *nat_rules(mguard_firewall_child_t *child)
{
	mguard_firewall_nat_rule_t in = {
		.hook = MGUARD_FIREWALL_NAT_PRE,
		.dir = MGUARD_FIREWALL_NAT_FROM_TUNNEL,
		.daddr = htonl(0x0a010700),
		.daddr_prefix = 24,
		.dnat = TRUE,
		.to = htonl(0xac100000),
		.to_prefix = 24,
	}, out = {
		.hook = MGUARD_FIREWALL_NAT_POST,
		.dir = MGUARD_FIREWALL_NAT_INTO_TUNNEL,
		.saddr = htonl(0xac100000),
		.saddr_prefix = 24,
		.to = htonl(0x0a010700),
		.to_prefix = 24,
	};
	linked_list_t *rules = linked_list_create();
	traffic_selector_t *ts;
	host_t *net;
	uint8_t mask;

	if (child->remote_ts->get_first(child->remote_ts, (void**)&ts) == SUCCESS &&
		ts->to_subnet(ts, &net, &mask))
	{
		memcpy(&in.saddr, net->get_address(net).ptr, 4);
		in.saddr_prefix = mask;
		out.daddr = in.saddr;
		out.daddr_prefix = mask;
		net->destroy(net);
	}
	if (child->reqid == 1)
	{
		in.daddr = out.to = htonl(0x0a630000);
	}
	rules->insert_last(rules, memcpy(malloc(sizeof(in)), &in, sizeof(in)));
	rules->insert_last(rules, memcpy(malloc(sizeof(out)), &out, sizeof(out)));
	return rules;
}

/** the NAT maps in the table, as the NAT part keeps them */
static mguard_firewall_nat_maps_t *nat_maps;

static bool nat_setup(mguard_firewall_part_t *this,
					  mguard_firewall_table_t *table,
					  mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_where_t where = {
		.table = table->name,
		.tun = getenv("BENCH_XFRM") ? NULL : table->tun,
	};

	nat_maps->building(nat_maps);
	mguard_firewall_nat_setup(&where, batch);
	return TRUE;
}

static void nat_change(mguard_firewall_table_t *table,
					   mguard_firewall_child_t *child, bool add,
					   mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_where_t where = {
		.table = table->name,
		.tun = child->tun,
		.reqid = child->reqid,
	};
	linked_list_t *rules = nat_rules(child);

	nat_maps->elems(nat_maps, &where, rules, add, batch);
	rules->destroy_function(rules, free);
}

static bool nat_up(mguard_firewall_part_t *this,
				   mguard_firewall_table_t *table,
				   mguard_firewall_child_t *child,
				   mguard_firewall_batch_t *batch)
{
	nat_change(table, child, TRUE, batch);
	return TRUE;
}

static void nat_down(mguard_firewall_part_t *this,
					 mguard_firewall_table_t *table,
					 mguard_firewall_child_t *child,
					 mguard_firewall_batch_t *batch)
{
	nat_change(table, child, FALSE, batch);
}

static void nat_done(mguard_firewall_part_t *this, bool ok)
{
	nat_maps->done(nat_maps, ok);
}

static void nat_destroy(mguard_firewall_part_t *this)
{
	nat_maps->destroy(nat_maps);
}

static mguard_firewall_part_t nat_part = {
	.setup = nat_setup,
	.up = nat_up,
	.down = nat_down,
	.done = nat_done,
	.destroy = nat_destroy,
};

static void wait_line(void)
{
	char line[64];

	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
	{
		exit(0);
	}
}

/** time SAMPLES installs and removals on top of count tunnels */
static void level(uint32_t count)
{
	double in[SAMPLES], out[SAMPLES], t;
	int i;

	for (i = 0; i < SAMPLES; i++)
	{
		t = now_us();
		if (!up(count + 1 + i))
		{
			fprintf(stderr, "install %u failed\n", count + 1 + i);
			exit(1);
		}
		in[i] = now_us() - t;
	}
	for (i = 0; i < SAMPLES; i++)
	{
		t = now_us();
		manager->child_down(manager, count + 1 + i);
		out[i] = now_us() - t;
	}
	qsort(in, SAMPLES, sizeof(double), cmp_double);
	qsort(out, SAMPLES, sizeof(double), cmp_double);
	printf("level %u install_us %.0f %.0f remove_us %.0f %.0f\n", count,
		   in[SAMPLES / 2], in[SAMPLES * 9 / 10], out[SAMPLES / 2],
		   out[SAMPLES * 9 / 10]);
}

int main(int argc, char *argv[])
{
	mguard_report_t *report;
	mguard_model_t *model;
	mguard_fw_log_t log = { .group = -1, .rate = 10, .burst = 5 };
	uint32_t n, count = 0, levels[3], l;
	double t;

	if (argc != 4 || !(n = strtoul(argv[3], NULL, 10)) || n < 1000)
	{
		fprintf(stderr, "usage: bench_firewall MODEL TUN N (N >= 1000)\n");
		return 2;
	}
	tun = argv[2];
	library_init(NULL, "bench-firewall");
	dbg_default_set_level(0);
	report = mguard_report_create();
	model = mguard_model_load(argv[1], report);
	if (!model)
	{
		report->print(report, stderr);
		return 1;
	}
	manager = mguard_firewall_manager_create(mguard_firewall_nl_create(),
											 "mguard", tun);
	if (getenv("BENCH_NAT"))
	{	/* registered before the filter, as the plugin does */
		nat_maps = mguard_firewall_nat_maps_create();
		manager->add_part(manager, &nat_part);
	}
	manager->add_part(manager, mguard_firewall_filter_create(log, NULL,
															 NULL));
	if (!manager->start(manager, model))
	{
		fprintf(stderr, "building the table failed\n");
		return 1;
	}
	if (!up(++count))
	{
		fprintf(stderr, "install 1 failed\n");
		return 1;
	}
	printf("ready 1\n");
	wait_line();
	levels[0] = 10;
	levels[1] = 1000;
	levels[2] = n;
	for (l = 0; l < 3; l++)
	{
		t = now_us();
		while (count < levels[l])
		{
			if (!up(++count))
			{
				fprintf(stderr, "install %u failed\n", count);
				return 1;
			}
		}
		printf("filled %u in %.3f s\n", count, (now_us() - t) / 1e6);
		level(count);
		wait_line();
	}
	printf("ready %u\n", count);
	wait_line();
	t = now_us();
	while (count)
	{
		manager->child_down(manager, count--);
	}
	printf("remove_all %u %.3f\n", n, (now_us() - t) / 1e6);
	manager->destroy(manager);
	mguard_model_destroy(model);
	report->destroy(report);
	library_deinit();
	return 0;
}
