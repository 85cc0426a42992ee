/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "translate.h"

#include <mguard_tcp.h>

#include <collections/hashtable.h>

#include <ctype.h>
#include <ifaddrs.h>
#include <limits.h>
#include <netinet/in.h>
#include <string.h>

/** default ESP proposals when pfs = yes (the defaults plus DH groups) */
#define PFS_ESP_PROPOSALS "aes128gcm16-aes256gcm16-ecp256-modp3072-modp2048," \
						  "aes128-aes256-sha256-sha384-ecp256-modp3072-modp2048"

/**
 * Translation state
 */
typedef struct {
	/** model */
	mguard_model_t *model;
	/** output */
	FILE *out;
	/** files to place, translate_file_t */
	linked_list_t *files;
	/** report */
	mguard_report_t *report;
	/** PSK secrets without identities written so far */
	u_int wildcard_psks;
	/** placed files by "subdir:source", translate_file_t */
	hashtable_t *by_source;
	/** placed files by "subdir/name" (keys owned here) */
	hashtable_t *by_name;
} tctx_t;

/**
 * Format a duration in the largest exact unit
 */
static char *duration(uint32_t secs, char *buf, size_t len)
{
	if (secs && secs % 3600 == 0)
	{
		snprintf(buf, len, "%uh", secs / 3600);
	}
	else if (secs && secs % 60 == 0)
	{
		snprintf(buf, len, "%um", secs / 60);
	}
	else
	{
		snprintf(buf, len, "%us", secs);
	}
	return buf;
}

/**
 * Write one character of a quoted settings string, escaped
 */
static void quote_char(FILE *out, char c)
{
	switch (c)
	{
		case '"':
		case '\\':
			fputc('\\', out);
			fputc(c, out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			fputc(c, out);
			break;
	}
}

/**
 * Write a value as a quoted settings string
 */
static void quote(FILE *out, const char *value)
{
	fputc('"', out);
	for (; *value; value++)
	{
		quote_char(out, *value);
	}
	fputc('"', out);
}

/**
 * Write "indent key = value\n" (value as is)
 */
static void kv(FILE *out, int indent, const char *key, const char *value)
{
	fprintf(out, "%.*s", indent, "\t\t\t\t\t\t");
	fputs(key, out);
	fputs(" = ", out);
	fputs(value, out);
	fputc('\n', out);
}

/**
 * Write "indent key = "value"\n" with a quoted value
 */
static void kv_quoted(FILE *out, int indent, const char *key,
					  const char *value)
{
	fprintf(out, "%.*s%s = ", indent, "\t\t\t\t\t\t", key);
	quote(out, value);
	fputc('\n', out);
}

/**
 * Write an identity. Subjects as mGuard shows them are in RFC 4514 order
 * ("CN=*, O=Smith and Co., C=US"), strongSwan matches distinguished names
 * in the certificate's ASN.1 order ("C=US, O=Smith and Co., CN=*"): a subject
 * that does not start with C= or DC= is reversed; spaces are normalized.
 */
static void kv_id(FILE *out, int indent, const char *key, const char *value)
{
	char *rdns[64], *buf, *pos, *start;
	int count = 0, i;
	size_t len;
	bool reverse;

	if (!strchr(value, '=') || value[0] == '@')
	{
		kv_quoted(out, indent, key, value);
		return;
	}
	buf = strdup(value);
	for (start = pos = buf; ; pos++)
	{
		if (*pos == '\\' && pos[1])
		{
			pos++;
			continue;
		}
		if (*pos == ',' || !*pos)
		{
			bool end = !*pos;

			*pos = '\0';
			while (*start == ' ')
			{
				start++;
			}
			len = strlen(start);
			while (len && start[len - 1] == ' ')
			{
				start[--len] = '\0';
			}
			if (*start)
			{
				if (count == countof(rdns))
				{	/* absurdly many RDNs: leave the subject as it is */
					free(buf);
					kv_quoted(out, indent, key, value);
					return;
				}
				rdns[count++] = start;
			}
			start = pos + 1;
			if (end)
			{
				break;
			}
		}
	}
	reverse = count > 1 && !strncaseeq(rdns[0], "C=", 2) &&
			  !strncaseeq(rdns[0], "DC=", 3);
	fprintf(out, "%.*s%s = \"", indent, "\t\t\t\t\t\t", key);
	for (i = 0; i < count; i++)
	{
		const char *rdn = rdns[reverse ? count - 1 - i : i];

		fputs(i ? ", " : "", out);
		for (; *rdn; rdn++)
		{
			quote_char(out, *rdn);
		}
	}
	fputs("\"\n", out);
	free(buf);
}

/**
 * Write a comment, keeping it on one line
 */
static void comment(FILE *out, int indent, const char *prefix,
					const char *text)
{
	fprintf(out, "%.*s# %s", indent, "\t\t\t\t\t\t", prefix);
	for (; text && *text; text++)
	{
		fputc(*text == '\n' || *text == '\r' ? ' ' : *text, out);
	}
	fputc('\n', out);
}

/**
 * Add a file to place, return its name in the swanctl directory. Files are
 * named after the model's file ("mguard-<basename>.pem", numbered if two
 * different files share a basename); a file named by several connections
 * is placed once.
 */
static const char *add_file(tctx_t *ctx, const char *source,
							const char *subdir, mguard_connection_t *conn,
							const char *path)
{
	translate_file_t *file;
	char key[PATH_MAX + 16], base[128], *dot;
	const char *slash;
	int i;

	snprintf(key, sizeof(key), "%s:%s", subdir, source);
	file = ctx->by_source->get(ctx->by_source, key);
	if (file)
	{
		return file->name;
	}
	slash = strrchr(source, '/');
	snprintf(base, sizeof(base), "%s", slash ? slash + 1 : source);
	dot = strrchr(base, '.');
	if (dot && dot != base)
	{
		*dot = '\0';
	}
	for (dot = base; *dot; dot++)
	{
		if (!isalnum((unsigned char)*dot) && *dot != '-' && *dot != '_' &&
			*dot != '.')
		{
			*dot = '_';
		}
	}
	INIT(file,
		.source = strdup(source),
		.subdir = subdir,
	);
	for (i = 1; ; i++)
	{
		char *name, *dirname;

		if ((i == 1 ? asprintf(&name, "mguard-%s.pem", base) :
					  asprintf(&name, "mguard-%s-%d.pem", base, i)) < 0)
		{
			name = NULL;
			break;
		}
		if (asprintf(&dirname, "%s/%s", subdir, name) < 0)
		{
			free(name);
			name = NULL;
			break;
		}
		if (!ctx->by_name->get(ctx->by_name, dirname))
		{
			file->name = name;
			ctx->by_name->put(ctx->by_name, dirname, file);
			break;
		}
		free(dirname);
		free(name);
	}
	if (!file->name || asprintf(&file->path, "connections.%s.%s", conn->key,
								path) < 0)
	{
		free(file->name);
		free(file->source);
		free(file);
		return "";
	}
	file->key = strdup(key);
	ctx->by_source->put(ctx->by_source, file->key, file);
	ctx->files->insert_last(ctx->files, file);
	return file->name;
}

/*
 * Described in header
 */
void translate_file_destroy(translate_file_t *file)
{
	free(file->key);
	free(file->source);
	free(file->name);
	free(file->path);
	free(file);
}

/**
 * Look up the first IPv4 address of an interface
 */
static bool interface_address(const char *ifname, char *buf, size_t len)
{
	struct ifaddrs *list, *ifa;
	bool found = FALSE;
	host_t *host;

	if (getifaddrs(&list) != 0)
	{
		return FALSE;
	}
	for (ifa = list; ifa; ifa = ifa->ifa_next)
	{
		if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET &&
			streq(ifa->ifa_name, ifname))
		{
			host = host_create_from_sockaddr(ifa->ifa_addr);
			if (host)
			{
				snprintf(buf, len, "%H", host);
				host->destroy(host);
				found = TRUE;
				break;
			}
		}
	}
	freeifaddrs(list);
	return found;
}

/**
 * Write local_addrs for a connection
 */
static void write_local_addrs(tctx_t *ctx, mguard_connection_t *conn)
{
	const char *ifname;
	char addr[64], path[128];

	if (!conn->gateway_any)
	{
		return;
	}
	if (conn->any_interface == MGUARD_IF_ADDRESS)
	{
		fprintf(ctx->out, "\t\tlocal_addrs = %H\n", conn->any_address);
		return;
	}
	ifname = mguard_model_any_ifname(ctx->model, conn);
	if (ifname && interface_address(ifname, addr, sizeof(addr)))
	{
		comment(ctx->out, 2, "bound to interface ", ifname);
		kv(ctx->out, 2, "local_addrs", addr);
	}
	else
	{
		snprintf(path, sizeof(path), "connections.%s.any_interface",
				 conn->key);
		ctx->report->add(ctx->report, MGUARD_WARNING, ctx->model->file, path,
						 "interface %s has no IPv4 address now; the "
						 "connection accepts peers on every local address",
						 ifname ?: "?");
		fprintf(ctx->out, "\t\t# interface %s has no IPv4 address: any "
				"local address\n", ifname ?: "?");
	}
}

/**
 * Write a traffic selector with protocol and port
 */
static void write_ts(FILE *out, const char *net, uint8_t protocol, int port)
{
	fputs(net, out);
	if (!protocol)
	{
		return;
	}
	fputc('[', out);
	switch (protocol)
	{
		case IPPROTO_TCP:
			fputs("tcp", out);
			break;
		case IPPROTO_UDP:
			fputs("udp", out);
			break;
		case IPPROTO_ICMP:
			fputs("icmp", out);
			break;
		default:
			fprintf(out, "%u", protocol);
			break;
	}
	if (port == MGUARD_PORT_ANY)
	{	/* every port, as %all; swanctl spells it "any" */
		fputs("/any", out);
	}
	else if (port > 0)
	{
		fprintf(out, "/%d", port);
	}
	fputc(']', out);
}

/**
 * Write a list of networks
 */
static void write_net_list(FILE *out, linked_list_t *list)
{
	enumerator_t *enumerator;
	mguard_net_t *net;
	bool first = TRUE;

	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &net))
	{
		fprintf(out, "%s%s", first ? "" : ", ", net->str);
		first = FALSE;
	}
	enumerator->destroy(enumerator);
}

/**
 * start_action of the connection's children
 */
static const char *start_action(mguard_connection_t *conn)
{
	if (conn->initial_mode != MGUARD_MODE_STARTED ||
		conn->mode_config.mode == MGUARD_MC_SERVER)
	{
		return "none";
	}
	switch (conn->startup)
	{
		case MGUARD_STARTUP_INITIATE:
			return "start";
		case MGUARD_STARTUP_ON_TRAFFIC:
			return "trap";
		default:
			return "none";
	}
}

/**
 * Write the child options shared by all children of a connection
 */
static void write_child_options(tctx_t *ctx, mguard_connection_t *conn)
{
	FILE *out = ctx->out;
	mguard_startup_t startup = conn->startup;
	char buf[16];

	if (conn->mode_config.mode == MGUARD_MC_SERVER)
	{
		startup = MGUARD_STARTUP_WAIT;
	}
	if (conn->ike.esp_proposals)
	{
		kv_quoted(out, 4, "esp_proposals", conn->ike.esp_proposals);
	}
	else
	{
		kv(out, 4, "esp_proposals",
		   conn->ike.pfs ? PFS_ESP_PROPOSALS : "default");
	}
	kv(out, 4, "rekey_time",
	   duration(conn->ike.ipsec_lifetime, buf, sizeof(buf)));
	kv(out, 4, "start_action", start_action(conn));
	kv(out, 4, "dpd_action", startup == MGUARD_STARTUP_INITIATE ? "restart" :
	   startup == MGUARD_STARTUP_ON_TRAFFIC ? "trap" : "clear");
	kv(out, 4, "close_action", startup == MGUARD_STARTUP_INITIATE ? "start" :
	   startup == MGUARD_STARTUP_ON_TRAFFIC ? "trap" : "none");
	if (startup == MGUARD_STARTUP_ON_TRAFFIC && conn->deactivation_timeout)
	{
		kv(out, 4, "inactivity",
		   duration(conn->deactivation_timeout, buf, sizeof(buf)));
	}
}

/**
 * Comment the local 1:1 NAT table of a tunnel (mguard-firewall applies it)
 */
static void write_nat_map(FILE *out, mguard_tunnel_t *tunnel)
{
	enumerator_t *enumerator;
	mguard_nat_map_t *map;
	char buf[96];

	enumerator = tunnel->local_nat_map->create_enumerator(
												tunnel->local_nat_map);
	while (enumerator->enumerate(enumerator, &map))
	{
		snprintf(buf, sizeof(buf), "%H/%u as %H/%u", map->real,
				 map->netmask, map->virtual, map->netmask);
		comment(out, 4, "local 1:1 NAT: ", buf);
	}
	enumerator->destroy(enumerator);
}

/**
 * Write a child for a tunnel
 */
static void write_tunnel(tctx_t *ctx, mguard_connection_t *conn,
						 mguard_tunnel_t *tunnel)
{
	FILE *out = ctx->out;
	char name[160];

	fprintf(out, "\t\t\t%s {\n",
			mguard_tunnel_child_name(conn, tunnel, name, sizeof(name)));
	if (tunnel->comment)
	{
		comment(out, 4, "", tunnel->comment);
	}
	if (tunnel->local_nat == MGUARD_NAT_1TO1 &&
		tunnel->local_nat_map->get_count(tunnel->local_nat_map))
	{
		write_nat_map(out, tunnel);
	}
	else if (tunnel->local_nat == MGUARD_NAT_1TO1)
	{
		comment(out, 4, "local 1:1 NAT: real network ",
				tunnel->local_nat_network.str);
	}
	else if (tunnel->local_nat == MGUARD_NAT_MASQUERADE)
	{
		comment(out, 4, "local masquerade of ", tunnel->local_nat_network.str);
	}
	if (tunnel->remote_nat == MGUARD_NAT_1TO1)
	{
		comment(out, 4, "remote 1:1 NAT: reached locally as ",
				tunnel->remote_nat_network.str);
	}
	else if (tunnel->remote_nat == MGUARD_NAT_MASQUERADE)
	{
		comment(out, 4, "remote masquerade to ",
				tunnel->remote_nat_network.str);
	}
	if (tunnel->type == MGUARD_TRANSPORT)
	{
		fputs("\t\t\t\tmode = transport\n", out);
		fputs("\t\t\t\tlocal_ts = ", out);
		write_ts(out, "dynamic", tunnel->protocol, tunnel->local_port);
		fputs("\n\t\t\t\tremote_ts = ", out);
		write_ts(out, "dynamic", tunnel->protocol, tunnel->remote_port);
		fputc('\n', out);
	}
	else
	{
		fputs("\t\t\t\tmode = tunnel\n", out);
		fputs("\t\t\t\tlocal_ts = ", out);
		write_ts(out, tunnel->local.str, tunnel->protocol, tunnel->local_port);
		fputs("\n\t\t\t\tremote_ts = ", out);
		write_ts(out, tunnel->remote.str, tunnel->protocol,
				 tunnel->remote_port);
		fputc('\n', out);
	}
	write_child_options(ctx, conn);
	fputs("\t\t\t}\n", out);
}

/**
 * Write the Mode Config child of a connection
 */
static void write_mode_config_child(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	FILE *out = ctx->out;

	fprintf(out, "\t\t\t%s-modecfg {\n", conn->key);
	fputs("\t\t\t\tmode = tunnel\n", out);
	if (mc->mode == MGUARD_MC_SERVER)
	{
		fputs("\t\t\t\tlocal_ts = ", out);
		if (mc->local_table)
		{
			write_net_list(out, mc->local_networks);
		}
		else
		{
			fputs(mc->local_network.str, out);
		}
		fputs("\n\t\t\t\tremote_ts = ", out);
		if (mc->remote_table)
		{
			write_net_list(out, mc->remote_networks);
		}
		else
		{	/* mguard-control narrows it to the client's tranche */
			fputs(mc->pool.str, out);
		}
		fputc('\n', out);
	}
	else
	{
		if (mc->local_nat)
		{
			comment(out, 4, "masquerade to the assigned address: ",
					mc->local_nat_network.str);
		}
		fputs("\t\t\t\tlocal_ts = dynamic\n", out);
		kv(out, 4, "remote_ts",
		   mc->remote_fixed ? mc->remote_network.str : "0.0.0.0/0");
	}
	write_child_options(ctx, conn);
	fputs("\t\t\t}\n", out);
}

/**
 * Write the local and remote authentication rounds
 */
static void write_auth(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_auth_t *auth = &conn->auth;
	mguard_mode_config_t *mc = &conn->mode_config;
	bool x509 = auth->method == MGUARD_AUTH_X509;
	FILE *out = ctx->out;

	fputs("\t\tlocal {\n", out);
	kv(out, 3, "auth", x509 ? "pubkey" : "psk");
	if (x509)
	{
		kv(out, 3, "certs",
		   add_file(ctx, auth->local_certificate, "x509", conn,
					"authentication.local_certificate"));
		add_file(ctx, auth->local_key, "private", conn,
				 "authentication.local_key");
	}
	if (auth->local_id)
	{
		kv_id(out, 3, "id", auth->local_id);
	}
	fputs("\t\t}\n", out);
	if (mc->mode == MGUARD_MC_CLIENT && mc->xauth_login)
	{
		fputs("\t\tlocal-xauth {\n", out);
		fputs("\t\t\tauth = xauth\n", out);
		kv_quoted(out, 3, "xauth_id", mc->xauth_login);
		fputs("\t\t}\n", out);
	}

	fputs("\t\tremote {\n", out);
	kv(out, 3, "auth", x509 ? "pubkey" : "psk");
	if (auth->remote_id)
	{
		kv_id(out, 3, "id", auth->remote_id);
	}
	else if (!x509 && !conn->gateway_any)
	{
		/* PSK peers identify with their address by default */
		host_t *host = host_create_from_string(conn->gateway, 0);

		if (host)
		{
			fprintf(out, "\t\t\tid = %H\n", host);
			host->destroy(host);
		}
		else
		{
			fprintf(out, "\t\t\tid = %%any\n");
		}
	}
	else
	{
		fprintf(out, "\t\t\tid = %%any\n");
	}
	if (x509)
	{
		switch (auth->remote_ca)
		{
			case MGUARD_CA_ANY:
				break;
			case MGUARD_CA_FILE:
				kv(out, 3, "cacerts",
				   add_file(ctx, auth->remote_ca_file, "x509ca", conn,
							"authentication.remote_ca"));
				break;
			case MGUARD_CA_NONE:
				kv(out, 3, "certs",
				   add_file(ctx, auth->remote_certificate, "x509", conn,
							"authentication.remote_certificate"));
				break;
		}
		kv(out, 3, "revocation", auth->crl_check ? "strict" : "relaxed");
	}
	fputs("\t\t}\n", out);
	if (mc->mode == MGUARD_MC_SERVER && conn->version == 1)
	{
		fputs("\t\tremote-xauth {\n", out);
		kv(out, 3, "auth", ctx->model->xauth_pam ? "xauth-pam" : "xauth");
		fputs("\t\t}\n", out);
	}
}

/**
 * Write a connection
 */
static void write_connection(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	enumerator_t *enumerator;
	mguard_tunnel_t *tunnel;
	FILE *out = ctx->out;
	char buf[16], pool[160];

	fputc('\n', out);
	comment(out, 1, "", conn->name);
	fprintf(out, "\t# initial_mode = %s, startup = %s%s\n",
			mguard_initial_mode_name(conn->initial_mode),
			mguard_startup_name(conn->startup),
			conn->initial_mode == MGUARD_MODE_STOPPED ?
			" (loaded, not started)" : "");
	fprintf(out, "\t%s {\n", conn->key);
	fprintf(out, "\t\tversion = %d\n", conn->version);
	write_local_addrs(ctx, conn);
	kv(out, 2, "remote_addrs", conn->gateway);
	if (conn->encapsulation != MGUARD_ENCAP_NONE)
	{
		fprintf(out, "\t\t# %s encapsulation to port %u (server ID %u)\n",
				conn->encapsulation == MGUARD_ENCAP_TCP ? "TCP" :
				"Path Finder", conn->encapsulation_port,
				conn->encapsulation_server_id);
		/* the port tells mguard-tcp to carry the IKE_SA in a stream */
		fprintf(out, "\t\tlocal_port = %d\n",
				conn->encapsulation == MGUARD_ENCAP_TCP ?
				lib->settings->get_int(lib->settings,
									   MGUARD_TCP_INITIATOR_PORT_KEY,
									   MGUARD_TCP_INITIATOR_PORT) :
				lib->settings->get_int(lib->settings,
									   MGUARD_TCP_PATH_FINDER_PORT_KEY,
									   MGUARD_TCP_PATH_FINDER_PORT));
		fprintf(out, "\t\tremote_port = %u\n", conn->encapsulation_port);
		/* encap: the responder sees a NAT and follows a reconnect to the
		 * stream's new port; without MOBIKE it does so on any message */
		fputs("\t\tencap = yes\n", out);
		fputs("\t\tmobike = no\n", out);
	}
	if (conn->ike.proposals)
	{
		kv_quoted(out, 2, "proposals", conn->ike.proposals);
	}
	else
	{
		fputs("\t\tproposals = default\n", out);
	}
	if (conn->version == 1)
	{
		kv(out, 2, "aggressive", conn->auth.aggressive ? "yes" : "no");
		fputs("\t\trekey_time = 0s\n", out);
		kv(out, 2, "reauth_time",
		   duration(conn->ike.ike_lifetime, buf, sizeof(buf)));
	}
	else
	{
		kv(out, 2, "rekey_time",
		   duration(conn->ike.ike_lifetime, buf, sizeof(buf)));
	}
	kv(out, 2, "dpd_delay", duration(conn->ike.dpd_delay, buf, sizeof(buf)));
	if (conn->version == 1)
	{
		kv(out, 2, "dpd_timeout",
		   duration(conn->ike.dpd_timeout, buf, sizeof(buf)));
	}
	kv(out, 2, "fragmentation",
	   ctx->model->global.ike_fragmentation ? "yes" : "no");
	if (mc->mode == MGUARD_MC_SERVER && !mc->remote_table)
	{
		fprintf(out, "\t\t# network tranches of /%u, DNS and WINS: "
				"mguard-control\n", mc->tranche);
		kv(out, 2, "pools", mguard_connection_pool_name(conn, pool,
														sizeof(pool)));
	}
	else if (mc->mode == MGUARD_MC_CLIENT)
	{
		fputs("\t\tvips = 0.0.0.0\n", out);
	}
	write_auth(ctx, conn);

	fputs("\t\tchildren {\n", out);
	if (mc->mode != MGUARD_MC_OFF)
	{
		write_mode_config_child(ctx, conn);
	}
	else
	{
		enumerator = mguard_connection_create_tunnel_enumerator(conn, TRUE);
		while (enumerator->enumerate(enumerator, &tunnel))
		{
			write_tunnel(ctx, conn, tunnel);
		}
		enumerator->destroy(enumerator);
	}
	fputs("\t\t}\n", out);
	fputs("\t}\n", out);
}

/**
 * Write the PSK secret of a connection
 */
static void write_psk(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_auth_t *auth = &conn->auth;
	FILE *out = ctx->out;
	host_t *gw = NULL;
	int ids = 0;

	if (auth->method != MGUARD_AUTH_PSK)
	{
		return;
	}
	fprintf(out, "\n\tike-%s {\n", conn->key);
	if (auth->local_id)
	{
		kv_quoted(out, 2, "id-local", auth->local_id);
		ids++;
	}
	if (auth->remote_id)
	{
		kv_quoted(out, 2, "id-remote", auth->remote_id);
		ids++;
	}
	else if ((gw = host_create_from_string(conn->gateway, 0)))
	{
		fprintf(out, "\t\tid-remote = %H\n", gw);
		gw->destroy(gw);
		ids++;
	}
	if (!ids && ctx->wildcard_psks++)
	{
		char path[128];

		snprintf(path, sizeof(path), "connections.%s.authentication.remote_id",
				 conn->key);
		ctx->report->add(ctx->report, MGUARD_WARNING, ctx->model->file, path,
						 "several PSK connections without identities or "
						 "gateway address share the wildcard secret slot; "
						 "set remote_id so that the right key is chosen");
	}
	kv_quoted(out, 2, "secret", auth->psk);
	fputs("\t}\n", out);
}

/**
 * Write XAuth secrets
 */
static void write_xauth(tctx_t *ctx)
{
	enumerator_t *enumerator;
	mguard_xauth_user_t *user;
	mguard_connection_t *conn;
	FILE *out = ctx->out;

	enumerator = ctx->model->xauth_users->create_enumerator(
												ctx->model->xauth_users);
	/* with PAM the users' passwords are not needed (nor written) */
	while (!ctx->model->xauth_pam && enumerator->enumerate(enumerator, &user))
	{
		fprintf(out, "\n\txauth-user-%s {\n", user->key);
		kv_quoted(out, 2, "id", user->name);
		kv_quoted(out, 2, "secret", user->password);
		fputs("\t}\n", out);
	}
	enumerator->destroy(enumerator);

	enumerator = mguard_model_create_connection_enumerator(ctx->model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode != MGUARD_MODE_DISABLED &&
			conn->mode_config.mode == MGUARD_MC_CLIENT &&
			conn->mode_config.xauth_login)
		{
			fprintf(out, "\n\txauth-%s {\n", conn->key);
			kv_quoted(out, 2, "id", conn->mode_config.xauth_login);
			kv_quoted(out, 2, "secret", conn->mode_config.xauth_password);
			fputs("\t}\n", out);
		}
	}
	enumerator->destroy(enumerator);
}

/*
 * Described in header
 */
void translate_model(mguard_model_t *model, FILE *out, linked_list_t *files,
					 mguard_report_t *report)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn;
	tctx_t ctx = {
		.model = model,
		.out = out,
		.files = files,
		.report = report,
		.by_source = hashtable_create(hashtable_hash_str,
									  hashtable_equals_str, 32),
		.by_name = hashtable_create(hashtable_hash_str,
									hashtable_equals_str, 32),
	};
	const char *base = strrchr(model->file, '/');
	enumerator_t *names;
	char *name;

	fputs("# Generated by mguard-swanctl from the mGuard model ", out);
	quote(out, base ? base + 1 : model->file);
	fprintf(out, ".\n# Do not edit: change the model and run mguard-swanctl "
			"again.\n\nconnections {\n");
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode != MGUARD_MODE_DISABLED)
		{
			write_connection(&ctx, conn);
		}
	}
	enumerator->destroy(enumerator);
	/* address pools are mguard-control's (network tranches) */
	fputs("}\n\npools {\n}\n\nsecrets {\n", out);
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode != MGUARD_MODE_DISABLED)
		{
			write_psk(&ctx, conn);
		}
	}
	enumerator->destroy(enumerator);
	write_xauth(&ctx);
	fputs("}\n", out);

	names = ctx.by_name->create_enumerator(ctx.by_name);
	while (names->enumerate(names, &name, NULL))
	{
		free(name);
	}
	names->destroy(names);
	ctx.by_name->destroy(ctx.by_name);
	ctx.by_source->destroy(ctx.by_source);
}
