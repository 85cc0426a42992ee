/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/*
 * Building the model from the settings tree: sections and tables in file
 * order, each key through its rule (mguard_model_rules.c), the defaults of
 * MODEL.md, and the destruction of what was built.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_model_parse.h"
#include "mguard_values.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * Described in header
 */
void mguard_model_report(ctx_t *ctx, mguard_severity_t severity,
						 const char *path, const char *fmt, ...)
{
	char msg[1024], prefix[PATH_LEN], *dot;
	const char *file = NULL;
	va_list args;
	int line;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);

	if (ctx->conf && path && *path)
	{	/* the entry, else its nearest section */
		snprintf(prefix, sizeof(prefix), "%s", path);
		while (!(file = ctx->conf->get_location(ctx->conf, prefix, &line)))
		{
			dot = strrchr(prefix, '.');
			if (!dot)
			{
				break;
			}
			*dot = '\0';
		}
	}
	ctx->report->add(ctx->report, severity, file ?: ctx->file, path, "%s",
					 msg);
}

/**
 * Join a section path and a name
 */
static char *join(const char *path, const char *name, char *buf, size_t len)
{
	if (path && *path)
	{
		snprintf(buf, len, "%s.%s", path, name);
	}
	else
	{
		snprintf(buf, len, "%s", name);
	}
	return buf;
}


/**
 * Create an enumerator over the subsection names of a path (file order)
 */
static enumerator_t *create_sections(ctx_t *ctx, const char *path)
{
	return ctx->conf->create_section_enumerator(ctx->conf, path);
}

/**
 * Create an enumerator over the key/values of a path (file order); the
 * value of an empty key (`key =`) is NULL
 */
static enumerator_t *create_values(ctx_t *ctx, const char *path)
{
	return ctx->conf->create_key_value_enumerator(ctx->conf, path);
}

/**
 * Refuse section references (`name : other {`): the model has none
 */
static void check_references(ctx_t *ctx, const char *path)
{
	enumerator_t *enumerator;
	char *ref;

	enumerator = ctx->conf->create_reference_enumerator(ctx->conf, path);
	if (enumerator->enumerate(enumerator, &ref))
	{
		ERR(ctx, path, "section reference ': %s' not allowed; allowed: "
			"sections without references", ref);
	}
	enumerator->destroy(enumerator);
}

/**
 * List the keys of a definition for messages
 */
static char *list_keys(const key_def_t *defs, const char *const *sections,
					   char *buf, size_t len)
{
	size_t pos = 0;
	int i, written;

	buf[0] = '\0';
	for (i = 0; defs && defs[i].name; i++)
	{
		written = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
						   defs[i].name);
		if (written < 0 || (size_t)written >= len - pos)
		{
			return buf;
		}
		pos += written;
	}
	for (i = 0; sections && sections[i]; i++)
	{
		written = snprintf(buf + pos, len - pos, "%s%s { }", pos ? ", " : "",
						   sections[i]);
		if (written < 0 || (size_t)written >= len - pos)
		{
			return buf;
		}
		pos += written;
	}
	if (!pos)
	{
		snprintf(buf, len, "nothing");
	}
	return buf;
}


/**
 * Parse the keys of a section and check its subsections
 */
static void parse_section(ctx_t *ctx, const char *path, const key_def_t *defs,
						  const char *const *sections, void *base)
{
	enumerator_t *enumerator;
	char keypath[PATH_LEN], allowed[1024], *key, *value;
	const key_def_t *def;
	int i;

	check_references(ctx, path);
	enumerator = create_values(ctx, path);
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		join(path, key, keypath, sizeof(keypath));
		for (def = defs; def && def->name; def++)
		{
			if (streq(def->name, key))
			{
				break;
			}
		}
		if (!def || !def->name)
		{
			ERR(ctx, keypath, "unknown key; allowed: %s",
				list_keys(defs, sections, allowed, sizeof(allowed)));
			continue;
		}
		if (!value)
		{	/* `key =` keeps the default */
			continue;
		}
		if (strlen(value) > MGUARD_MAX_VALUE)
		{
			ERR(ctx, keypath, "value too long; allowed: up to %d characters",
				MGUARD_MAX_VALUE);
			continue;
		}
		def->parse(ctx, keypath, def, value, base);
	}
	enumerator->destroy(enumerator);

	enumerator = create_sections(ctx, path);
	while (enumerator->enumerate(enumerator, &key))
	{
		for (i = 0; sections && sections[i]; i++)
		{
			if (streq(sections[i], key))
			{
				break;
			}
		}
		if (!sections || !sections[i])
		{
			join(path, key, keypath, sizeof(keypath));
			ERR(ctx, keypath, "unknown section; allowed: %s",
				list_keys(defs, sections, allowed, sizeof(allowed)));
		}
	}
	enumerator->destroy(enumerator);
}

/**
 * Callback parsing one entry of a table section
 */
typedef void (*table_cb_t)(ctx_t *ctx, const char *path, const char *key,
						   void *data);

/**
 * Parse a table: a section of subsections (no keys), in file order
 */
static void parse_table(ctx_t *ctx, const char *path, table_cb_t cb,
						void *data)
{
	enumerator_t *enumerator;
	char sub[PATH_LEN], *key, *value;
	u_int count = 0;

	enumerator = create_values(ctx, path);
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		ERR(ctx, join(path, key, sub, sizeof(sub)), "unknown key; "
			"allowed: only sections (one per table entry)");
	}
	enumerator->destroy(enumerator);

	check_references(ctx, path);
	enumerator = create_sections(ctx, path);
	while (enumerator->enumerate(enumerator, &key))
	{
		join(path, key, sub, sizeof(sub));
		if (++count > MGUARD_MODEL_MAX_TABLE)
		{
			ERR(ctx, path, "too many entries; allowed: up to %d",
				MGUARD_MODEL_MAX_TABLE);
			break;
		}
		if (strlen(sub) >= PATH_LEN - 64)
		{
			ERR(ctx, sub, "section name too long");
			continue;
		}
		cb(ctx, sub, key, data);
	}
	enumerator->destroy(enumerator);
}

/**
 * Destroy a firewall rule
 */
static void fw_rule_destroy(mguard_fw_rule_t *rule)
{
	free(rule->key);
	mguard_model_addr_clear(&rule->from);
	mguard_model_addr_clear(&rule->to);
	free(rule->from_port.str);
	free(rule->to_port.str);
	free(rule->action_record);
	free(rule->comment);
	free(rule);
}

/**
 * Parse a firewall rule into the list given as data
 */
static void parse_fw_rule(ctx_t *ctx, const char *path, const char *key,
						  void *data)
{
	linked_list_t *list = data;
	mguard_fw_rule_t *rule;

	INIT(rule,
		.key = strdup(key),
		.action = MGUARD_ACTION_ACCEPT,
	);
	mguard_model_parse_addr("0.0.0.0/0", FALSE, FALSE, &rule->from);
	mguard_model_parse_addr("0.0.0.0/0", FALSE, FALSE, &rule->to);
	mguard_model_parse_ports("any", FALSE, &rule->from_port);
	mguard_model_parse_ports("any", FALSE, &rule->to_port);
	parse_section(ctx, path, mguard_model_fw_rule_keys, NULL, rule);
	list->insert_last(list, rule);
}

/**
 * Destroy a group
 */
static void group_destroy(mguard_group_t *group, void (*cb)(void*))
{
	group->entries->destroy_function(group->entries, cb);
	free(group->name);
	free(group);
}

static void ip_group_destroy(mguard_group_t *group)
{
	group_destroy(group, (void*)mguard_model_addr_destroy);
}

/**
 * Free a ports entry in a port group
 */
static void ports_destroy(mguard_ports_t *ports)
{
	free(ports->str);
	free(ports);
}

static void port_group_destroy(mguard_group_t *group)
{
	group_destroy(group, (void*)ports_destroy);
}

static void rule_record_destroy(mguard_group_t *group)
{
	group_destroy(group, (void*)fw_rule_destroy);
}

/**
 * Parse a rule record
 */
static void parse_rule_record(ctx_t *ctx, const char *path, const char *key,
							  void *data)
{
	mguard_group_t *group;

	INIT(group,
		.name = strdup(key),
		.entries = linked_list_create(),
	);
	parse_table(ctx, path, parse_fw_rule, group->entries);
	ctx->model->rule_records->insert_last(ctx->model->rule_records, group);
}

static void check_no_sections(ctx_t *ctx, const char *path);

/**
 * Parse the groups section
 */
static void parse_groups(ctx_t *ctx)
{
	static const char *const sections[] = { "ip", "port", "rules", NULL };
	enumerator_t *enumerator, *items;
	mguard_group_t *group;
	char path[PATH_LEN], *key, *value, *item;

	parse_section(ctx, "groups", NULL, sections, NULL);

	enumerator = create_values(ctx, "groups.ip");
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		join("groups.ip", key, path, sizeof(path));
		INIT(group,
			.name = strdup(key),
			.entries = linked_list_create(),
		);
		items = mguard_list_create_enumerator(value ?: "");
		while (items->enumerate(items, &item))
		{
			mguard_addr_t *addr;

			INIT(addr);
			if (mguard_model_parse_addr(item, TRUE, FALSE, addr))
			{
				group->entries->insert_last(group->entries, addr);
			}
			else
			{
				ERR(ctx, path, "'%s' is not an address; allowed: a.b.c.d, "
					"a.b.c.d/n, a range a.b.c.d-e.f.g.h or a host name", item);
				free(addr);
			}
		}
		items->destroy(items);
		if (!group->entries->get_count(group->entries))
		{
			ERR(ctx, path, "empty group; allowed: a list of addresses");
		}
		ctx->model->ip_groups->insert_last(ctx->model->ip_groups, group);
	}
	enumerator->destroy(enumerator);
	check_no_sections(ctx, "groups.ip");

	enumerator = create_values(ctx, "groups.port");
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		join("groups.port", key, path, sizeof(path));
		INIT(group,
			.name = strdup(key),
			.entries = linked_list_create(),
		);
		items = mguard_list_create_enumerator(value ?: "");
		while (items->enumerate(items, &item))
		{
			mguard_ports_t *ports;

			INIT(ports);
			if (mguard_model_parse_ports(item, FALSE, ports) &&
				ports->type == MGUARD_PORTS_RANGE)
			{
				group->entries->insert_last(group->entries, ports);
			}
			else
			{
				ERR(ctx, path, "'%s' is not a port; allowed: N, N:M or a "
					"service name", item);
				ports_destroy(ports);
			}
		}
		items->destroy(items);
		if (!group->entries->get_count(group->entries))
		{
			ERR(ctx, path, "empty group; allowed: a list of ports");
		}
		ctx->model->port_groups->insert_last(ctx->model->port_groups, group);
	}
	enumerator->destroy(enumerator);

	check_no_sections(ctx, "groups.port");

	parse_table(ctx, "groups.rules", parse_rule_record, NULL);
}

/**
 * Check only for unknown subsections (keys are parsed by the caller)
 */
static void check_no_sections(ctx_t *ctx, const char *path)
{
	enumerator_t *enumerator;
	char sub[PATH_LEN], *key;

	enumerator = create_sections(ctx, path);
	while (enumerator->enumerate(enumerator, &key))
	{
		ERR(ctx, join(path, key, sub, sizeof(sub)), "unknown section; "
			"allowed: only keys (one per group)");
	}
	enumerator->destroy(enumerator);
}

/**
 * Destroy an XAuth user
 */
static void xauth_user_destroy(mguard_xauth_user_t *user)
{
	free(user->key);
	free(user->name);
	if (user->password)
	{
		memwipe(user->password, strlen(user->password));
		free(user->password);
	}
	free(user);
}

/**
 * Parse an XAuth user
 */
static void parse_xauth_user(ctx_t *ctx, const char *path, const char *key,
							 void *data)
{
	mguard_xauth_user_t *user;
	char sub[PATH_LEN];

	INIT(user,
		.key = strdup(key),
	);
	parse_section(ctx, path, mguard_model_xauth_user_keys, NULL, user);
	if (!user->name)
	{
		ERR(ctx, join(path, "name", sub, sizeof(sub)), "missing; allowed: "
			"the XAuth login name");
	}
	if (!user->password)
	{
		ERR(ctx, join(path, "password", sub, sizeof(sub)), "missing; "
			"allowed: the XAuth password");
	}
	ctx->model->xauth_users->insert_last(ctx->model->xauth_users, user);
}

/**
 * Parse the global section
 */
static void parse_global(ctx_t *ctx)
{
	static const char *const sections[] = { "archive", "tcp_encapsulation",
		"path_finder", "proxy", "dyndns", "license", "l2tp", "interfaces",
		"service_inputs", NULL };
	static const struct {
		const char *name;
		const key_def_t *defs;
	} subs[] = {
		{ "global.archive", mguard_model_archive_keys },
		{ "global.tcp_encapsulation", mguard_model_tcp_encap_keys },
		{ "global.path_finder", mguard_model_path_finder_keys },
		{ "global.proxy", mguard_model_proxy_keys },
		{ "global.dyndns", mguard_model_dyndns_keys },
		{ "global.license", mguard_model_license_keys },
		{ "global.l2tp", mguard_model_l2tp_keys },
		{ "global.interfaces", mguard_model_interfaces_keys },
		{ "global.service_inputs", mguard_model_service_inputs_keys },
	};
	mguard_global_t *g = &ctx->model->global;
	u_int i;

	g->archive.dir = strdup("/var/lib/mguard/archive");
	g->archive.max_size = 1024 * 1024;
	g->tcp_encapsulation.port = 8080;
	g->path_finder.port = 443;
	g->remote_access_ports = linked_list_create();
	g->proxy.port = 3128;
	g->ipsec_mtu = 16260;
	g->dyndns.interval = 300;
	g->l2tp.local_ip = mguard_parse_ipv4("10.106.106.1");
	g->l2tp.remote_start = mguard_parse_ipv4("10.106.106.2");
	g->l2tp.remote_end = mguard_parse_ipv4("10.106.106.254");
	g->interfaces.internal = strdup("eth1");
	g->interfaces.external = strdup("eth0");

	parse_section(ctx, "global", mguard_model_global_keys, sections, g);
	for (i = 0; i < countof(subs); i++)
	{
		parse_section(ctx, subs[i].name, subs[i].defs, NULL, g);
	}
}

/**
 * Destroy a 1:1 NAT map entry
 */
static void nat_map_destroy(mguard_nat_map_t *map)
{
	free(map->key);
	DESTROY_IF(map->real);
	DESTROY_IF(map->virtual);
	free(map->comment);
	free(map);
}

/**
 * Parse a 1:1 NAT map entry
 */
static void parse_nat_map(ctx_t *ctx, const char *path, const char *key,
						  void *data)
{
	linked_list_t *list = data;
	mguard_nat_map_t *map;
	char sub[PATH_LEN];

	INIT(map,
		.key = strdup(key),
		.netmask = 32,
	);
	parse_section(ctx, path, mguard_model_nat_map_keys, NULL, map);
	if (!map->real)
	{
		ERR(ctx, join(path, "real", sub, sizeof(sub)), "missing; allowed: "
			"the real IPv4 network address");
	}
	if (!map->virtual)
	{
		ERR(ctx, join(path, "virtual", sub, sizeof(sub)), "missing; allowed: "
			"the virtual IPv4 network address");
	}
	list->insert_last(list, map);
}

/**
 * Destroy a tunnel
 */
static void tunnel_destroy(mguard_tunnel_t *tunnel)
{
	free(tunnel->key);
	free(tunnel->comment);
	mguard_model_net_clear(&tunnel->local);
	mguard_model_net_clear(&tunnel->remote);
	mguard_model_net_clear(&tunnel->local_nat_network);
	mguard_model_net_clear(&tunnel->remote_nat_network);
	tunnel->local_nat_map->destroy_function(tunnel->local_nat_map,
											(void*)nat_map_destroy);
	free(tunnel);
}

/**
 * Parse a tunnel
 */
static void parse_tunnel(ctx_t *ctx, const char *path, const char *key,
						 void *data)
{
	static const char *const sections[] = { "local_nat", "remote_nat", NULL };
	static const char *const nat_sections[] = { "map", NULL };
	mguard_connection_t *conn = data;
	mguard_tunnel_t *tunnel;
	char sub[PATH_LEN];

	INIT(tunnel,
		.key = strdup(key),
		.enabled = TRUE,
		.local_nat_map = linked_list_create(),
	);
	parse_section(ctx, path, mguard_model_tunnel_keys, sections, tunnel);
	parse_section(ctx, join(path, "local_nat", sub, sizeof(sub)),
				  mguard_model_local_nat_keys, nat_sections, tunnel);
	parse_table(ctx, join(path, "local_nat.map", sub, sizeof(sub)),
				parse_nat_map, tunnel->local_nat_map);
	parse_section(ctx, join(path, "remote_nat", sub, sizeof(sub)),
				  mguard_model_remote_nat_keys, NULL, tunnel);
	conn->tunnels->insert_last(conn->tunnels, tunnel);
}

/**
 * Destroy a connection
 */
static void connection_destroy(mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	int i;

	free(conn->key);
	free(conn->name);
	free(conn->gateway);
	DESTROY_IF(conn->any_address);
	free(conn->sms_token);

	mguard_model_net_clear(&mc->local_network);
	mc->local_networks->destroy_function(mc->local_networks,
										 (void*)mguard_model_net_destroy);
	mguard_model_net_clear(&mc->pool);
	mc->remote_networks->destroy_function(mc->remote_networks,
										  (void*)mguard_model_net_destroy);
	for (i = 0; i < 2; i++)
	{
		DESTROY_IF(mc->dns[i]);
		DESTROY_IF(mc->wins[i]);
	}
	mguard_model_net_clear(&mc->local_nat_network);
	mguard_model_net_clear(&mc->remote_network);
	free(mc->xauth_login);
	if (mc->xauth_password)
	{
		memwipe(mc->xauth_password, strlen(mc->xauth_password));
		free(mc->xauth_password);
	}

	conn->tunnels->destroy_function(conn->tunnels, (void*)tunnel_destroy);

	free(conn->auth.local_certificate);
	free(conn->auth.local_key);
	free(conn->auth.remote_ca_file);
	free(conn->auth.remote_certificate);
	if (conn->auth.psk)
	{
		memwipe(conn->auth.psk, strlen(conn->auth.psk));
		free(conn->auth.psk);
	}
	free(conn->auth.local_id);
	free(conn->auth.remote_id);

	free(conn->ike.proposals);
	free(conn->ike.esp_proposals);

	conn->fw_in.rules->destroy_function(conn->fw_in.rules,
										(void*)fw_rule_destroy);
	conn->fw_out.rules->destroy_function(conn->fw_out.rules,
										 (void*)fw_rule_destroy);
	free(conn);
}

/**
 * Parse a connection
 */
static void parse_connection(ctx_t *ctx, const char *path, const char *key,
							 void *data)
{
	static const char *const sections[] = { "mode_config", "tunnels",
		"authentication", "ike", "firewall", NULL };
	static const char *const fw_sections[] = { "incoming", "outgoing", NULL };
	static const char *const dir_sections[] = { "rules", NULL };
	mguard_connection_t *conn;
	char sub[PATH_LEN];

	if (!mguard_is_identifier(key))
	{
		ERR(ctx, path, "invalid connection key; allowed: letters, digits, "
			"'_' and '-', at most 64 characters");
	}
	INIT(conn,
		.key = strdup(key),
		.initial_mode = MGUARD_MODE_STARTED,
		.gateway = strdup("%any"),
		.any_interface = MGUARD_IF_EXTERNAL,
		.startup = MGUARD_STARTUP_INITIATE,
		.encapsulation_port = 8080,
		.version = 2,
		.mode_config = {
			.local_networks = linked_list_create(),
			.remote_networks = linked_list_create(),
			.tranche = 32,
		},
		.tunnels = linked_list_create(),
		.auth = {
			.method = MGUARD_AUTH_X509,
			.remote_ca = MGUARD_CA_ANY,
		},
		.ike = {
			.pfs = TRUE,
			.ike_lifetime = 8 * 3600,
			.ipsec_lifetime = 3600,
			.dpd_delay = 30,
			.dpd_timeout = 120,
		},
		.fw_in = {
			.rules = linked_list_create(),
		},
		.fw_out = {
			.rules = linked_list_create(),
		},
	);
	parse_section(ctx, path, mguard_model_connection_keys, sections, conn);
	if (!conn->name)
	{
		conn->name = strdup(key);
	}
	conn->gateway_any = streq(conn->gateway, "%any");

	parse_section(ctx, join(path, "mode_config", sub, sizeof(sub)),
				  mguard_model_mode_config_keys, NULL, &conn->mode_config);
	parse_table(ctx, join(path, "tunnels", sub, sizeof(sub)), parse_tunnel,
				conn);
	parse_section(ctx, join(path, "authentication", sub, sizeof(sub)),
				  mguard_model_auth_keys, NULL, &conn->auth);
	parse_section(ctx, join(path, "ike", sub, sizeof(sub)),
				  mguard_model_ike_keys, NULL,
				  &conn->ike);
	parse_section(ctx, join(path, "firewall", sub, sizeof(sub)), NULL,
				  fw_sections, NULL);
	parse_section(ctx, join(path, "firewall.incoming", sub, sizeof(sub)),
				  mguard_model_fw_dir_keys, dir_sections, &conn->fw_in);
	parse_table(ctx, join(path, "firewall.incoming.rules", sub, sizeof(sub)),
				parse_fw_rule, conn->fw_in.rules);
	parse_section(ctx, join(path, "firewall.outgoing", sub, sizeof(sub)),
				  mguard_model_fw_dir_keys, dir_sections, &conn->fw_out);
	parse_table(ctx, join(path, "firewall.outgoing.rules", sub, sizeof(sub)),
				parse_fw_rule, conn->fw_out.rules);

	ctx->model->connections->insert_last(ctx->model->connections, conn);
}

/**
 * Create an empty model
 */
static mguard_model_t *model_create(const char *file)
{
	mguard_model_t *model;

	INIT(model,
		.refs = 1,
		.file = strdup(file),
		.ip_groups = linked_list_create(),
		.port_groups = linked_list_create(),
		.rule_records = linked_list_create(),
		.xauth_users = linked_list_create(),
		.connections = linked_list_create(),
	);
	return model;
}

/*
 * Described in header
 */
mguard_model_t *mguard_model_get_ref(mguard_model_t *model)
{
	ref_get(&model->refs);
	return model;
}

/*
 * Described in header
 */
void mguard_model_destroy(mguard_model_t *model)
{
	mguard_global_t *g;
	int i;

	if (!model || !ref_put(&model->refs))
	{
		return;
	}
	g = &model->global;
	free(g->archive.dir);
	free(g->path_finder.certificate);
	free(g->path_finder.key);
	DESTROY_IF(g->remote_access_ports);
	free(g->proxy.host);
	free(g->proxy.user);
	free(g->proxy.password);
	DESTROY_IF(g->l2tp.local_ip);
	DESTROY_IF(g->l2tp.remote_start);
	DESTROY_IF(g->l2tp.remote_end);
	free(g->interfaces.internal);
	free(g->interfaces.external);
	free(g->interfaces.external2);
	free(g->interfaces.dial_in);
	free(g->interfaces.dmz);
	for (i = 0; i < 3; i++)
	{
		free(g->service_inputs.cmd[i]);
	}
	model->ip_groups->destroy_function(model->ip_groups,
									   (void*)ip_group_destroy);
	model->port_groups->destroy_function(model->port_groups,
										 (void*)port_group_destroy);
	model->rule_records->destroy_function(model->rule_records,
										  (void*)rule_record_destroy);
	model->xauth_users->destroy_function(model->xauth_users,
										 (void*)xauth_user_destroy);
	model->connections->destroy_function(model->connections,
										 (void*)connection_destroy);
	free(model->file);
	free(model);
}

/**
 * Parse and validate the settings into a model
 */
mguard_model_t *mguard_model_build(ctx_t *ctx)
{
	static const char *const sections[] = { "global", "groups", "xauth",
											"connections", NULL };
	static const key_def_t xauth_keys[] = {
		{ "pam", mguard_rule_bool, offsetof(mguard_model_t, xauth_pam) },
		{ NULL },
	};
	static const char *const xauth_sections[] = { "users", NULL };
	ctx->model = model_create(ctx->file);

	parse_section(ctx, "", NULL, sections, NULL);
	parse_global(ctx);
	parse_groups(ctx);
	parse_section(ctx, "xauth", xauth_keys, xauth_sections, ctx->model);
	parse_table(ctx, "xauth.users", parse_xauth_user, NULL);
	parse_table(ctx, "connections", parse_connection, NULL);

	mguard_model_validate(ctx->model, ctx->report);

	if (ctx->report->get_errors(ctx->report) != ctx->errors)
	{
		mguard_model_destroy(ctx->model);
		return NULL;
	}
	return ctx->model;
}

