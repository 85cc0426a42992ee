/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup vpn_status_data vpn_status_data
 * @{ @ingroup vpn_status
 *
 * What the status page shows, gathered in one pass: the connections from
 * mguard-control (`table`, `license` on the control socket), the IKE_SAs
 * with their CHILD_SAs and the child configs of each connection from
 * charon over vici (`list-sas`, `list-conns`). Nothing is parsed from a
 * program's output.
 *
 * Each connection is put in one of the seed's lists:
 * - established: at least one CHILD_SA of it is installed;
 * - pending: Started, and an IKE_SA of it exists (being negotiated, or
 *   established without an installed CHILD_SA: the seed's "parameters may
 *   not match" case);
 * - waiting: Started, no SA yet (traps, waiting for the peer, retrying);
 * - none: Stopped or Disabled (only in the connection table).
 * A CHILD_SA belongs to the connection owning its child config, an IKE_SA
 * to every connection that has a CHILD_SA in it, or else to the
 * connection of its peer config (two connections may share an IKE_SA).
 */

#ifndef VPN_STATUS_DATA_H_
#define VPN_STATUS_DATA_H_

#include <library.h>
#include <collections/array.h>

#include "cgi/vpn_status_input.h"

/** a vici value that was not reported */
#define VS_NONE -1

/**
 * Lists of the page.
 */
typedef enum {
	VS_LIST_NONE,
	VS_LIST_WAITING,
	VS_LIST_PENDING,
	VS_LIST_ESTABLISHED,
} vs_list_t;

/**
 * Names of the lists ("none", "waiting", ...), for %N.
 */
extern enum_name_t *vs_list_names;

/**
 * Algorithms of an SA as vici reports them (NULL where not reported).
 */
typedef struct {
	char *encr;
	int64_t encr_keysize;
	char *integ;
	char *prf;
	char *dh;
} vs_algs_t;

/**
 * A CHILD_SA.
 */
typedef struct {
	char *name;
	int64_t uniqueid, reqid;
	char *state, *mode, *protocol, *spi_in, *spi_out;
	bool encap;
	vs_algs_t algs;
	int64_t bytes_in, bytes_out, packets_in, packets_out;
	/** seconds since installed, until rekeying, until expiry */
	int64_t install_time, rekey_time, life_time;
	/** traffic selectors, char* each */
	array_t *local_ts, *remote_ts;
	/** key of the owning connection, NULL if unknown (not owned) */
	char *conn;
} vs_child_t;

/**
 * An IKE_SA.
 */
typedef struct {
	char *name;
	int64_t uniqueid, version;
	char *state;
	char *local_host, *local_id, *remote_host, *remote_id;
	int64_t local_port, remote_port;
	bool initiator;
	vs_algs_t algs;
	/** seconds since established, until rekeying, until reauthentication */
	int64_t established, rekey_time, reauth_time;
	/** vs_child_t* */
	array_t *children;
} vs_ike_t;

/**
 * A connection of the model with what charon has of it.
 */
typedef struct {
	/** as mguard-control reports it */
	vs_row_t row;
	/** its list */
	vs_list_t list;
	/** names of its child configs in charon, as far as needed (those of
	 * its SAs, all for children_of of vs_status_gather()), char*, owned */
	array_t *children;
	/** IKE_SAs it has a part in (vs_ike_t*, not owned) */
	array_t *ikes;
	/** whether one of them is established */
	bool ike_up;
	/** bytes of its CHILD_SAs */
	uint64_t bytes_in, bytes_out;
} vs_conn_t;

/**
 * Everything the page shows.
 */
typedef struct {
	/** connections in model order, vs_conn_t* */
	array_t *conns;
	/** IKE_SAs, vs_ike_t* */
	array_t *ikes;
	/** whether the license counter answered */
	bool license_known;
	/** peers connected, licensed (0: unlimited) */
	unsigned peers, licensed;
	/** time of the snapshot */
	time_t now;
} vs_status_t;

/**
 * Gather the status; needs vici_init() (once per process: libvici does
 * not survive a vici_deinit() followed by another vici_init()).
 *
 * @param vici_uri		vici socket URI (NULL: libvici's default)
 * @param control_uri	control socket URI
 * @param children_of	key of a connection whose child configs must be
 *						known even without SAs (Restart), or NULL
 * @param status		receives the status; free with vs_status_free()
 * @param err			receives a one-line reason on failure
 * @param err_len		size of err
 * @return				0, or the HTTP status to answer (502, 503, 504)
 */
int vs_status_gather(char *vici_uri, char *control_uri,
					 const char *children_of, vs_status_t *status,
					 char *err, size_t err_len);

/**
 * Find a connection by key.
 *
 * @return				the connection, NULL if none
 */
vs_conn_t *vs_status_find(vs_status_t *status, const char *key);

/**
 * Free a status.
 */
void vs_status_free(vs_status_t *status);

#endif /** VPN_STATUS_DATA_H_ @}*/
