/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_tcp_config mguard_tcp_config
 * @{ @ingroup mguard_tcp
 */

#ifndef MGUARD_TCP_CONFIG_H_
#define MGUARD_TCP_CONFIG_H_

#include <library.h>
#include <networking/host.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

#include <mguard_model_store.h>

#include "mguard_tcp_proxy.h"

typedef struct mguard_tcp_config_t mguard_tcp_config_t;
typedef struct mguard_tcp_endpoint_t mguard_tcp_endpoint_t;

/**
 * Where the responder listens
 */
struct mguard_tcp_endpoint_t {
	/** address to bind to (%any with an interface) */
	host_t *addr;
	/** interface to bind to (SO_BINDTODEVICE), NULL for none */
	char *ifname;
};

/**
 * What the TCP socket does, from the model and the plugin's settings
 */
struct mguard_tcp_config_t {
	/** local port of TCP connections (mguard-swanctl's local_port) */
	uint16_t initiator_port;
	/** the same for Path Finder connections */
	uint16_t pf_initiator_port;
	/** TCP port to listen on, 0 for none */
	uint16_t listen_port;
	/** Path Finder (TLS) port to listen on, 0 for none */
	uint16_t pf_listen_port;
	/** Path Finder server certificate and key files */
	char *pf_cert, *pf_key;
	/** CA files a Path Finder connection checks the server with:
	 *  connection key (char*) => linked_list_t of char* */
	hashtable_t *pf_cas;
	/** mguard_tcp_endpoint_t*, where to listen */
	linked_list_t *endpoints;
	/** this responder's server ID */
	u_int server_id;
	/** server ID each TCP connection asks for: connection key (char*) =>
	 *  (uintptr_t) server ID, for those with a server ID other than 0 */
	hashtable_t *server_ids;
	/** largest frame, length field included */
	u_int max_frame;
	/** bytes queued for sending per stream before packets are dropped */
	u_int max_out;
	/** streams without an IKE_SA, in total and per source address */
	u_int max_unauth;
	u_int max_unauth_per_source;
	/** seconds a stream may take to send its prefix and first frame */
	u_int handshake_timeout;
	/** seconds a frame may take to arrive once begun */
	u_int frame_timeout;
	/** seconds a stream may stay without an IKE_SA */
	u_int auth_timeout;
	/** seconds between reconnects, doubling up to max_backoff */
	u_int backoff;
	u_int max_backoff;
	/** seconds a connect may take */
	u_int connect_timeout;
	/** the HTTP proxy initiators go through, NULL for none */
	mguard_tcp_proxy_t *proxy;
};

/**
 * Read the configuration: the plugin's settings and the model's
 * global.tcp_encapsulation, global.interfaces and the %any connections
 *
 * @param store		the model store (parses the model once for every plugin)
 * @param model_path	model file (a missing file means the defaults)
 * @return				configuration, NULL if the model is invalid (logged)
 */
mguard_tcp_config_t *mguard_tcp_config_load(mguard_model_store_t *store,
											const char *model_path);

/**
 * Whether a port is one charon's packets for streams leave from
 */
static inline bool mguard_tcp_config_initiator(mguard_tcp_config_t *config,
											   uint16_t port)
{
	return port == config->initiator_port || port == config->pf_initiator_port;
}

/**
 * Whether a port is one the responder listens on
 */
static inline bool mguard_tcp_config_listening(mguard_tcp_config_t *config,
											   uint16_t port)
{
	return port && (port == config->listen_port ||
					port == config->pf_listen_port);
}

/**
 * Whether two configurations listen alike
 */
bool mguard_tcp_config_same_listen(mguard_tcp_config_t *a,
								   mguard_tcp_config_t *b);

/**
 * Free a configuration (NULL allowed)
 */
void mguard_tcp_config_destroy(mguard_tcp_config_t *config);

#endif /** MGUARD_TCP_CONFIG_H_ @}*/
