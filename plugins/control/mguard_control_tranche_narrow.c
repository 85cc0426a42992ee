/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_tranche_narrow.h"
#include "mguard_control_tranche_pool.h"

#include <daemon.h>

typedef struct private_mguard_control_tranche_narrow_t
	private_mguard_control_tranche_narrow_t;

/**
 * Private data of a mguard_control_tranche_narrow_t object.
 */
struct private_mguard_control_tranche_narrow_t {

	/**
	 * Public interface
	 */
	mguard_control_tranche_narrow_t public;

	/**
	 * The server's tranches
	 */
	mguard_control_tranche_t *tranche;
};

/**
 * First IPv4 virtual IP of a side of the IKE_SA
 */
static host_t *get_vip(ike_sa_t *ike_sa, bool local)
{
	enumerator_t *enumerator;
	host_t *vip, *found = NULL;

	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, local);
	while (enumerator->enumerate(enumerator, &vip))
	{
		if (vip->get_family(vip) == AF_INET)
		{
			found = vip;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Server: restrict the remote selectors to the peer's tranche
 */
static void narrow_server(private_mguard_control_tranche_narrow_t *this,
						  ike_sa_t *ike_sa, linked_list_t *remote)
{
	traffic_selector_t *ts, *tranche, *subset;
	enumerator_t *enumerator;
	linked_list_t *pools;
	peer_cfg_t *peer_cfg;
	bool changed = FALSE;
	char *pool;

	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (!peer_cfg)
	{
		return;
	}
	pools = linked_list_create();
	enumerator = peer_cfg->create_pool_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &pool))
	{
		pools->insert_last(pools, pool);
	}
	enumerator->destroy(enumerator);
	if (!this->tranche->get_tranche(this->tranche, pools,
									get_vip(ike_sa, FALSE), &tranche))
	{
		pools->destroy(pools);
		return;
	}
	pools->destroy(pools);

	enumerator = remote->create_enumerator(remote);
	while (enumerator->enumerate(enumerator, &ts))
	{
		subset = tranche ? ts->get_subset(ts, tranche) : NULL;
		if (subset && subset->equals(subset, ts))
		{
			subset->destroy(subset);
			continue;
		}
		changed = TRUE;
		remote->remove_at(remote, enumerator);
		ts->destroy(ts);
		if (subset)
		{
			remote->insert_before(remote, enumerator, subset);
		}
	}
	enumerator->destroy(enumerator);
	if (!tranche)
	{
		DBG1(DBG_CFG, "mguard-control: the peer of %s holds no tranche of "
			 "its pool, no traffic selectors", peer_cfg->get_name(peer_cfg));
	}
	else if (changed)
	{
		DBG1(DBG_CFG, "mguard-control: remote traffic selectors narrowed to "
			 "the tranche %R: %#R", tranche, remote);
	}
	DESTROY_IF(tranche);
}

/**
 * Prefix length of a netmask (host byte order), -1 if not contiguous
 */
static int mask_prefix(uint32_t mask)
{
	int prefix;

	for (prefix = 0; prefix < 32 && (mask & (1u << (31 - prefix))); prefix++)
	{
	}
	return mask == mguard_tranche_mask(prefix) ? prefix : -1;
}

/**
 * Prefix length of the INTERNAL_IP4_NETMASK the server sent, 32 if none
 */
static uint8_t received_prefix(ike_sa_t *ike_sa)
{
	configuration_attribute_type_t type;
	enumerator_t *enumerator;
	uint32_t mask;
	int prefix = 32;
	chunk_t data;
	bool handled;

	enumerator = ike_sa->create_attribute_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &type, &data, &handled))
	{
		if (type == INTERNAL_IP4_NETMASK && data.len == 4)
		{
			memcpy(&mask, data.ptr, 4);
			prefix = mask_prefix(ntohl(mask));
			break;
		}
	}
	enumerator->destroy(enumerator);
	/* not contiguous: no network */
	return prefix < 0 ? 32 : prefix;
}

/**
 * Client: widen the virtual IP in the local selectors to the network the
 * server assigned
 */
static void widen_client(ike_sa_t *ike_sa, linked_list_t *local)
{
	traffic_selector_t *ts, *net_ts;
	enumerator_t *enumerator;
	uint8_t prefix;
	host_t *vip;

	vip = get_vip(ike_sa, TRUE);
	if (!vip)
	{
		return;
	}
	prefix = received_prefix(ike_sa);
	if (prefix == 32)
	{
		return;
	}
	enumerator = local->create_enumerator(local);
	while (enumerator->enumerate(enumerator, &ts))
	{
		if (!ts->is_host(ts, vip))
		{
			continue;
		}
		net_ts = traffic_selector_create_from_subnet(vip->clone(vip), prefix,
								ts->get_protocol(ts), ts->get_from_port(ts),
								ts->get_to_port(ts));
		if (net_ts)
		{
			DBG1(DBG_CFG, "mguard-control: local traffic selector %R widened "
				 "to the assigned network %R", ts, net_ts);
			local->remove_at(local, enumerator);
			ts->destroy(ts);
			local->insert_before(local, enumerator, net_ts);
		}
	}
	enumerator->destroy(enumerator);
}

METHOD(listener_t, narrow, bool,
	private_mguard_control_tranche_narrow_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, narrow_hook_t type, linked_list_t *local,
	linked_list_t *remote)
{
	narrow_server(this, ike_sa, remote);
	widen_client(ike_sa, local);
	return TRUE;
}

/**
 * Append an address attribute (with a netmask if 8 bytes) to a buffer
 */
static void append_attr(char *buf, size_t len, chunk_t data)
{
	size_t used = strlen(buf);
	uint32_t mask;
	host_t *host;

	if (data.len != 4 && data.len != 8)
	{
		return;
	}
	host = host_create_from_chunk(AF_INET, chunk_create(data.ptr, 4), 0);
	if (!host)
	{
		return;
	}
	if (data.len == 8)
	{
		memcpy(&mask, data.ptr + 4, 4);
		snprintf(buf + used, len - used, " %H/%d", host,
				 mask_prefix(ntohl(mask)));
	}
	else
	{
		snprintf(buf + used, len - used, " %H", host);
	}
	host->destroy(host);
}

METHOD(listener_t, handle_vips, bool,
	private_mguard_control_tranche_narrow_t *this, ike_sa_t *ike_sa,
	bool handle)
{
	configuration_attribute_type_t type;
	char dns[128] = "", wins[128] = "", nets[512] = "";
	enumerator_t *enumerator;
	chunk_t data;
	bool handled;
	host_t *vip;

	vip = get_vip(ike_sa, TRUE);
	if (!handle || !vip)
	{
		return TRUE;
	}
	enumerator = ike_sa->create_attribute_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &type, &data, &handled))
	{
		switch (type)
		{
			case INTERNAL_IP4_DNS:
				append_attr(dns, sizeof(dns), data);
				break;
			case INTERNAL_IP4_NBNS:
				append_attr(wins, sizeof(wins), data);
				break;
			case INTERNAL_IP4_SUBNET:
				append_attr(nets, sizeof(nets), data);
				break;
			default:
				break;
		}
	}
	enumerator->destroy(enumerator);
	/* what the server sent, as the mGuard shows it (no secrets in it) */
	DBG1(DBG_CFG, "mguard-control: Mode Config from the server: address "
		 "%H/%u, DNS%s, WINS%s, networks%s", vip, received_prefix(ike_sa),
		 *dns ? dns : " none", *wins ? wins : " none",
		 *nets ? nets : " none");
	return TRUE;
}

METHOD(mguard_control_tranche_narrow_t, destroy, void,
	private_mguard_control_tranche_narrow_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_control_tranche_narrow_t *mguard_control_tranche_narrow_create(
										mguard_control_tranche_t *tranche)
{
	private_mguard_control_tranche_narrow_t *this;

	INIT(this,
		.public = {
			.listener = {
				.narrow = _narrow,
				.handle_vips = _handle_vips,
			},
			.destroy = _destroy,
		},
		.tranche = tranche,
	);
	return &this->public;
}
