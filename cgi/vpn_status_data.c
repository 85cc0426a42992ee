/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_status_data.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <libvici.h>
#include <collections/hashtable.h>

#include "mguard_control_client.h"

ENUM(vs_list_names, VS_LIST_NONE, VS_LIST_ESTABLISHED,
	"none",
	"waiting",
	"pending",
	"established",
);

/** longest vici value taken over (longer ones are cut) */
#define VALUE_MAX 1024

/**
 * State of one gathering
 */
typedef struct {
	/** the status being built */
	vs_status_t *status;
	/** child config name -> connection key (both owned) */
	hashtable_t *owners;
	/** a message could not be parsed, or a line was refused */
	const char *error;
} gather_t;

/**
 * Kinds of vici values taken over
 */
typedef enum {
	FIELD_STR,
	FIELD_INT,
	FIELD_BOOL,
} field_type_t;

/**
 * A vici key and where its value goes
 */
typedef struct {
	const char *key;
	field_type_t type;
	size_t offset;
} field_t;

#define IKE(k, t, m) { k, FIELD_##t, offsetof(vs_ike_t, m) }
#define CHILD(k, t, m) { k, FIELD_##t, offsetof(vs_child_t, m) }

static const field_t ike_fields[] = {
	IKE("uniqueid",		INT,	uniqueid),
	IKE("version",		INT,	version),
	IKE("state",		STR,	state),
	IKE("local-host",	STR,	local_host),
	IKE("local-port",	INT,	local_port),
	IKE("local-id",		STR,	local_id),
	IKE("remote-host",	STR,	remote_host),
	IKE("remote-port",	INT,	remote_port),
	IKE("remote-id",	STR,	remote_id),
	IKE("initiator",	BOOL,	initiator),
	IKE("encr-alg",		STR,	algs.encr),
	IKE("encr-keysize",	INT,	algs.encr_keysize),
	IKE("integ-alg",	STR,	algs.integ),
	IKE("prf-alg",		STR,	algs.prf),
	IKE("dh-group",		STR,	algs.dh),
	IKE("established",	INT,	established),
	IKE("rekey-time",	INT,	rekey_time),
	IKE("reauth-time",	INT,	reauth_time),
};

static const field_t child_fields[] = {
	CHILD("name",			STR,	name),
	CHILD("uniqueid",		INT,	uniqueid),
	CHILD("reqid",			INT,	reqid),
	CHILD("state",			STR,	state),
	CHILD("mode",			STR,	mode),
	CHILD("protocol",		STR,	protocol),
	CHILD("encap",			BOOL,	encap),
	CHILD("spi-in",			STR,	spi_in),
	CHILD("spi-out",		STR,	spi_out),
	CHILD("encr-alg",		STR,	algs.encr),
	CHILD("encr-keysize",	INT,	algs.encr_keysize),
	CHILD("integ-alg",		STR,	algs.integ),
	CHILD("prf-alg",		STR,	algs.prf),
	CHILD("dh-group",		STR,	algs.dh),
	CHILD("bytes-in",		INT,	bytes_in),
	CHILD("bytes-out",		INT,	bytes_out),
	CHILD("packets-in",		INT,	packets_in),
	CHILD("packets-out",	INT,	packets_out),
	CHILD("install-time",	INT,	install_time),
	CHILD("rekey-time",		INT,	rekey_time),
	CHILD("life-time",		INT,	life_time),
};

/**
 * The current value as a string: at most VALUE_MAX bytes, control bytes
 * and NUL replaced by '?'
 */
static char *value_str(vici_res_t *res)
{
	char *value, *str;
	int len, i;

	value = vici_parse_value(res, &len);
	if (!value || len < 0)
	{
		return strdup("");
	}
	len = min(len, VALUE_MAX);
	str = malloc(len + 1);
	for (i = 0; i < len; i++)
	{
		str[i] = ((unsigned char)value[i] < 0x20 || value[i] == 0x7f) ?
				 '?' : value[i];
	}
	str[len] = '\0';
	return str;
}

/**
 * The current value as a non-negative number, VS_NONE if it is none
 */
static int64_t value_int(vici_res_t *res)
{
	char *value, *end;
	long long n;

	value = value_str(res);
	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno || end == value || *end || n < 0)
	{
		n = VS_NONE;
	}
	free(value);
	return n;
}

/**
 * Take over a key's value if it is one of fields
 */
static void set_field(void *obj, const field_t *fields, int count,
					  vici_res_t *res)
{
	char *str, **dst;
	int i;

	for (i = 0; i < count; i++)
	{
		if (vici_parse_name_eq(res, (char*)fields[i].key))
		{
			break;
		}
	}
	if (i == count)
	{
		return;
	}
	switch (fields[i].type)
	{
		case FIELD_STR:
			dst = (char**)((char*)obj + fields[i].offset);
			free(*dst);
			*dst = value_str(res);
			break;
		case FIELD_INT:
			*(int64_t*)((char*)obj + fields[i].offset) = value_int(res);
			break;
		case FIELD_BOOL:
			str = value_str(res);
			*(bool*)((char*)obj + fields[i].offset) = streq(str, "yes");
			free(str);
			break;
	}
}

static void algs_free(vs_algs_t *algs)
{
	free(algs->encr);
	free(algs->integ);
	free(algs->prf);
	free(algs->dh);
}

static void strings_destroy(array_t *list)
{
	array_destroy_function(list, (void*)free, NULL);
}

static void child_destroy(vs_child_t *child)
{
	if (child)
	{
		free(child->name);
		free(child->state);
		free(child->mode);
		free(child->protocol);
		free(child->spi_in);
		free(child->spi_out);
		free(child->conn);
		algs_free(&child->algs);
		strings_destroy(child->local_ts);
		strings_destroy(child->remote_ts);
		free(child);
	}
}

static void ike_destroy(vs_ike_t *ike)
{
	if (ike)
	{
		free(ike->name);
		free(ike->state);
		free(ike->local_host);
		free(ike->local_id);
		free(ike->remote_host);
		free(ike->remote_id);
		algs_free(&ike->algs);
		array_destroy_function(ike->children, (void*)child_destroy, NULL);
		free(ike);
	}
}

static vs_child_t *child_create()
{
	vs_child_t *child;

	INIT(child,
		.uniqueid = VS_NONE,
		.reqid = VS_NONE,
		.algs = { .encr_keysize = VS_NONE },
		.bytes_in = VS_NONE,
		.bytes_out = VS_NONE,
		.packets_in = VS_NONE,
		.packets_out = VS_NONE,
		.install_time = VS_NONE,
		.rekey_time = VS_NONE,
		.life_time = VS_NONE,
		.local_ts = array_create(0, 0),
		.remote_ts = array_create(0, 0),
	);
	return child;
}

static vs_ike_t *ike_create(char *name)
{
	vs_ike_t *ike;

	INIT(ike,
		.name = strdup(name ?: ""),
		.uniqueid = VS_NONE,
		.version = VS_NONE,
		.local_port = VS_NONE,
		.remote_port = VS_NONE,
		.algs = { .encr_keysize = VS_NONE },
		.established = VS_NONE,
		.rekey_time = VS_NONE,
		.reauth_time = VS_NONE,
		.children = array_create(0, 0),
	);
	return ike;
}

/**
 * A list-sa event: one IKE_SA with its CHILD_SAs
 */
static void list_sa(void *data, char *event, vici_res_t *res)
{
	gather_t *this = data;
	vs_ike_t *ike = NULL;
	vs_child_t *child = NULL;
	array_t *list = NULL;
	bool in_children = FALSE;
	int depth = 0;

	while (TRUE)
	{
		switch (vici_parse(res))
		{
			case VICI_PARSE_BEGIN_SECTION:
				depth++;
				if (depth == 1 && !ike)
				{
					ike = ike_create(vici_parse_name(res));
				}
				else if (depth == 2)
				{
					in_children = vici_parse_name_eq(res, "child-sas");
				}
				else if (depth == 3 && in_children && !child)
				{
					child = child_create();
				}
				continue;
			case VICI_PARSE_END_SECTION:
				if (depth == 3 && child)
				{
					array_insert(ike->children, ARRAY_TAIL, child);
					child = NULL;
				}
				else if (depth == 1 && ike)
				{
					array_insert(this->status->ikes, ARRAY_TAIL, ike);
					ike = NULL;
				}
				depth--;
				continue;
			case VICI_PARSE_KEY_VALUE:
				if (depth == 1 && ike)
				{
					set_field(ike, ike_fields, countof(ike_fields), res);
				}
				else if (depth == 3 && child)
				{
					set_field(child, child_fields, countof(child_fields),
							  res);
				}
				continue;
			case VICI_PARSE_BEGIN_LIST:
				if (depth == 3 && child)
				{
					if (vici_parse_name_eq(res, "local-ts"))
					{
						list = child->local_ts;
					}
					else if (vici_parse_name_eq(res, "remote-ts"))
					{
						list = child->remote_ts;
					}
				}
				continue;
			case VICI_PARSE_LIST_ITEM:
				if (list)
				{
					array_insert(list, ARRAY_TAIL, value_str(res));
				}
				continue;
			case VICI_PARSE_END_LIST:
				list = NULL;
				continue;
			case VICI_PARSE_END:
				break;
			case VICI_PARSE_ERROR:
			default:
				this->error = "malformed list-sa event from charon";
				break;
		}
		break;
	}
	child_destroy(child);
	ike_destroy(ike);
}

/**
 * A list-conn event: which connection owns which child configs
 */
static void list_conn(void *data, char *event, vici_res_t *res)
{
	gather_t *this = data;
	char *conn = NULL, *child;
	bool in_children = FALSE;
	int depth = 0;

	while (TRUE)
	{
		switch (vici_parse(res))
		{
			case VICI_PARSE_BEGIN_SECTION:
				depth++;
				if (depth == 1 && !conn)
				{
					conn = strdup(vici_parse_name(res) ?: "");
				}
				else if (depth == 2)
				{
					in_children = vici_parse_name_eq(res, "children");
				}
				else if (depth == 3 && in_children && conn)
				{
					child = vici_parse_name(res);
					if (child && !this->owners->get(this->owners, child))
					{
						this->owners->put(this->owners, strdup(child),
										  strdup(conn));
					}
				}
				continue;
			case VICI_PARSE_END_SECTION:
				depth--;
				continue;
			case VICI_PARSE_KEY_VALUE:
			case VICI_PARSE_BEGIN_LIST:
			case VICI_PARSE_LIST_ITEM:
			case VICI_PARSE_END_LIST:
				continue;
			case VICI_PARSE_END:
				break;
			case VICI_PARSE_ERROR:
			default:
				this->error = "malformed list-conn event from charon";
				break;
		}
		break;
	}
	free(conn);
}

/**
 * Run a streaming vici command
 */
static int vici_list(vici_conn_t *conn, char *cmd, char *event,
					 vici_event_cb_t cb, gather_t *this, const char *ike,
					 char *err, size_t err_len)
{
	vici_req_t *req;
	vici_res_t *res;

	if (vici_register(conn, event, cb, this) != 0)
	{
		snprintf(err, err_len, "vici: cannot register for %s: %s", event,
				 strerror(errno));
		return 502;
	}
	req = vici_begin(cmd);
	if (ike)
	{
		vici_add_key_valuef(req, "ike", "%s", ike);
	}
	res = vici_submit(req, conn);
	vici_register(conn, event, NULL, NULL);
	if (!res)
	{
		snprintf(err, err_len, "vici: %s failed: %s", cmd, strerror(errno));
		return 502;
	}
	vici_free_res(res);
	if (this->error)
	{
		snprintf(err, err_len, "%s", this->error);
		return 502;
	}
	return 0;
}

/**
 * Learn which connection owns the child configs of the SAs (and of the
 * connection children_of): list-conns of each IKE_SA's own connection,
 * which owns its CHILD_SAs unless two connections share the IKE_SA; only
 * then all connections (list-conns of 1,000 connections costs more than
 * everything else the page needs)
 */
static int load_owners(vici_conn_t *conn, gather_t *this,
					   const char *children_of, char *err, size_t err_len)
{
	hashtable_t *asked;
	vs_ike_t *ike;
	vs_child_t *child;
	bool all = FALSE;
	int code = 0, i, j;

	asked = hashtable_create(hashtable_hash_str, hashtable_equals_str, 16);
	if (children_of)
	{
		code = vici_list(conn, "list-conns", "list-conn", list_conn, this,
						 children_of, err, err_len);
		asked->put(asked, (void*)children_of, (void*)children_of);
	}
	for (i = 0; !code && i < array_count(this->status->ikes); i++)
	{
		array_get(this->status->ikes, i, &ike);
		if (!asked->get(asked, ike->name))
		{
			asked->put(asked, ike->name, ike->name);
			code = vici_list(conn, "list-conns", "list-conn", list_conn,
							 this, ike->name, err, err_len);
		}
		for (j = 0; !code && j < array_count(ike->children); j++)
		{
			array_get(ike->children, j, &child);
			all |= child->name && !this->owners->get(this->owners,
													 child->name);
		}
	}
	asked->destroy(asked);
	if (!code && all)
	{
		code = vici_list(conn, "list-conns", "list-conn", list_conn, this,
						 NULL, err, err_len);
	}
	return code;
}

/**
 * A table line of mguard-control
 */
static void table_line(void *data, const mgc_line_t *line)
{
	gather_t *this = data;
	vs_conn_t *conn;
	const char *reason;

	if (line->type != MGC_LINE_LINE || this->error)
	{
		return;
	}
	INIT(conn,
		.ikes = array_create(0, 0),
		.children = array_create(0, 0),
	);
	if (!vs_row_parse(line->text, &conn->row, &reason))
	{
		array_destroy(conn->ikes);
		array_destroy(conn->children);
		free(conn);
		this->error = reason;
		return;
	}
	array_insert(this->status->conns, ARRAY_TAIL, conn);
}

/**
 * Parse "LABEL: N" of the license answer
 */
static bool license_number(const char *text, const char *label, unsigned *n)
{
	size_t len = strlen(label);
	char *end;
	unsigned long v;

	if (strncmp(text, label, len))
	{
		return FALSE;
	}
	text += len;
	if (streq(text, "unlimited"))
	{
		*n = 0;
		return TRUE;
	}
	if (*text < '0' || *text > '9')
	{
		return FALSE;
	}
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v > UINT_MAX)
	{
		return FALSE;
	}
	*n = v;
	return TRUE;
}

static void license_line(void *data, const mgc_line_t *line)
{
	gather_t *this = data;

	if (line->type == MGC_LINE_LINE &&
		!license_number(line->text, "peers connected: ", &this->status->peers))
	{
		license_number(line->text, "peers licensed: ",
					   &this->status->licensed);
	}
}

/**
 * Ask mguard-control
 */
static int control(char *uri, mgc_verb_t verb, mgc_line_cb_t cb,
				   gather_t *this, mgc_line_t *final, char *err,
				   size_t err_len)
{
	char final_buf[MGC_LINE_MAX];

	switch (mgc_client_call(uri, verb, NULL, 0, cb, this, final, final_buf,
							sizeof(final_buf), err, err_len))
	{
		case MGC_CALL_OK:
			if (this->error)
			{
				snprintf(err, err_len, "mguard-control: %s", this->error);
				return 502;
			}
			final->text = NULL;
			return 0;
		case MGC_CALL_CONNECT:
			snprintf(err, err_len, "charon is not running (no control "
					 "socket)");
			return 503;
		case MGC_CALL_DENIED:
			snprintf(err, err_len, "no permission to use the control socket");
			return 503;
		case MGC_CALL_CONNECT_TIMEOUT:
			snprintf(err, err_len, "charon's control socket accepts no "
					 "connection (busy or stalled)");
			return 503;
		case MGC_CALL_TIMEOUT:
			return 504;
		default:
			return 502;
	}
}

/**
 * Add an IKE_SA to a connection once
 */
static void conn_add_ike(vs_conn_t *conn, vs_ike_t *ike)
{
	vs_ike_t *current;
	int i;

	for (i = 0; i < array_count(conn->ikes); i++)
	{
		array_get(conn->ikes, i, &current);
		if (current == ike)
		{
			return;
		}
	}
	array_insert(conn->ikes, ARRAY_TAIL, ike);
	if (ike->state && streq(ike->state, "ESTABLISHED"))
	{
		conn->ike_up = TRUE;
	}
}

/**
 * Assign SAs to connections, connections to lists
 */
static void classify(gather_t *this, hashtable_t *by_key)
{
	vs_status_t *status = this->status;
	vs_conn_t *conn;
	vs_ike_t *ike;
	vs_child_t *child;
	bool any, started, installed;
	char *owner;
	int i, j;

	for (i = 0; i < array_count(status->ikes); i++)
	{
		array_get(status->ikes, i, &ike);
		any = FALSE;
		for (j = 0; j < array_count(ike->children); j++)
		{
			array_get(ike->children, j, &child);
			owner = child->name ? this->owners->get(this->owners, child->name)
								: NULL;
			conn = owner ? by_key->get(by_key, owner) : NULL;
			if (!conn)
			{
				continue;
			}
			child->conn = strdup(owner);
			conn_add_ike(conn, ike);
			any = TRUE;
			if (child->state && streq(child->state, "INSTALLED"))
			{
				conn->list = VS_LIST_ESTABLISHED;
				conn->bytes_in += max(child->bytes_in, 0);
				conn->bytes_out += max(child->bytes_out, 0);
			}
		}
		if (!any)
		{
			conn = by_key->get(by_key, ike->name);
			if (conn)
			{
				conn_add_ike(conn, ike);
			}
		}
	}
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		if (conn->list == VS_LIST_ESTABLISHED)
		{
			continue;
		}
		installed = conn->row.up > 0;
		started = streq(conn->row.mode, "started");
		if (installed)
		{	/* installed a moment ago, after we asked vici */
			conn->list = VS_LIST_PENDING;
		}
		else if (started && array_count(conn->ikes))
		{
			conn->list = VS_LIST_PENDING;
		}
		else if (started && !streq(conn->row.status, "void"))
		{
			conn->list = VS_LIST_WAITING;
		}
		else
		{
			conn->list = array_count(conn->ikes) ? VS_LIST_PENDING
												 : VS_LIST_NONE;
		}
	}
}

int vs_status_gather(char *vici_uri, char *control_uri,
					 const char *children_of, vs_status_t *status,
					 char *err, size_t err_len)
{
	gather_t this = {
		.status = status,
		.owners = hashtable_create(hashtable_hash_str, hashtable_equals_str,
								   64),
	};
	hashtable_t *by_key;
	enumerator_t *enumerator;
	vici_conn_t *conn;
	mgc_line_t final;
	vs_conn_t *c;
	char *k, *v;
	int code, i;

	*status = (vs_status_t){
		.conns = array_create(0, 0),
		.ikes = array_create(0, 0),
		.now = time(NULL),
	};
	by_key = hashtable_create(hashtable_hash_str, hashtable_equals_str, 64);

	code = control(control_uri, MGC_TABLE, table_line, &this, &final, err,
				   err_len);
	if (!code && final.type == MGC_LINE_ERROR)
	{
		snprintf(err, err_len, "mguard-control refuses the table request "
				 "(%d; an older plugin?)", final.code);
		code = 502;
	}
	if (!code)
	{
		status->license_known = control(control_uri, MGC_LICENSE,
							license_line, &this, &final, err, err_len) == 0 &&
							final.type == MGC_LINE_DONE;
		err[0] = '\0';
		conn = vici_connect(vici_uri);
		if (!conn)
		{
			snprintf(err, err_len, "cannot connect to charon's vici socket "
					 "(%s): %s", vici_uri ?: "default", strerror(errno));
			code = 503;
		}
		else
		{
			code = vici_list(conn, "list-sas", "list-sa", list_sa, &this,
							 NULL, err, err_len);
			if (!code)
			{
				code = load_owners(conn, &this, children_of, err, err_len);
			}
			vici_disconnect(conn);
		}
	}
	if (!code)
	{
		for (i = 0; i < array_count(status->conns); i++)
		{
			array_get(status->conns, i, &c);
			if (!by_key->get(by_key, c->row.key))
			{
				by_key->put(by_key, c->row.key, c);
			}
		}
		enumerator = this.owners->create_enumerator(this.owners);
		while (enumerator->enumerate(enumerator, &k, &v))
		{
			c = by_key->get(by_key, v);
			if (c)
			{
				array_insert(c->children, ARRAY_TAIL, strdup(k));
			}
		}
		enumerator->destroy(enumerator);
		classify(&this, by_key);
	}
	by_key->destroy(by_key);
	enumerator = this.owners->create_enumerator(this.owners);
	while (enumerator->enumerate(enumerator, &k, &v))
	{
		free(k);
		free(v);
	}
	enumerator->destroy(enumerator);
	this.owners->destroy(this.owners);
	if (code)
	{
		vs_status_free(status);
	}
	return code;
}

vs_conn_t *vs_status_find(vs_status_t *status, const char *key)
{
	vs_conn_t *conn;
	int i;

	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		if (streq(conn->row.key, key))
		{
			return conn;
		}
	}
	return NULL;
}

static void conn_destroy(vs_conn_t *conn)
{
	vs_row_free(&conn->row);
	array_destroy(conn->ikes);
	strings_destroy(conn->children);
	free(conn);
}

void vs_status_free(vs_status_t *status)
{
	array_destroy_function(status->conns, (void*)conn_destroy, NULL);
	array_destroy_function(status->ikes, (void*)ike_destroy, NULL);
	status->conns = status->ikes = NULL;
}
