/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_firewall_nat_part.h"
#include "mguard_firewall_nat.h"
#include "mguard_firewall_nat_maps.h"
#include "mguard_firewall_address.h"

#include <daemon.h>
#include <threading/mutex.h>

#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>

/** suffix of the Mode Config CHILD_SA's name, "<connection key>-modecfg" */
#define MODECFG_SUFFIX "-modecfg"

typedef struct private_mguard_firewall_nat_part_t
			private_mguard_firewall_nat_part_t;

/**
 * Private data.
 */
struct private_mguard_firewall_nat_part_t {

	/**
	 * Public interface.
	 */
	mguard_firewall_part_t public;

	/**
	 * The NAT maps in the table
	 */
	mguard_firewall_nat_maps_t *maps;

	/**
	 * Gateway addresses for kernel-libipsec routes
	 */
	mguard_firewall_address_t *address;

	/**
	 * Model of the last setup(), for the address listener
	 */
	mguard_model_t *model;

	/**
	 * Protects model
	 */
	mutex_t *mutex;
};

/**
 * Whether a connection starts on traffic: its trap policy routes packets
 * into the tunnel before any CHILD_SA exists, so the NAT of its tunnels has
 * to be there from the start (kernel-libipsec matches the policy on the
 * translated addresses); setup() adds these tunnels' map elements with the
 * model
 */
static bool on_traffic(mguard_connection_t *conn)
{
	return conn && conn->startup == MGUARD_STARTUP_ON_TRAFFIC;
}

/**
 * The connection of a Mode Config CHILD_SA (not a tunnel of the model)
 */
static mguard_connection_t *modecfg_conn(mguard_model_t *model,
										 const char *name)
{
	size_t len = strlen(name), slen = strlen(MODECFG_SUFFIX);
	mguard_connection_t *conn;
	char *key;

	if (!model || len <= slen || !streq(name + len - slen, MODECFG_SUFFIX))
	{
		return NULL;
	}
	key = strndup(name, len - slen);
	conn = mguard_model_get_connection(model, key);
	free(key);
	return conn;
}

/**
 * The address a Mode Config client's CHILD_SA was given: its local selector
 */
static host_t *child_vip(mguard_firewall_child_t *child)
{
	traffic_selector_t *ts;
	host_t *net;
	uint8_t mask;

	if (child->local_ts->get_first(child->local_ts, (void**)&ts) != SUCCESS ||
		ts->get_type(ts) != TS_IPV4_ADDR_RANGE || !ts->to_subnet(ts, &net, &mask))
	{
		return NULL;
	}
	if (mask != 32)
	{
		net->destroy(net);
		return NULL;
	}
	return net;
}

/**
 * Describe the NAT rules of a child; tells the real local networks too
 */
static int describe(mguard_firewall_table_t *table,
					mguard_firewall_child_t *child, linked_list_t *rules,
					linked_list_t *real)
{
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel = child->tunnel;
	enumerator_t *enumerator;
	mguard_nat_map_t *map;
	host_t *vip;
	int count;

	if (tunnel)
	{
		count = mguard_firewall_nat_describe(tunnel, rules);
		if (count && real)
		{
			switch (tunnel->local_nat)
			{
				case MGUARD_NAT_1TO1:
					enumerator = tunnel->local_nat_map->create_enumerator(
														tunnel->local_nat_map);
					while (enumerator->enumerate(enumerator, &map))
					{
						real->insert_last(real,
							traffic_selector_create_from_subnet(
								map->real->clone(map->real), map->netmask,
								0, 0, 65535));
					}
					enumerator->destroy(enumerator);
					if (real->get_count(real))
					{
						break;
					}
					/* fall-through */
				case MGUARD_NAT_MASQUERADE:
					if (tunnel->local_nat_network.net)
					{
						real->insert_last(real,
							traffic_selector_create_from_subnet(
								tunnel->local_nat_network.net->clone(
									tunnel->local_nat_network.net),
								tunnel->local_nat_network.prefix, 0, 0, 65535));
					}
					break;
				default:
					break;
			}
		}
		return count;
	}
	conn = child->conn ?: modecfg_conn(table->model, child->name);
	if (!conn)
	{
		return 0;
	}
	vip = child_vip(child);
	count = mguard_firewall_nat_describe_modecfg(&conn->mode_config, vip,
												 rules);
	DESTROY_IF(vip);
	if (count && real)
	{
		real->insert_last(real, traffic_selector_create_from_subnet(
				conn->mode_config.local_nat_network.net->clone(
					conn->mode_config.local_nat_network.net),
				conn->mode_config.local_nat_network.prefix, 0, 0, 65535));
	}
	return count;
}

/**
 * Addresses the trap policies of a model need: those of the NAT tunnels of
 * connections that start on traffic
 */
static linked_list_t *trap_addresses(mguard_model_t *model)
{
	enumerator_t *conns, *tunnels;
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
	linked_list_t *addrs;
	host_t *addr;

	addrs = linked_list_create();
	if (!model)
	{
		return addrs;
	}
	conns = mguard_model_create_connection_enumerator(model);
	while (conns->enumerate(conns, &conn))
	{
		if (conn->startup != MGUARD_STARTUP_ON_TRAFFIC)
		{
			continue;
		}
		tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			addr = mguard_firewall_nat_gateway_address(tunnel);
			if (addr)
			{
				addrs->insert_last(addrs, addr);
			}
		}
		tunnels->destroy(tunnels);
	}
	conns->destroy(conns);
	return addrs;
}

/**
 * Add the NAT of the tunnels that start on traffic
 */
static void setup_traps(private_mguard_firewall_nat_part_t *this,
						mguard_firewall_table_t *table,
						mguard_firewall_nat_where_t *where,
						mguard_firewall_batch_t *batch)
{
	enumerator_t *conns, *tunnels;
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
	linked_list_t *rules;

	if (!table->model)
	{
		return;
	}
	rules = linked_list_create();
	conns = mguard_model_create_connection_enumerator(table->model);
	while (conns->enumerate(conns, &conn))
	{
		if (!on_traffic(conn))
		{
			continue;
		}
		tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			mguard_firewall_nat_describe(tunnel, rules);
		}
		tunnels->destroy(tunnels);
	}
	conns->destroy(conns);
	this->maps->elems(this->maps, where, rules, TRUE, batch);
	rules->destroy_function(rules, free);
}

METHOD(mguard_firewall_part_t, setup, bool,
	private_mguard_firewall_nat_part_t *this, mguard_firewall_table_t *table,
	mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_where_t where = {
		.table = table->name,
		/* the reqid is not known yet: from the tunnel by address with XFRM */
		.tun = lib->get(lib, "kernel-libipsec-tun") ? table->tun : NULL,
	};
	mguard_model_t *old;

	this->address->set_standing(this->address, trap_addresses(table->model));
	this->maps->building(this->maps);
	mguard_firewall_nat_setup(&where, batch);
	setup_traps(this, table, &where, batch);

	this->mutex->lock(this->mutex);
	old = this->model;
	this->model = table->model ? mguard_model_get_ref(table->model) : NULL;
	this->mutex->unlock(this->mutex);
	if (old)
	{
		mguard_model_destroy(old);
	}
	return TRUE;
}

METHOD(mguard_firewall_part_t, up, bool,
	private_mguard_firewall_nat_part_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_where_t where = {
		.table = table->name,
		.tun = child->tun,
		.reqid = child->reqid,
	};
	linked_list_t *rules, *real;

	rules = linked_list_create();
	real = linked_list_create();
	if (!describe(table, child, rules, real))
	{
		rules->destroy(rules);
		real->destroy(real);
		return TRUE;
	}
	if (!on_traffic(child->conn))
	{
		this->maps->elems(this->maps, &where, rules, TRUE, batch);
		DBG2(DBG_CHD, "NAT of CHILD_SA %s (reqid %u): %d map elements",
			 child->name, child->reqid, rules->get_count(rules));
	}
	rules->destroy_function(rules, free);
	if (real->get_count(real))
	{	/* the filter sees local hosts by their real addresses */
		child->filter_local->destroy_offset(child->filter_local,
									offsetof(traffic_selector_t, destroy));
		child->filter_local = real;
	}
	else
	{
		real->destroy(real);
	}
	return TRUE;
}

METHOD(mguard_firewall_part_t, down, void,
	private_mguard_firewall_nat_part_t *this, mguard_firewall_table_t *table,
	mguard_firewall_child_t *child, mguard_firewall_batch_t *batch)
{
	mguard_firewall_nat_where_t where = {
		.table = table->name,
		.tun = child->tun,
		.reqid = child->reqid,
	};
	linked_list_t *rules;

	rules = linked_list_create();
	if (describe(table, child, rules, NULL) && !on_traffic(child->conn))
	{	/* the same elements up() added */
		this->maps->elems(this->maps, &where, rules, FALSE, batch);
	}
	rules->destroy_function(rules, free);
}

/**
 * The gateway address a CHILD_SA of a NAT tunnel needs (address listener)
 */
static host_t *child_address(private_mguard_firewall_nat_part_t *this,
							 child_sa_t *child_sa)
{
	mguard_connection_t *conn;
	mguard_tunnel_t *tunnel;
	enumerator_t *conns, *tunnels;
	host_t *addr = NULL;
	char name[160];

	this->mutex->lock(this->mutex);
	if (!this->model)
	{
		this->mutex->unlock(this->mutex);
		return NULL;
	}
	conns = mguard_model_create_connection_enumerator(this->model);
	while (!addr && conns->enumerate(conns, &conn))
	{
		tunnels = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			mguard_tunnel_child_name(conn, tunnel, name, sizeof(name));
			if (streq(name, child_sa->get_name(child_sa)))
			{
				addr = mguard_firewall_nat_gateway_address(tunnel);
				break;
			}
		}
		tunnels->destroy(tunnels);
	}
	conns->destroy(conns);
	this->mutex->unlock(this->mutex);
	return addr;
}

METHOD(mguard_firewall_part_t, done, void,
	private_mguard_firewall_nat_part_t *this, bool ok)
{
	this->maps->done(this->maps, ok);
}

METHOD(mguard_firewall_part_t, destroy, void,
	private_mguard_firewall_nat_part_t *this)
{
	this->maps->destroy(this->maps);
	this->address->destroy(this->address);
	if (this->model)
	{
		mguard_model_destroy(this->model);
	}
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
mguard_firewall_part_t *mguard_firewall_nat_part_create(void)
{
	private_mguard_firewall_nat_part_t *this;

	INIT(this,
		.public = {
			.setup = _setup,
			.up = _up,
			.down = _down,
			.done = _done,
			.destroy = _destroy,
		},
		.maps = mguard_firewall_nat_maps_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	this->address = mguard_firewall_address_create((void*)child_address, this);
	return &this->public;
}
