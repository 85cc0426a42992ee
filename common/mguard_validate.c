/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * Cross-field rules of MODEL.md ("Validation the translator enforces") and
 * the requirements between keys that the parser cannot see alone.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_model.h"
#include "mguard_values.h"

#include <string.h>

#include <collections/hashtable.h>
#include <utils/identification.h>

#define PATH_LEN 512

/**
 * Validation state
 */
typedef struct {
	/** model */
	mguard_model_t *model;
	/** report */
	mguard_report_t *report;
	/** path buffer */
	char path[PATH_LEN];
} vctx_t;

/**
 * Report an error at connections.<conn>[.<sub>]
 */
static void
conn_msg(vctx_t *ctx, mguard_severity_t severity, mguard_connection_t *conn,
		 const char *sub, const char *fmt, ...)
{
	char msg[1024];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	snprintf(ctx->path, sizeof(ctx->path), "connections.%s%s%s", conn->key,
			 sub ? "." : "", sub ?: "");
	ctx->report->add(ctx->report, severity, ctx->model->file, ctx->path,
					 "%s", msg);
}

#define CERR(ctx, conn, sub, fmt, ...) \
	conn_msg(ctx, MGUARD_ERROR, conn, sub, fmt, ##__VA_ARGS__)
#define CWARN(ctx, conn, sub, fmt, ...) \
	conn_msg(ctx, MGUARD_WARNING, conn, sub, fmt, ##__VA_ARGS__)

/**
 * Report an error at a global path
 */
#define GERR(ctx, path, fmt, ...) \
	(ctx)->report->add((ctx)->report, MGUARD_ERROR, (ctx)->model->file, \
					   path, fmt, ##__VA_ARGS__)

/**
 * Check an identity: PSK (IP, @host, e-mail) or X.509 (also a subject with
 * wildcards)
 */
static bool check_id(const char *value, bool x509)
{
	identification_t *id;
	host_t *host;
	bool ok = FALSE;

	host = mguard_parse_ipv4(value);
	if (host)
	{
		host->destroy(host);
		return TRUE;
	}
	if (value[0] == '@')
	{
		return mguard_is_hostname(value + 1) ||
			   (value[1] == '@' && mguard_is_hostname(value + 2));
	}
	if (strchr(value, '='))
	{
		if (!x509)
		{
			return FALSE;
		}
		id = identification_create_from_string((char*)value);
		ok = id && id->get_type(id) == ID_DER_ASN1_DN;
		DESTROY_IF(id);
		return ok;
	}
	if (strchr(value, '@'))
	{
		const char *at = strchr(value, '@');

		return at > value && strchr(at + 1, '@') == NULL &&
			   mguard_is_hostname(at + 1);
	}
	return FALSE;
}

/**
 * Rules on authentication
 */
static void validate_auth(vctx_t *ctx, mguard_connection_t *conn)
{
	mguard_auth_t *auth = &conn->auth;

	if (auth->method == MGUARD_AUTH_X509)
	{
		if (!auth->local_certificate)
		{
			CERR(ctx, conn, "authentication.local_certificate", "missing; "
				 "allowed: the machine certificate file (PEM) for method x509");
		}
		if (!auth->local_key)
		{
			CERR(ctx, conn, "authentication.local_key", "missing; allowed: "
				 "the private key file (PEM) for method x509");
		}
		if (auth->remote_ca == MGUARD_CA_NONE && !auth->remote_certificate)
		{
			CERR(ctx, conn, "authentication.remote_certificate", "missing; "
				 "allowed: the peer's certificate file when remote_ca = none");
		}
		if (!conn->gateway_any && auth->remote_ca != MGUARD_CA_NONE &&
			!auth->remote_id)
		{
			CERR(ctx, conn, "authentication.remote_id", "missing; an explicit "
				 "gateway authenticated through a CA needs the peer's VPN "
				 "identifier (e.g. a subject filter CN=*, O=..., C=..)");
		}
		if (auth->psk)
		{
			CWARN(ctx, conn, "authentication.psk", "ignored with method x509");
		}
	}
	else
	{
		if (!auth->psk)
		{
			CERR(ctx, conn, "authentication.psk", "missing; allowed: the "
				 "pre-shared key for method psk");
		}
		else if (strlen(auth->psk) < 8)
		{
			CWARN(ctx, conn, "authentication.psk", "a key of fewer than 8 "
				  "characters is easy to guess");
		}
		if (conn->gateway_any)
		{
			CERR(ctx, conn, "gateway", "%%any is only allowed with "
				 "authentication.method = x509; allowed with psk: an IPv4 "
				 "address or a host name");
		}
	}
	if (auth->local_id && !check_id(auth->local_id,
									auth->method == MGUARD_AUTH_X509))
	{
		CERR(ctx, conn, "authentication.local_id", "'%s' is not a VPN "
			 "identifier; allowed: an IP address, @host, an e-mail address%s",
			 auth->local_id, auth->method == MGUARD_AUTH_X509 ?
			 " or a certificate subject" : "");
	}
	if (auth->remote_id && !check_id(auth->remote_id,
									 auth->method == MGUARD_AUTH_X509))
	{
		CERR(ctx, conn, "authentication.remote_id", "'%s' is not a VPN "
			 "identifier; allowed: an IP address, @host, an e-mail address%s",
			 auth->remote_id, auth->method == MGUARD_AUTH_X509 ?
			 " or a subject filter with * wildcards" : "");
	}
	if (auth->aggressive)
	{
		if (conn->version == 2)
		{
			CWARN(ctx, conn, "authentication.isakmp_mode", "aggressive mode "
				  "exists only in IKEv1 and is ignored with version = ikev2");
		}
		else
		{
			CWARN(ctx, conn, "authentication.isakmp_mode", "aggressive mode "
				  "sends the identities unprotected%s",
				  auth->method == MGUARD_AUTH_PSK ?
				  " and exposes the PSK to offline cracking" : "");
		}
		if (auth->method == MGUARD_AUTH_PSK &&
			conn->mode_config.mode != MGUARD_MC_OFF)
		{
			CERR(ctx, conn, "authentication.isakmp_mode", "aggressive mode "
				 "with method psk cannot be combined with mode_config; "
				 "allowed: main, or mode_config.mode = off");
		}
	}
}

/**
 * Rules on general connection settings
 */
static void validate_general(vctx_t *ctx, mguard_connection_t *conn)
{
	mguard_global_t *g = &ctx->model->global;

	if (conn->encapsulation != MGUARD_ENCAP_NONE &&
		conn->startup != MGUARD_STARTUP_WAIT && conn->gateway_any)
	{
		CERR(ctx, conn, "gateway", "encapsulation = %s with startup = %s needs "
			 "the maintenance center's address; allowed: an IPv4 address or "
			 "a host name, not %%any",
			 conn->encapsulation == MGUARD_ENCAP_TCP ? "tcp" : "path_finder",
			 mguard_startup_name(conn->startup));
	}
	if (conn->encapsulation == MGUARD_ENCAP_TCP &&
		conn->auth.method == MGUARD_AUTH_PSK)
	{
		CERR(ctx, conn, "encapsulation", "TCP encapsulation does not work "
			 "with authentication.method = psk; allowed: none, or method x509");
	}
	if (conn->gateway_any && conn->any_interface == MGUARD_IF_ADDRESS &&
		!conn->any_address)
	{
		CERR(ctx, conn, "any_address", "missing; allowed: the local IPv4 "
			 "address to use when any_interface = address");
	}
	else if (conn->gateway_any && conn->any_interface != MGUARD_IF_ADDRESS &&
			 !mguard_model_any_ifname(ctx->model, conn))
	{
		CERR(ctx, conn, "any_interface", "no Linux interface is bound to "
			 "this mGuard interface; allowed: an interface set in "
			 "global.interfaces, or address");
	}
	if (conn->sms_token && strpbrk(conn->sms_token, " \t\r\n"))
	{
		CERR(ctx, conn, "sms_token", "contains white space; allowed: a "
			 "token without spaces (text messages read 'vpn/start TOKEN')");
	}
	if (conn->encapsulation == MGUARD_ENCAP_TCP && g->proxy.host &&
		g->proxy.auth == 3)
	{
		CERR(ctx, conn, "encapsulation", "TCP encapsulation through a proxy "
			 "cannot use global.proxy.auth = digest (Path Finder only); "
			 "allowed: path_finder, or proxy auth any, basic or ntlm");
	}
	if (conn->service_input != MGUARD_INPUT_NONE &&
		!g->service_inputs.cmd[conn->service_input - 1])
	{
		CERR(ctx, conn, "service_input", "cmd%d has no source; allowed: none, "
			 "or a CMD contact set in global.service_inputs",
			 conn->service_input);
	}
	if (conn->ike.dpd_delay && conn->ike.dpd_timeout &&
		conn->ike.dpd_timeout < conn->ike.dpd_delay)
	{
		CWARN(ctx, conn, "ike.dpd_timeout", "shorter than dpd_delay: the "
			  "peer is declared dead before the second check");
	}
	if (conn->ike.pfs && conn->ike.esp_proposals &&
		!strstr(conn->ike.esp_proposals, "modp") &&
		!strstr(conn->ike.esp_proposals, "ecp") &&
		!strstr(conn->ike.esp_proposals, "curve"))
	{
		CWARN(ctx, conn, "ike.esp_proposals", "pfs = yes but no DH group in "
			  "the ESP proposals: rekeying is done without PFS");
	}
}

/**
 * Rules on mode config
 */
static void validate_mode_config(vctx_t *ctx, mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;

	switch (mc->mode)
	{
		case MGUARD_MC_OFF:
			return;
		case MGUARD_MC_SERVER:
			if (!mc->local_table && !mc->local_network.str)
			{
				CERR(ctx, conn, "mode_config.local_network", "missing; "
					 "allowed: the local network (CIDR) when local = fixed");
			}
			if (mc->local_table &&
				!mc->local_networks->get_count(mc->local_networks))
			{
				CERR(ctx, conn, "mode_config.local_networks", "missing; "
					 "allowed: a list of networks (CIDR) when local = table");
			}
			if (!mc->remote_table && !mc->pool.str)
			{
				CERR(ctx, conn, "mode_config.pool", "missing; allowed: the "
					 "address pool (CIDR) when remote = pool");
			}
			if (!mc->remote_table && mc->tranche != 32)
			{
				CWARN(ctx, conn, "mode_config.tranche", "strongSwan assigns "
					  "single addresses from the pool; a tranche of /%u is "
					  "handed out as /32", mc->tranche);
			}
			if (mc->remote_table &&
				!mc->remote_networks->get_count(mc->remote_networks))
			{
				CERR(ctx, conn, "mode_config.remote_networks", "missing; "
					 "allowed: a list of networks (CIDR) when remote = table");
			}
			if (conn->startup != MGUARD_STARTUP_WAIT)
			{
				CWARN(ctx, conn, "startup", "a Mode Config server waits for "
					  "its clients; startup = %s is treated as wait",
					  mguard_startup_name(conn->startup));
			}
			break;
		case MGUARD_MC_CLIENT:
			if (mc->local_nat && !mc->local_nat_network.str)
			{
				CERR(ctx, conn, "mode_config.local_nat_network", "missing; "
					 "allowed: the network (CIDR) to masquerade when "
					 "local_nat = masquerade");
			}
			if (mc->remote_fixed && !mc->remote_network.str)
			{
				CERR(ctx, conn, "mode_config.remote_network", "missing; "
					 "allowed: the remote network (CIDR) when remote_mode = "
					 "fixed");
			}
			if (!mc->xauth_login != !mc->xauth_password)
			{
				CERR(ctx, conn, mc->xauth_login ? "mode_config.xauth_password" :
					 "mode_config.xauth_login", "missing; allowed: "
					 "xauth_login and xauth_password together");
			}
			if (mc->xauth_login && conn->version == 2)
			{
				CERR(ctx, conn, "mode_config.xauth_login", "XAuth exists "
					 "only in IKEv1; allowed: version = ikev1, or no XAuth "
					 "credentials");
			}
			if (conn->gateway_any)
			{
				CERR(ctx, conn, "gateway", "a Mode Config client needs the "
					 "server's address; allowed: an IPv4 address or a host "
					 "name, not %%any");
			}
			break;
	}
}

/**
 * Check that prefixes of a 1:1 NAT pair match
 */
static void check_1to1(vctx_t *ctx, mguard_connection_t *conn,
					   const char *sub, mguard_net_t *nat, mguard_net_t *net,
					   const char *what)
{
	if (!nat->str)
	{
		CERR(ctx, conn, sub, "missing; allowed: the %s network (CIDR) for "
			 "1:1 NAT", what);
	}
	else if (net->str && nat->prefix != net->prefix)
	{
		CERR(ctx, conn, sub, "%s has /%u but the tunnel network %s has /%u; "
			 "allowed: a network of the same size for 1:1 NAT", nat->str,
			 nat->prefix, net->str, net->prefix);
	}
}

/**
 * Rules on a tunnel
 */
static void validate_tunnel(vctx_t *ctx, mguard_connection_t *conn,
							mguard_tunnel_t *tunnel)
{
	char sub[PATH_LEN];
	bool nat = tunnel->local_nat != MGUARD_NAT_NONE ||
			   tunnel->remote_nat != MGUARD_NAT_NONE ||
			   tunnel->local_nat_map->get_count(tunnel->local_nat_map);

#define SUB(x) (snprintf(sub, sizeof(sub), "tunnels.%s%s", tunnel->key, x), sub)

	if (tunnel->protocol != IPPROTO_TCP && tunnel->protocol != IPPROTO_UDP)
	{
		if (tunnel->local_port != MGUARD_PORT_ALL)
		{
			CERR(ctx, conn, SUB(".local_port"), "ports need protocol tcp or "
				 "udp; allowed with this protocol: %%all");
		}
		if (tunnel->remote_port != MGUARD_PORT_ALL)
		{
			CERR(ctx, conn, SUB(".remote_port"), "ports need protocol tcp or "
				 "udp; allowed with this protocol: %%all");
		}
	}
	if (tunnel->type == MGUARD_TRANSPORT)
	{
		if (tunnel->local.str || tunnel->remote.str || nat)
		{
			CWARN(ctx, conn, SUB(""), "type = transport ignores local, "
				  "remote and NAT settings (host to host between the "
				  "gateways)");
		}
		return;
	}
	if (conn->mode_config.mode == MGUARD_MC_OFF)
	{
		if (!tunnel->local.str)
		{
			CERR(ctx, conn, SUB(".local"), "missing; allowed: the local "
				 "network (CIDR) of a tunnel");
		}
		if (!tunnel->remote.str)
		{
			CERR(ctx, conn, SUB(".remote"), "missing; allowed: the remote "
				 "network (CIDR) of a tunnel, 0.0.0.0/0 for a default route");
		}
	}
	switch (tunnel->local_nat)
	{
		case MGUARD_NAT_NONE:
			if (tunnel->local_nat_map->get_count(tunnel->local_nat_map))
			{
				CWARN(ctx, conn, SUB(".local_nat.map"), "ignored unless "
					  "local_nat.mode = 1to1");
			}
			break;
		case MGUARD_NAT_1TO1:
			if (!tunnel->local_nat_map->get_count(tunnel->local_nat_map))
			{
				check_1to1(ctx, conn, SUB(".local_nat.network"),
						   &tunnel->local_nat_network, &tunnel->local, "real");
			}
			break;
		case MGUARD_NAT_MASQUERADE:
			if (tunnel->local.str && tunnel->local.prefix != 32)
			{
				CERR(ctx, conn, SUB(".local"), "%s: with local_nat.mode = "
					 "masquerade the local network must be a single address; "
					 "allowed: a.b.c.d/32", tunnel->local.str);
			}
			if (!tunnel->local_nat_network.str)
			{
				CERR(ctx, conn, SUB(".local_nat.network"), "missing; allowed: "
					 "the internal network (CIDR) to masquerade");
			}
			break;
	}
	switch (tunnel->remote_nat)
	{
		case MGUARD_NAT_NONE:
			break;
		case MGUARD_NAT_1TO1:
			check_1to1(ctx, conn, SUB(".remote_nat.network"),
					   &tunnel->remote_nat_network, &tunnel->remote,
					   "local alias");
			if (ctx->model->global.hub_and_spoke)
			{
				CERR(ctx, conn, SUB(".remote_nat.mode"), "1:1 NAT of the "
					 "peer is not supported with global.hub_and_spoke = yes; "
					 "allowed: none or masquerade");
			}
			break;
		case MGUARD_NAT_MASQUERADE:
			if (!tunnel->remote_nat_network.str)
			{
				CERR(ctx, conn, SUB(".remote_nat.network"), "missing; allowed: "
					 "the internal address used (a.b.c.d/32)");
			}
			else if (tunnel->remote_nat_network.prefix != 32)
			{
				CERR(ctx, conn, SUB(".remote_nat.network"), "%s: with "
					 "masquerade this must be a single address; allowed: "
					 "a.b.c.d/32", tunnel->remote_nat_network.str);
			}
			break;
	}
#undef SUB
}

/**
 * Check a rule's group references and ports
 */
static void validate_rule(vctx_t *ctx, const char *path,
						  mguard_fw_rule_t *rule, bool in_record)
{
	mguard_model_t *model = ctx->model;
	char sub[PATH_LEN];

	if (rule->from.type == MGUARD_ADDR_GROUP &&
		!mguard_model_find_group(model->ip_groups, rule->from.str))
	{
		snprintf(sub, sizeof(sub), "%s.from", path);
		GERR(ctx, sub, "no IP group '%s'; allowed: an address, network, "
			 "range or a name defined in groups.ip", rule->from.str);
	}
	if (rule->to.type == MGUARD_ADDR_GROUP &&
		!mguard_model_find_group(model->ip_groups, rule->to.str))
	{
		snprintf(sub, sizeof(sub), "%s.to", path);
		GERR(ctx, sub, "no IP group '%s'; allowed: an address, network, "
			 "range or a name defined in groups.ip", rule->to.str);
	}
	if (rule->from_port.type == MGUARD_PORTS_GROUP &&
		!mguard_model_find_group(model->port_groups, rule->from_port.str))
	{
		snprintf(sub, sizeof(sub), "%s.from_port", path);
		GERR(ctx, sub, "no port group or service '%s'; allowed: any, N, "
			 "N:M, a service name or a name defined in groups.port",
			 rule->from_port.str);
	}
	if (rule->to_port.type == MGUARD_PORTS_GROUP &&
		!mguard_model_find_group(model->port_groups, rule->to_port.str))
	{
		snprintf(sub, sizeof(sub), "%s.to_port", path);
		GERR(ctx, sub, "no port group or service '%s'; allowed: any, N, "
			 "N:M, a service name or a name defined in groups.port",
			 rule->to_port.str);
	}
	if (rule->protocol != IPPROTO_TCP && rule->protocol != IPPROTO_UDP &&
		(rule->from_port.type != MGUARD_PORTS_ANY ||
		 rule->to_port.type != MGUARD_PORTS_ANY))
	{
		snprintf(sub, sizeof(sub), "%s.%s", path,
				 rule->from_port.type != MGUARD_PORTS_ANY ? "from_port" :
				 "to_port");
		GERR(ctx, sub, "ports need protocol tcp or udp; allowed with this "
			 "protocol: any");
	}
	if (rule->action == MGUARD_ACTION_RECORD)
	{
		snprintf(sub, sizeof(sub), "%s.action", path);
		if (in_record)
		{
			GERR(ctx, sub, "a rule record cannot refer to another one; "
				 "allowed: accept | reject | drop");
		}
		else if (!mguard_model_find_group(model->rule_records,
										  rule->action_record))
		{
			GERR(ctx, sub, "no rule record '%s'; allowed: accept | reject | "
				 "drop | a name defined in groups.rules", rule->action_record);
		}
	}
}

/**
 * Check the rules of a list
 */
static void validate_rules(vctx_t *ctx, const char *prefix,
						   linked_list_t *rules, bool in_record)
{
	enumerator_t *enumerator;
	mguard_fw_rule_t *rule;
	char path[PATH_LEN];

	enumerator = rules->create_enumerator(rules);
	while (enumerator->enumerate(enumerator, &rule))
	{
		snprintf(path, sizeof(path), "%s.%s", prefix, rule->key);
		validate_rule(ctx, path, rule, in_record);
	}
	enumerator->destroy(enumerator);
}

/**
 * Rules on the global section
 */
static void validate_global(vctx_t *ctx)
{
	mguard_global_t *g = &ctx->model->global;
	enumerator_t *enumerator;
	uintptr_t port;

	if (g->tcp_encapsulation.listen && g->path_finder.listen &&
		g->tcp_encapsulation.port == g->path_finder.port)
	{
		GERR(ctx, "global.path_finder.port", "%u is also "
			 "global.tcp_encapsulation.port; allowed: a port not used by "
			 "another listener", g->path_finder.port);
	}
	enumerator = g->remote_access_ports->create_enumerator(
												g->remote_access_ports);
	while (enumerator->enumerate(enumerator, &port))
	{
		if (g->tcp_encapsulation.listen && port == g->tcp_encapsulation.port)
		{
			GERR(ctx, "global.tcp_encapsulation.port", "%u is a remote "
				 "access port (global.remote_access_ports); allowed: a port "
				 "not used by another listener", (u_int)port);
		}
		if (g->path_finder.listen && port == g->path_finder.port)
		{
			GERR(ctx, "global.path_finder.port", "%u is a remote access port "
				 "(global.remote_access_ports); allowed: a port not used by "
				 "another listener", (u_int)port);
		}
	}
	enumerator->destroy(enumerator);
	if (g->path_finder.listen && (!g->path_finder.certificate ||
								  !g->path_finder.key))
	{
		GERR(ctx, g->path_finder.certificate ? "global.path_finder.key" :
			 "global.path_finder.certificate", "missing; allowed: the TLS "
			 "server certificate and key files when path_finder.listen = yes");
	}
	if (g->l2tp.remote_start && g->l2tp.remote_end &&
		memcmp(g->l2tp.remote_start->get_address(g->l2tp.remote_start).ptr,
			   g->l2tp.remote_end->get_address(g->l2tp.remote_end).ptr, 4) > 0)
	{
		GERR(ctx, "global.l2tp.remote_end", "%H is below remote_start %H; "
			 "allowed: an address >= remote_start", g->l2tp.remote_end,
			 g->l2tp.remote_start);
	}
}

/*
 * Described in header
 */
void mguard_model_validate(mguard_model_t *model, mguard_report_t *report)
{
	enumerator_t *enumerator, *tunnels;
	hashtable_t *names;
	mguard_connection_t *conn, *other;
	mguard_tunnel_t *tunnel;
	mguard_group_t *group;
	mguard_connection_t *default_conn = NULL;
	mguard_tunnel_t *default_tunnel = NULL;
	char path[PATH_LEN];
	vctx_t ctx = {
		.model = model,
		.report = report,
	};

	validate_global(&ctx);

	enumerator = model->rule_records->create_enumerator(model->rule_records);
	while (enumerator->enumerate(enumerator, &group))
	{
		snprintf(path, sizeof(path), "groups.rules.%s", group->name);
		validate_rules(&ctx, path, group->entries, TRUE);
	}
	enumerator->destroy(enumerator);

	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		validate_general(&ctx, conn);
		validate_auth(&ctx, conn);
		validate_mode_config(&ctx, conn);

		tunnels = conn->tunnels->create_enumerator(conn->tunnels);
		while (tunnels->enumerate(tunnels, &tunnel))
		{
			validate_tunnel(&ctx, conn, tunnel);
			if (tunnel->enabled && conn->initial_mode != MGUARD_MODE_DISABLED &&
				tunnel->type == MGUARD_TUNNEL && tunnel->remote.str &&
				tunnel->remote.prefix == 0)
			{
				if (default_tunnel)
				{
					snprintf(path, sizeof(path), "tunnels.%s.remote",
							 tunnel->key);
					CERR(&ctx, conn, path, "0.0.0.0/0 (default route over the "
						 "VPN) is already the remote network of "
						 "connections.%s.tunnels.%s; allowed: in one enabled "
						 "tunnel only", default_conn->key, default_tunnel->key);
				}
				else
				{
					default_conn = conn;
					default_tunnel = tunnel;
				}
			}
		}
		tunnels->destroy(tunnels);
		if (conn->initial_mode != MGUARD_MODE_DISABLED &&
			!conn->tunnels->get_count(conn->tunnels) &&
			conn->mode_config.mode == MGUARD_MC_OFF)
		{
			CWARN(&ctx, conn, "tunnels", "no tunnel: the connection "
				  "authenticates but carries no traffic");
		}

		snprintf(path, sizeof(path), "connections.%s.firewall.incoming.rules",
				 conn->key);
		validate_rules(&ctx, path, conn->fw_in.rules, FALSE);
		snprintf(path, sizeof(path), "connections.%s.firewall.outgoing.rules",
				 conn->key);
		validate_rules(&ctx, path, conn->fw_out.rules, FALSE);
	}
	enumerator->destroy(enumerator);

	/* repeated names: only the first one answers nph-vpn.cgi */
	names = hashtable_create(hashtable_hash_str, hashtable_equals_str, 128);
	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		other = names->get(names, conn->name);
		if (other)
		{
			CWARN(&ctx, conn, "name", "'%s' is also the name of "
				  "connections.%s, which comes first and is the one "
				  "nph-vpn.cgi and text messages address by name", conn->name,
				  other->key);
		}
		else
		{
			names->put(names, conn->name, conn);
		}
	}
	enumerator->destroy(enumerator);
	names->destroy(names);
}
