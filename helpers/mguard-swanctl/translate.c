/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "translate.h"

#include <ifaddrs.h>
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
 * Write a value as a quoted settings string
 */
static void quote(FILE *out, const char *value)
{
	fputc('"', out);
	for (; *value; value++)
	{
		switch (*value)
		{
			case '"':
			case '\\':
				fputc('\\', out);
				fputc(*value, out);
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
				fputc(*value, out);
				break;
		}
	}
	fputc('"', out);
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

	if (!strchr(value, '=') || value[0] == '@' || strchr(value, '@'))
	{
		kv_quoted(out, indent, key, value);
		return;
	}
	buf = strdup(value);
	for (start = pos = buf; count < countof(rdns); pos++)
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
			switch (*rdn)
			{
				case '"':
				case '\\':
					fputc('\\', out);
					fputc(*rdn, out);
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
					fputc(*rdn, out);
					break;
			}
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
 * Add a file to place, return its name in the swanctl directory
 */
static const char *add_file(tctx_t *ctx, const char *source,
							const char *subdir, mguard_connection_t *conn,
							const char *suffix, const char *path)
{
	translate_file_t *file;

	INIT(file,
		.source = strdup(source),
		.subdir = subdir,
	);
	if (asprintf(&file->name, "mguard-%s%s.pem", conn->key, suffix) < 0 ||
		asprintf(&file->path, "connections.%s.%s", conn->key, path) < 0)
	{
		free(file->source);
		free(file);
		return "";
	}
	ctx->files->insert_last(ctx->files, file);
	return file->name;
}

/*
 * Described in header
 */
void translate_file_destroy(translate_file_t *file)
{
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
	mguard_global_t *g = &ctx->model->global;
	const char *ifname = NULL;
	char addr[64], path[128];

	if (!conn->gateway_any)
	{
		return;
	}
	switch (conn->any_interface)
	{
		case MGUARD_IF_ADDRESS:
			fprintf(ctx->out, "\t\tlocal_addrs = %H\n", conn->any_address);
			return;
		case MGUARD_IF_INTERNAL:
			ifname = g->interfaces.internal;
			break;
		case MGUARD_IF_EXTERNAL:
			ifname = g->interfaces.external;
			break;
		case MGUARD_IF_EXTERNAL2:
			ifname = g->interfaces.external2;
			break;
		case MGUARD_IF_DIAL_IN:
			ifname = g->interfaces.dial_in;
			break;
		case MGUARD_IF_DMZ:
			ifname = g->interfaces.dmz;
			break;
	}
	if (ifname && interface_address(ifname, addr, sizeof(addr)))
	{
		fprintf(ctx->out, "\t\t# bound to interface %s\n", ifname);
		fprintf(ctx->out, "\t\tlocal_addrs = %s\n", addr);
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
	{
		fputs("/%any", out);
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
		fprintf(out, "\t\t\t\tesp_proposals = %s\n",
				conn->ike.pfs ? PFS_ESP_PROPOSALS : "default");
	}
	fprintf(out, "\t\t\t\trekey_time = %s\n",
			duration(conn->ike.ipsec_lifetime, buf, sizeof(buf)));
	fprintf(out, "\t\t\t\tstart_action = %s\n", start_action(conn));
	fprintf(out, "\t\t\t\tdpd_action = %s\n",
			startup == MGUARD_STARTUP_INITIATE ? "restart" :
			startup == MGUARD_STARTUP_ON_TRAFFIC ? "trap" : "clear");
	fprintf(out, "\t\t\t\tclose_action = %s\n",
			startup == MGUARD_STARTUP_INITIATE ? "start" :
			startup == MGUARD_STARTUP_ON_TRAFFIC ? "trap" : "none");
	if (startup == MGUARD_STARTUP_ON_TRAFFIC && conn->deactivation_timeout)
	{
		fprintf(out, "\t\t\t\tinactivity = %s\n",
				duration(conn->deactivation_timeout, buf, sizeof(buf)));
	}
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
	if (tunnel->local_nat == MGUARD_NAT_1TO1)
	{
		comment(out, 4, "local 1:1 NAT: real network ",
				tunnel->local_nat_network.str ?: "from the NAT table");
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
		comment(out, 4, "remote masquerade to ", tunnel->remote_nat_network.str);
	}
	if (tunnel->type == MGUARD_TRANSPORT)
	{
		fprintf(out, "\t\t\t\tmode = transport\n");
		fprintf(out, "\t\t\t\tlocal_ts = ");
		write_ts(out, "dynamic", tunnel->protocol, tunnel->local_port);
		fprintf(out, "\n\t\t\t\tremote_ts = ");
		write_ts(out, "dynamic", tunnel->protocol, tunnel->remote_port);
		fputc('\n', out);
	}
	else
	{
		fprintf(out, "\t\t\t\tmode = tunnel\n");
		fprintf(out, "\t\t\t\tlocal_ts = ");
		write_ts(out, tunnel->local.str, tunnel->protocol, tunnel->local_port);
		fprintf(out, "\n\t\t\t\tremote_ts = ");
		write_ts(out, tunnel->remote.str, tunnel->protocol,
				 tunnel->remote_port);
		fputc('\n', out);
	}
	write_child_options(ctx, conn);
	fprintf(out, "\t\t\t}\n");
}

/**
 * Write the Mode Config child of a connection
 */
static void write_mode_config_child(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	FILE *out = ctx->out;

	fprintf(out, "\t\t\t%s-modecfg {\n", conn->key);
	fprintf(out, "\t\t\t\tmode = tunnel\n");
	if (mc->mode == MGUARD_MC_SERVER)
	{
		fprintf(out, "\t\t\t\tlocal_ts = ");
		if (mc->local_table)
		{
			write_net_list(out, mc->local_networks);
		}
		else
		{
			fputs(mc->local_network.str, out);
		}
		fprintf(out, "\n\t\t\t\tremote_ts = ");
		if (mc->remote_table)
		{
			write_net_list(out, mc->remote_networks);
		}
		else
		{
			fputs("dynamic", out);
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
		fprintf(out, "\t\t\t\tlocal_ts = dynamic\n");
		fprintf(out, "\t\t\t\tremote_ts = %s\n",
				mc->remote_fixed ? mc->remote_network.str : "0.0.0.0/0");
	}
	write_child_options(ctx, conn);
	fprintf(out, "\t\t\t}\n");
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

	fprintf(out, "\t\tlocal {\n");
	fprintf(out, "\t\t\tauth = %s\n", x509 ? "pubkey" : "psk");
	if (x509)
	{
		fprintf(out, "\t\t\tcerts = %s\n",
				add_file(ctx, auth->local_certificate, "x509", conn, "",
						 "authentication.local_certificate"));
		add_file(ctx, auth->local_key, "private", conn, "",
				 "authentication.local_key");
	}
	if (auth->local_id)
	{
		kv_id(out, 3, "id", auth->local_id);
	}
	fprintf(out, "\t\t}\n");
	if (mc->mode == MGUARD_MC_CLIENT && mc->xauth_login)
	{
		fprintf(out, "\t\tlocal-xauth {\n");
		fprintf(out, "\t\t\tauth = xauth\n");
		kv_quoted(out, 3, "xauth_id", mc->xauth_login);
		fprintf(out, "\t\t}\n");
	}

	fprintf(out, "\t\tremote {\n");
	fprintf(out, "\t\t\tauth = %s\n", x509 ? "pubkey" : "psk");
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
				fprintf(out, "\t\t\tcacerts = %s\n",
						add_file(ctx, auth->remote_ca_file, "x509ca", conn,
								 "-ca", "authentication.remote_ca"));
				break;
			case MGUARD_CA_NONE:
				fprintf(out, "\t\t\tcerts = %s\n",
						add_file(ctx, auth->remote_certificate, "x509", conn,
								 "-peer", "authentication.remote_certificate"));
				break;
		}
		fprintf(out, "\t\t\trevocation = %s\n",
				auth->crl_check ? "strict" : "relaxed");
	}
	fprintf(out, "\t\t}\n");
	if (mc->mode == MGUARD_MC_SERVER && conn->version == 1)
	{
		fprintf(out, "\t\tremote-xauth {\n");
		fprintf(out, "\t\t\tauth = %s\n",
				ctx->model->xauth_pam ? "xauth-pam" : "xauth");
		fprintf(out, "\t\t}\n");
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
	char buf[16];

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
	fprintf(out, "\t\tremote_addrs = %s\n", conn->gateway);
	if (conn->encapsulation != MGUARD_ENCAP_NONE)
	{
		fprintf(out, "\t\t# %s encapsulation to port %u (server ID %u)\n",
				conn->encapsulation == MGUARD_ENCAP_TCP ? "TCP" :
				"Path Finder", conn->encapsulation_port,
				conn->encapsulation_server_id);
		fprintf(out, "\t\tlocal_port = 4500\n");
		fprintf(out, "\t\tremote_port = %u\n", conn->encapsulation_port);
		fprintf(out, "\t\tencap = yes\n");
	}
	if (conn->ike.proposals)
	{
		kv_quoted(out, 2, "proposals", conn->ike.proposals);
	}
	else
	{
		fprintf(out, "\t\tproposals = default\n");
	}
	if (conn->version == 1)
	{
		fprintf(out, "\t\taggressive = %s\n",
				conn->auth.aggressive ? "yes" : "no");
		fprintf(out, "\t\trekey_time = 0s\n");
		fprintf(out, "\t\treauth_time = %s\n",
				duration(conn->ike.ike_lifetime, buf, sizeof(buf)));
	}
	else
	{
		fprintf(out, "\t\trekey_time = %s\n",
				duration(conn->ike.ike_lifetime, buf, sizeof(buf)));
	}
	fprintf(out, "\t\tdpd_delay = %s\n",
			duration(conn->ike.dpd_delay, buf, sizeof(buf)));
	if (conn->version == 1)
	{
		fprintf(out, "\t\tdpd_timeout = %s\n",
				duration(conn->ike.dpd_timeout, buf, sizeof(buf)));
	}
	fprintf(out, "\t\tfragmentation = %s\n",
			ctx->model->global.ike_fragmentation ? "yes" : "no");
	if (mc->mode == MGUARD_MC_SERVER && !mc->remote_table)
	{
		fprintf(out, "\t\tpools = %s-pool\n", conn->key);
	}
	else if (mc->mode == MGUARD_MC_CLIENT)
	{
		fprintf(out, "\t\tvips = 0.0.0.0\n");
	}
	write_auth(ctx, conn);

	fprintf(out, "\t\tchildren {\n");
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
	fprintf(out, "\t\t}\n");
	fprintf(out, "\t}\n");
}

/**
 * Write the pool of a Mode Config server
 */
static void write_pool(tctx_t *ctx, mguard_connection_t *conn)
{
	mguard_mode_config_t *mc = &conn->mode_config;
	FILE *out = ctx->out;

	if (mc->mode != MGUARD_MC_SERVER || mc->remote_table)
	{
		return;
	}
	fprintf(out, "\n\t%s-pool {\n", conn->key);
	fprintf(out, "\t\taddrs = %s\n", mc->pool.str);
	if (mc->dns[0] || mc->dns[1])
	{
		fprintf(out, "\t\tdns = ");
		if (mc->dns[0])
		{
			fprintf(out, "%H%s", mc->dns[0], mc->dns[1] ? ", " : "");
		}
		if (mc->dns[1])
		{
			fprintf(out, "%H", mc->dns[1]);
		}
		fputc('\n', out);
	}
	if (mc->wins[0] || mc->wins[1])
	{
		fprintf(out, "\t\tnbns = ");
		if (mc->wins[0])
		{
			fprintf(out, "%H%s", mc->wins[0], mc->wins[1] ? ", " : "");
		}
		if (mc->wins[1])
		{
			fprintf(out, "%H", mc->wins[1]);
		}
		fputc('\n', out);
	}
	fprintf(out, "\t\tsplit_include = ");
	if (mc->local_table)
	{
		write_net_list(out, mc->local_networks);
	}
	else
	{
		fputs(mc->local_network.str, out);
	}
	fprintf(out, "\n\t}\n");
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
	fprintf(out, "\t}\n");
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
	while (enumerator->enumerate(enumerator, &user))
	{
		fprintf(out, "\n\txauth-user-%s {\n", user->key);
		kv_quoted(out, 2, "id", user->name);
		kv_quoted(out, 2, "secret", user->password);
		fprintf(out, "\t}\n");
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
			fprintf(out, "\t}\n");
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
	};

	const char *base = strrchr(model->file, '/');

	fprintf(out, "# Generated by mguard-swanctl from the mGuard model ");
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
	fprintf(out, "}\n\npools {\n");
	enumerator = mguard_model_create_connection_enumerator(model);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->initial_mode != MGUARD_MODE_DISABLED)
		{
			write_pool(&ctx, conn);
		}
	}
	enumerator->destroy(enumerator);
	fprintf(out, "}\n\nsecrets {\n");
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
	fprintf(out, "}\n");
}
