/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_config.h"
#include "mguard_tcp_frame.h"

#include <errno.h>
#include <unistd.h>

#include <mguard_model.h>
#include <mguard_model_store.h>
#include <mguard_tcp.h>
#include <networking/packet.h>


/**
 * Read an integer setting of the plugin
 */
static u_int setting(const char *key, u_int def)
{
	return lib->settings->get_int(lib->settings,
								  "%s.plugins.mguard-tcp.%s", def, lib->ns, key);
}

/**
 * Add a listening endpoint unless the same one is there
 */
static void add_endpoint(linked_list_t *endpoints, host_t *addr,
						 const char *ifname)
{
	enumerator_t *enumerator;
	mguard_tcp_endpoint_t *ep;
	bool found = FALSE;

	enumerator = endpoints->create_enumerator(endpoints);
	while (enumerator->enumerate(enumerator, &ep))
	{
		if (ep->addr->ip_equals(ep->addr, addr) &&
			streq(ep->ifname ?: "", ifname ?: ""))
		{
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	if (!found)
	{
		INIT(ep,
			.addr = addr->clone(addr),
			.ifname = strdupnull(ifname),
		);
		endpoints->insert_last(endpoints, ep);
	}
}

/**
 * Take what the socket needs from a valid model
 */
/**
 * The CA files a Path Finder connection trusts: its remote_ca file, its
 * remote_certificate (with remote_ca = none), or for remote_ca = any every
 * CA file the model names
 */
static linked_list_t *pf_cas(mguard_model_t *model, mguard_connection_t *conn)
{
	enumerator_t *enumerator;
	mguard_connection_t *other;
	linked_list_t *cas;

	cas = linked_list_create();
	switch (conn->auth.remote_ca)
	{
		case MGUARD_CA_FILE:
			cas->insert_last(cas, strdup(conn->auth.remote_ca_file));
			break;
		case MGUARD_CA_NONE:
			if (conn->auth.remote_certificate)
			{
				cas->insert_last(cas, strdup(conn->auth.remote_certificate));
			}
			break;
		case MGUARD_CA_ANY:
			enumerator = mguard_model_create_connection_enumerator(model);
			while (enumerator->enumerate(enumerator, &other))
			{
				if (other->auth.remote_ca == MGUARD_CA_FILE &&
					!cas->find_first(cas, linked_list_match_str, NULL,
									 other->auth.remote_ca_file))
				{
					cas->insert_last(cas, strdup(other->auth.remote_ca_file));
				}
			}
			enumerator->destroy(enumerator);
			break;
	}
	return cas;
}

static void from_model(mguard_tcp_config_t *config, mguard_model_t *model)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn;
	const char *ifname;
	host_t *any;

	if (model->global.tcp_encapsulation.listen)
	{
		config->listen_port = model->global.tcp_encapsulation.port;
		config->server_id = model->global.tcp_encapsulation.server_id;
	}
	if (model->global.proxy.host)
	{
		mguard_tcp_proxy_t proxy = {
			.host = model->global.proxy.host,
			.port = model->global.proxy.port,
			.user = model->global.proxy.user,
			.password = model->global.proxy.password,
			.auth = model->global.proxy.auth,
		};
		config->proxy = mguard_tcp_proxy_clone(&proxy);
	}
	if (model->global.path_finder.listen)
	{
		config->pf_listen_port = model->global.path_finder.port;
		config->pf_cert = strdupnull(model->global.path_finder.certificate);
		config->pf_key = strdupnull(model->global.path_finder.key);
	}
	any = host_create_any(AF_INET);
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode == MGUARD_MODE_DISABLED)
		{
			continue;
		}
		if (conn->encapsulation != MGUARD_ENCAP_NONE &&
			conn->encapsulation_server_id)
		{
			config->server_ids->put(config->server_ids, strdup(conn->key),
						(void*)(uintptr_t)conn->encapsulation_server_id);
		}
		if (conn->encapsulation == MGUARD_ENCAP_PATH_FINDER)
		{
			config->pf_cas->put(config->pf_cas, strdup(conn->key),
								pf_cas(model, conn));
		}
		if (conn->gateway_any &&
			(config->listen_port || config->pf_listen_port))
		{
			/* listen where the %any connection accepts its peers */
			ifname = mguard_model_any_ifname(model, conn);
			if (conn->any_address)
			{
				add_endpoint(config->endpoints, conn->any_address, NULL);
			}
			else if (ifname)
			{
				add_endpoint(config->endpoints, any, ifname);
			}
		}
	}
	enumerator->destroy(enumerator);
	any->destroy(any);
	if ((config->listen_port || config->pf_listen_port) &&
		!config->endpoints->get_count(config->endpoints))
	{
		DBG1(DBG_CFG, "mguard-tcp: TCP encapsulation listens on no interface: "
			 "no enabled connection with gateway %%any names one");
	}
}

/*
 * Described in header
 */
mguard_tcp_config_t *mguard_tcp_config_load(mguard_model_store_t *store,
											const char *model_path)
{
	mguard_tcp_config_t *config;
	mguard_report_t *report;
	mguard_model_t *model;
	u_int max_packet;

	max_packet = lib->settings->get_int(lib->settings, "%s.max_packet",
										PACKET_MAX_DEFAULT, lib->ns);
	INIT(config,
		.initiator_port = lib->settings->get_int(lib->settings,
							MGUARD_TCP_INITIATOR_PORT_KEY,
							MGUARD_TCP_INITIATOR_PORT),
		.pf_initiator_port = lib->settings->get_int(lib->settings,
							MGUARD_TCP_PATH_FINDER_PORT_KEY,
							MGUARD_TCP_PATH_FINDER_PORT),
		.pf_cas = hashtable_create(hashtable_hash_str, hashtable_equals_str, 8),
		.endpoints = linked_list_create(),
		.server_ids = hashtable_create(hashtable_hash_str,
									   hashtable_equals_str, 8),
		.max_frame = min(setting("max_frame", max_packet + MGUARD_TCP_LENGTH_LEN),
						 MGUARD_TCP_FRAME_MAX),
		.max_out = setting("max_out", 262144),
		.max_unauth = setting("max_unauthenticated", 1000),
		.max_unauth_per_source = setting("max_unauthenticated_per_source", 10),
		.handshake_timeout = setting("handshake_timeout", 10),
		.frame_timeout = setting("frame_timeout", 10),
		.auth_timeout = setting("auth_timeout", 60),
		.backoff = max(setting("backoff", 1), 1),
		.max_backoff = setting("max_backoff", 30),
		.connect_timeout = setting("connect_timeout", 10),
	);
	config->max_frame = max(config->max_frame, MGUARD_TCP_FRAME_MIN);
	config->max_out = max(config->max_out, config->max_frame + 16);

	if (access(model_path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "mguard-tcp: model %s does not exist, not listening",
			 model_path);
		return config;
	}
	report = mguard_report_create();
	model = store->get_model(store, model_path, report);
	report->log(report);
	report->destroy(report);
	if (!model)
	{
		DBG1(DBG_CFG, "mguard-tcp: model %s is invalid", model_path);
		mguard_tcp_config_destroy(config);
		return NULL;
	}
	from_model(config, model);
	mguard_model_destroy(model);
	return config;
}

/*
 * Described in header
 */
bool mguard_tcp_config_same_listen(mguard_tcp_config_t *a,
								   mguard_tcp_config_t *b)
{
	enumerator_t *ea, *eb;
	mguard_tcp_endpoint_t *pa, *pb;
	bool same;

	if (a->listen_port != b->listen_port ||
		a->pf_listen_port != b->pf_listen_port ||
		!streq(a->pf_cert ?: "", b->pf_cert ?: "") ||
		!streq(a->pf_key ?: "", b->pf_key ?: "") ||
		a->endpoints->get_count(a->endpoints) !=
		b->endpoints->get_count(b->endpoints))
	{
		return FALSE;
	}
	same = TRUE;
	ea = a->endpoints->create_enumerator(a->endpoints);
	eb = b->endpoints->create_enumerator(b->endpoints);
	while (same && ea->enumerate(ea, &pa) && eb->enumerate(eb, &pb))
	{
		same = pa->addr->ip_equals(pa->addr, pb->addr) &&
			   streq(pa->ifname ?: "", pb->ifname ?: "");
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return same;
}

CALLBACK(endpoint_destroy, void,
	mguard_tcp_endpoint_t *ep)
{
	ep->addr->destroy(ep->addr);
	free(ep->ifname);
	free(ep);
}

/*
 * Described in header
 */
void mguard_tcp_config_destroy(mguard_tcp_config_t *config)
{
	enumerator_t *enumerator;
	linked_list_t *cas;
	char *key;

	if (!config)
	{
		return;
	}
	config->endpoints->destroy_function(config->endpoints, endpoint_destroy);
	enumerator = config->server_ids->create_enumerator(config->server_ids);
	while (enumerator->enumerate(enumerator, &key, NULL))
	{
		free(key);
	}
	enumerator->destroy(enumerator);
	config->server_ids->destroy(config->server_ids);
	enumerator = config->pf_cas->create_enumerator(config->pf_cas);
	while (enumerator->enumerate(enumerator, &key, &cas))
	{
		free(key);
		cas->destroy_function(cas, free);
	}
	enumerator->destroy(enumerator);
	config->pf_cas->destroy(config->pf_cas);
	free(config->pf_cert);
	free(config->pf_key);
	mguard_tcp_proxy_destroy(config->proxy);
	free(config);
}
