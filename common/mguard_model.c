/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_model.h"
#include "mguard_values.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include <crypto/proposal/proposal.h>

#include "mguard_conf.h"

/**
 * Value types of model keys
 */
typedef enum {
	/** bool */
	T_BOOL,
	/** int, uint8_t, uint16_t, uint32_t with min..max */
	T_INT,
	T_U8,
	T_U16,
	T_U32,
	/** int (enum): index in words + min */
	T_KEYWORD,
	/** bool: words[0] FALSE, words[1] TRUE */
	T_KWBOOL,
	/** char*, free text, empty = NULL */
	T_STR,
	/** char*, file name, relative to the model's directory */
	T_FILE,
	/** uint32_t ss|mm:ss|hh:mm:ss, <= max */
	T_HMS,
	/** uint32_t seconds with unit, min..max */
	T_DURATION,
	/** uint64_t bytes with unit */
	T_SIZE,
	/** host_t*, IPv4 */
	T_IPV4,
	/** host_t*, IPv4, 0.0.0.0 = NULL */
	T_IPV4_OPT,
	/** mguard_net_t */
	T_NET,
	/** linked_list_t of mguard_net_t */
	T_NETLIST,
	/** uint16_t port 1..65535 or service name */
	T_PORT,
	/** int tunnel port: %all, %any, 1..65535 */
	T_TPORT,
	/** uint8_t protocol (all, tcp, udp, icmp, number) */
	T_PROTO,
	/** uint8_t protocol, gre too */
	T_PROTO_FW,
	/** char*, interface name */
	T_IFNAME,
	/** char*, gateway: IPv4, host name, %any */
	T_GATEWAY,
	/** char*, host: IPv4 or host name */
	T_HOST,
	/** linked_list_t of uintptr_t ports */
	T_PORTLIST,
	/** char*, service input source */
	T_SOURCE,
	/** mguard_addr_t: CIDR, address, range or group name */
	T_ADDR,
	/** mguard_ports_t: any, N, N:M, service or group name */
	T_PORTS,
	/** mguard_fw_rule_t action (offset of the rule) */
	T_ACTION,
	/** char*, proposal list, default = NULL */
	T_PROPOSALS,
	/** mguard_auth_t remote_ca (offset of the auth) */
	T_REMOTE_CA,
} mkey_type_t;

/**
 * A key of a model section
 */
typedef struct {
	/** key name */
	const char *name;
	/** value type */
	mkey_type_t type;
	/** offset of the field */
	size_t offset;
	/** range or keyword base */
	int64_t min, max;
	/** keywords (T_KEYWORD, T_KWBOOL) */
	const char *const *words;
} key_def_t;

/**
 * Parser state
 */
typedef struct {
	/** parsed settings tree (file order) */
	mguard_conf_t *conf;
	/** file name for messages */
	const char *file;
	/** directory of the model, for relative file names */
	char *dir;
	/** report */
	mguard_report_t *report;
	/** model being built */
	mguard_model_t *model;
	/** errors in the report before the model was read */
	u_int errors;
} ctx_t;

#define ERR(ctx, path, fmt, ...) \
	(ctx)->report->add((ctx)->report, MGUARD_ERROR, (ctx)->file, path, \
					   fmt, ##__VA_ARGS__)
#define WARN(ctx, path, fmt, ...) \
	(ctx)->report->add((ctx)->report, MGUARD_WARNING, (ctx)->file, path, \
					   fmt, ##__VA_ARGS__)

#define FIELD(base, def, type) ((type*)((char*)(base) + (def)->offset))

static const char *const w_initial_mode[] = { "disabled", "stopped",
											  "started", NULL };
static const char *const w_startup[] = { "initiate", "on_traffic", "wait",
										 NULL };
static const char *const w_service_input[] = { "none", "cmd1", "cmd2", "cmd3",
											   NULL };
static const char *const w_encap[] = { "none", "tcp", "path_finder", NULL };
static const char *const w_version[] = { "ikev1", "ikev2", NULL };
static const char *const w_interface[] = { "internal", "external",
										   "external2", "dial-in", "dmz",
										   "address", NULL };
static const char *const w_mc_mode[] = { "off", "server", "client", NULL };
static const char *const w_fixed_table[] = { "fixed", "table", NULL };
static const char *const w_pool_table[] = { "pool", "table", NULL };
static const char *const w_none_masq[] = { "none", "masquerade", NULL };
static const char *const w_server_fixed[] = { "server", "fixed", NULL };
static const char *const w_type[] = { "tunnel", "transport", NULL };
static const char *const w_nat[] = { "none", "1to1", "masquerade", NULL };
static const char *const w_method[] = { "x509", "psk", NULL };
static const char *const w_isakmp[] = { "main", "aggressive", NULL };
static const char *const w_policy[] = { "accept", "drop", "ping", "rules",
										NULL };
static const char *const w_proxy_auth[] = { "any", "basic", "ntlm", "digest",
											NULL };
static const char *const w_si_mode[] = { "switch", "pushbutton", NULL };

#define G(f) offsetof(mguard_global_t, f)

static const key_def_t global_keys[] = {
	{ "hub_and_spoke", T_BOOL, G(hub_and_spoke) },
	{ "remote_access_ports", T_PORTLIST, G(remote_access_ports) },
	{ "ike_fragmentation", T_BOOL, G(ike_fragmentation) },
	{ "ipsec_mtu", T_U32, G(ipsec_mtu), 576, 16260 },
	{ NULL },
};

static const key_def_t archive_keys[] = {
	{ "enabled", T_BOOL, G(archive.enabled) },
	{ "only_on_failure", T_BOOL, G(archive.only_on_failure) },
	{ "dir", T_FILE, G(archive.dir) },
	{ "max_size", T_SIZE, G(archive.max_size) },
	{ NULL },
};

static const key_def_t tcp_encap_keys[] = {
	{ "listen", T_BOOL, G(tcp_encapsulation.listen) },
	{ "port", T_PORT, G(tcp_encapsulation.port) },
	{ "server_id", T_U8, G(tcp_encapsulation.server_id), 0, 63 },
	{ NULL },
};

static const key_def_t path_finder_keys[] = {
	{ "listen", T_BOOL, G(path_finder.listen) },
	{ "port", T_PORT, G(path_finder.port) },
	{ "certificate", T_FILE, G(path_finder.certificate) },
	{ "key", T_FILE, G(path_finder.key) },
	{ NULL },
};

static const key_def_t proxy_keys[] = {
	{ "host", T_HOST, G(proxy.host) },
	{ "port", T_PORT, G(proxy.port) },
	{ "user", T_STR, G(proxy.user) },
	{ "password", T_STR, G(proxy.password) },
	{ "auth", T_KEYWORD, G(proxy.auth), 0, 0, w_proxy_auth },
	{ NULL },
};

static const key_def_t dyndns_keys[] = {
	{ "watch", T_BOOL, G(dyndns.watch) },
	{ "interval", T_U32, G(dyndns.interval), 1, 86400 },
	{ NULL },
};

static const key_def_t license_keys[] = {
	{ "peers", T_INT, G(license.peers), 0, 1000000 },
	{ NULL },
};

static const key_def_t l2tp_keys[] = {
	{ "enabled", T_BOOL, G(l2tp.enabled) },
	{ "local_ip", T_IPV4, G(l2tp.local_ip) },
	{ "remote_start", T_IPV4, G(l2tp.remote_start) },
	{ "remote_end", T_IPV4, G(l2tp.remote_end) },
	{ NULL },
};

static const key_def_t interfaces_keys[] = {
	{ "internal", T_IFNAME, G(interfaces.internal) },
	{ "external", T_IFNAME, G(interfaces.external) },
	{ "external2", T_IFNAME, G(interfaces.external2) },
	{ "dial_in", T_IFNAME, G(interfaces.dial_in) },
	{ "dmz", T_IFNAME, G(interfaces.dmz) },
	{ NULL },
};

static const key_def_t service_inputs_keys[] = {
	{ "cmd1", T_SOURCE, G(service_inputs.cmd[0]) },
	{ "cmd2", T_SOURCE, G(service_inputs.cmd[1]) },
	{ "cmd3", T_SOURCE, G(service_inputs.cmd[2]) },
	{ "mode", T_KWBOOL, G(service_inputs.pushbutton), 0, 0, w_si_mode },
	{ NULL },
};

#define C(f) offsetof(mguard_connection_t, f)

static const key_def_t connection_keys[] = {
	{ "name", T_STR, C(name) },
	{ "initial_mode", T_KEYWORD, C(initial_mode), 0, 0, w_initial_mode },
	{ "gateway", T_GATEWAY, C(gateway) },
	{ "any_interface", T_KEYWORD, C(any_interface), 0, 0, w_interface },
	{ "any_address", T_IPV4, C(any_address) },
	{ "startup", T_KEYWORD, C(startup), 0, 0, w_startup },
	{ "service_input", T_KEYWORD, C(service_input), 0, 0, w_service_input },
	{ "service_input_inverted", T_BOOL, C(service_input_inverted) },
	{ "deactivation_timeout", T_HMS, C(deactivation_timeout), 0,
		MGUARD_MAX_DEACTIVATION },
	{ "sms_token", T_STR, C(sms_token) },
	{ "encapsulation", T_KEYWORD, C(encapsulation), 0, 0, w_encap },
	{ "encapsulation_port", T_PORT, C(encapsulation_port) },
	{ "encapsulation_server_id", T_U8, C(encapsulation_server_id), 0, 63 },
	{ "version", T_KEYWORD, C(version), 1, 0, w_version },
	{ NULL },
};

#define MC(f) offsetof(mguard_mode_config_t, f)

static const key_def_t mode_config_keys[] = {
	{ "mode", T_KEYWORD, MC(mode), 0, 0, w_mc_mode },
	{ "local", T_KWBOOL, MC(local_table), 0, 0, w_fixed_table },
	{ "local_network", T_NET, MC(local_network) },
	{ "local_networks", T_NETLIST, MC(local_networks) },
	{ "remote", T_KWBOOL, MC(remote_table), 0, 0, w_pool_table },
	{ "pool", T_NET, MC(pool) },
	{ "tranche", T_U8, MC(tranche), 0, 32 },
	{ "remote_networks", T_NETLIST, MC(remote_networks) },
	{ "dns1", T_IPV4_OPT, MC(dns[0]) },
	{ "dns2", T_IPV4_OPT, MC(dns[1]) },
	{ "wins1", T_IPV4_OPT, MC(wins[0]) },
	{ "wins2", T_IPV4_OPT, MC(wins[1]) },
	{ "local_nat", T_KWBOOL, MC(local_nat), 0, 0, w_none_masq },
	{ "local_nat_network", T_NET, MC(local_nat_network) },
	{ "remote_mode", T_KWBOOL, MC(remote_fixed), 0, 0, w_server_fixed },
	{ "remote_network", T_NET, MC(remote_network) },
	{ "xauth_login", T_STR, MC(xauth_login) },
	{ "xauth_password", T_STR, MC(xauth_password) },
	{ NULL },
};

#define T(f) offsetof(mguard_tunnel_t, f)

static const key_def_t tunnel_keys[] = {
	{ "enabled", T_BOOL, T(enabled) },
	{ "comment", T_STR, T(comment) },
	{ "type", T_KEYWORD, T(type), 0, 0, w_type },
	{ "local", T_NET, T(local) },
	{ "remote", T_NET, T(remote) },
	{ "protocol", T_PROTO, T(protocol) },
	{ "local_port", T_TPORT, T(local_port) },
	{ "remote_port", T_TPORT, T(remote_port) },
	{ "kernel_route", T_BOOL, T(kernel_route) },
	{ NULL },
};

static const key_def_t local_nat_keys[] = {
	{ "mode", T_KEYWORD, T(local_nat), 0, 0, w_nat },
	{ "network", T_NET, T(local_nat_network) },
	{ NULL },
};

static const key_def_t remote_nat_keys[] = {
	{ "mode", T_KEYWORD, T(remote_nat), 0, 0, w_nat },
	{ "network", T_NET, T(remote_nat_network) },
	{ NULL },
};

#define NM(f) offsetof(mguard_nat_map_t, f)

static const key_def_t nat_map_keys[] = {
	{ "real", T_IPV4, NM(real) },
	{ "virtual", T_IPV4, NM(virtual) },
	{ "netmask", T_U8, NM(netmask), 1, 32 },
	{ "comment", T_STR, NM(comment) },
	{ NULL },
};

#define A(f) offsetof(mguard_auth_t, f)

static const key_def_t auth_keys[] = {
	{ "method", T_KEYWORD, A(method), 0, 0, w_method },
	{ "local_certificate", T_FILE, A(local_certificate) },
	{ "local_key", T_FILE, A(local_key) },
	{ "remote_ca", T_REMOTE_CA, 0 },
	{ "remote_certificate", T_FILE, A(remote_certificate) },
	{ "crl_check", T_BOOL, A(crl_check) },
	{ "psk", T_STR, A(psk) },
	{ "isakmp_mode", T_KWBOOL, A(aggressive), 0, 0, w_isakmp },
	{ "local_id", T_STR, A(local_id) },
	{ "remote_id", T_STR, A(remote_id) },
	{ NULL },
};

#define I(f) offsetof(mguard_ike_t, f)

static const key_def_t ike_keys[] = {
	{ "proposals", T_PROPOSALS, I(proposals), PROTO_IKE },
	{ "esp_proposals", T_PROPOSALS, I(esp_proposals), PROTO_ESP },
	{ "pfs", T_BOOL, I(pfs) },
	{ "ike_lifetime", T_DURATION, I(ike_lifetime), 1, 86400 },
	{ "ipsec_lifetime", T_DURATION, I(ipsec_lifetime), 1, 86400 },
	{ "dpd_delay", T_DURATION, I(dpd_delay), 0, 86400 },
	{ "dpd_timeout", T_DURATION, I(dpd_timeout), 0, 86400 },
	{ NULL },
};

#define F(f) offsetof(mguard_fw_dir_t, f)

static const key_def_t fw_dir_keys[] = {
	{ "policy", T_KEYWORD, F(policy), 0, 0, w_policy },
	{ "log_unknown", T_BOOL, F(log_unknown) },
	{ NULL },
};

#define R(f) offsetof(mguard_fw_rule_t, f)

static const key_def_t fw_rule_keys[] = {
	{ "protocol", T_PROTO_FW, R(protocol) },
	{ "from", T_ADDR, R(from) },
	{ "from_port", T_PORTS, R(from_port) },
	{ "to", T_ADDR, R(to) },
	{ "to_port", T_PORTS, R(to_port) },
	{ "action", T_ACTION, 0 },
	{ "comment", T_STR, R(comment) },
	{ "log", T_BOOL, R(log) },
	{ NULL },
};

#define X(f) offsetof(mguard_xauth_user_t, f)

static const key_def_t xauth_user_keys[] = {
	{ "name", T_STR, X(name) },
	{ "password", T_STR, X(password) },
	{ NULL },
};

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

#define PATH_LEN 512

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
 * List keywords for messages
 */
static char *list_words(const char *const *words, char *buf, size_t len)
{
	size_t pos = 0;
	int i, written;

	buf[0] = '\0';
	for (i = 0; words[i]; i++)
	{
		written = snprintf(buf + pos, len - pos, "%s%s", i ? " | " : "",
						   words[i]);
		if (written < 0 || (size_t)written >= len - pos)
		{
			break;
		}
		pos += written;
	}
	return buf;
}

/**
 * Free a network value
 */
static void net_clear(mguard_net_t *net)
{
	DESTROY_IF(net->net);
	free(net->str);
	net->net = NULL;
	net->str = NULL;
}

/**
 * Destroy a network in a list
 */
static void net_destroy(mguard_net_t *net)
{
	net_clear(net);
	free(net);
}

/**
 * Parse a network value
 */
static bool parse_net(ctx_t *ctx, const char *path, const char *value,
					  mguard_net_t *net)
{
	char addr[INET_ADDRSTRLEN];
	bool host_bits;
	host_t *host;
	uint8_t prefix;

	host = mguard_parse_cidr(value, &prefix, &host_bits);
	if (!host)
	{
		ERR(ctx, path, "'%s' is not an IPv4 network; allowed: a.b.c.d/n "
			"(CIDR) or a single address", value);
		return FALSE;
	}
	if (host_bits)
	{
		ERR(ctx, path, "'%s' has host bits set beyond the /%u prefix; "
			"allowed: the network address of the range", value, prefix);
		host->destroy(host);
		return FALSE;
	}
	net_clear(net);
	net->net = host;
	net->prefix = prefix;
	/* %H would print 0.0.0.0 as %any */
	if (!inet_ntop(AF_INET, host->get_address(host).ptr, addr, sizeof(addr)) ||
		asprintf(&net->str, "%s/%u", addr, prefix) < 0)
	{
		net->str = NULL;
	}
	return TRUE;
}

/**
 * Clear an address list entry
 */
static void addr_clear(mguard_addr_t *addr)
{
	DESTROY_IF(addr->from);
	DESTROY_IF(addr->to);
	free(addr->str);
	memset(addr, 0, sizeof(*addr));
}

/**
 * Destroy an address list entry
 */
static void addr_destroy(mguard_addr_t *addr)
{
	addr_clear(addr);
	free(addr);
}

/**
 * Parse an address entry: CIDR, address, range, host name (if allowed) or a
 * group name (if allowed)
 */
static bool parse_addr(const char *value, bool hostname, bool group,
					   mguard_addr_t *addr)
{
	bool host_bits;

	memset(addr, 0, sizeof(*addr));
	if (strchr(value, '-') && (addr->from = mguard_parse_range(value,
															   &addr->to)))
	{
		addr->type = MGUARD_ADDR_RANGE;
	}
	else if ((addr->from = mguard_parse_cidr(value, &addr->prefix,
											 &host_bits)))
	{
		if (host_bits)
		{
			addr_clear(addr);
			return FALSE;
		}
		addr->type = MGUARD_ADDR_NET;
	}
	else if (group && mguard_is_identifier(value) &&
			 !strchr("0123456789", value[0]))
	{
		addr->type = MGUARD_ADDR_GROUP;
	}
	else if (hostname && mguard_is_hostname(value))
	{
		addr->type = MGUARD_ADDR_HOSTNAME;
	}
	else
	{
		return FALSE;
	}
	addr->str = strdup(value);
	return TRUE;
}

/**
 * Parse a port entry: any, N, N:M, service name or group name (if allowed)
 */
static bool parse_ports(const char *value, bool group, mguard_ports_t *ports)
{
	memset(ports, 0, sizeof(*ports));
	if (strcaseeq(value, "any"))
	{
		ports->type = MGUARD_PORTS_ANY;
	}
	else if (mguard_parse_port_range(value, &ports->from, &ports->to))
	{
		ports->type = MGUARD_PORTS_RANGE;
	}
	else if (group && mguard_is_identifier(value) &&
			 !strchr("0123456789", value[0]))
	{
		/* a port group name, resolved when validating */
		ports->type = MGUARD_PORTS_GROUP;
	}
	else
	{
		return FALSE;
	}
	ports->str = strdup(value);
	return TRUE;
}

/**
 * Check a service input source
 */
static bool is_source(const char *value)
{
	const char *colon;
	uint64_t line;

	if (strncaseeq(value, "gpio:", 5))
	{
		colon = strrchr(value + 5, ':');
		return colon && colon > value + 5 &&
			   mguard_parse_uint(colon + 1, 65535, &line);
	}
	if (strncaseeq(value, "evdev:", 6))
	{
		colon = strrchr(value + 6, ':');
		return colon && colon > value + 6 && colon[1];
	}
	if (strncaseeq(value, "file:", 5))
	{
		return value[5] == '/';
	}
	return FALSE;
}

/**
 * Check a proposal list, warn about obsolete algorithms
 */
static bool check_proposals(ctx_t *ctx, const char *path, const char *value,
							protocol_id_t proto)
{
	static const struct {
		transform_type_t type;
		uint16_t alg;
		const char *name;
	} obsolete[] = {
		{ ENCRYPTION_ALGORITHM, ENCR_DES, "DES" },
		{ ENCRYPTION_ALGORITHM, ENCR_3DES, "3DES" },
		{ INTEGRITY_ALGORITHM, AUTH_HMAC_MD5_96, "MD5" },
		{ INTEGRITY_ALGORITHM, AUTH_HMAC_MD5_128, "MD5" },
		{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_MD5, "MD5" },
		{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA1_96, "SHA-1" },
		{ INTEGRITY_ALGORITHM, AUTH_HMAC_SHA1_160, "SHA-1" },
		{ PSEUDO_RANDOM_FUNCTION, PRF_HMAC_SHA1, "SHA-1" },
		{ KEY_EXCHANGE_METHOD, MODP_768_BIT, "DH group 1 (modp768)" },
		{ KEY_EXCHANGE_METHOD, MODP_1024_BIT, "DH group 2 (modp1024)" },
		{ KEY_EXCHANGE_METHOD, MODP_1536_BIT, "DH group 5 (modp1536)" },
	};
	enumerator_t *enumerator;
	proposal_t *proposal;
	const char *last;
	bool ok = TRUE;
	char *item;
	u_int i;

	enumerator = mguard_list_create_enumerator(value);
	while (enumerator->enumerate(enumerator, &item))
	{
		if (strcaseeq(item, "default"))
		{
			continue;
		}
		proposal = proposal_create_from_string(proto, item);
		if (!proposal)
		{
			ERR(ctx, path, "'%s' is not a valid strongSwan %s proposal; "
				"allowed: default or proposals like aes256-sha256-modp3072",
				item, proto == PROTO_IKE ? "IKE" : "ESP");
			ok = FALSE;
			continue;
		}
		last = NULL;
		for (i = 0; i < countof(obsolete); i++)
		{
			if (proposal->has_transform(proposal, obsolete[i].type,
										obsolete[i].alg) &&
				(!last || !streq(last, obsolete[i].name)))
			{
				last = obsolete[i].name;
				WARN(ctx, path, "'%s' uses the obsolete algorithm %s",
					 item, obsolete[i].name);
			}
		}
		proposal->destroy(proposal);
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * Resolve a file name relative to the model's directory
 */
static char *resolve_file(ctx_t *ctx, const char *value)
{
	char *path;

	if (value[0] == '/' || !ctx->dir)
	{
		return strdup(value);
	}
	if (asprintf(&path, "%s/%s", ctx->dir, value) < 0)
	{
		return NULL;
	}
	return path;
}

/**
 * Parse one value into its field
 */
static void parse_value(ctx_t *ctx, const char *path, const key_def_t *def,
						const char *value, void *base)
{
	char words[256];
	uint64_t num;
	uint32_t secs;
	uint16_t port;
	uint8_t proto;
	host_t *host;
	int idx;

	switch (def->type)
	{
		case T_BOOL:
			if (!mguard_parse_bool(value, FIELD(base, def, bool)))
			{
				ERR(ctx, path, "'%s' is not a boolean; allowed: yes | no",
					value);
			}
			return;
		case T_INT:
		case T_U8:
		case T_U16:
		case T_U32:
			if (!mguard_parse_uint(value, UINT32_MAX, &num))
			{
				ERR(ctx, path, "'%s' is not a number; allowed: %"PRId64
					"..%"PRId64, value, def->min, def->max);
				return;
			}
			if ((int64_t)num < def->min || (int64_t)num > def->max)
			{
				ERR(ctx, path, "%"PRIu64" is out of range; allowed: %"PRId64
					"..%"PRId64, num, def->min, def->max);
				return;
			}
			switch (def->type)
			{
				case T_INT:
					*FIELD(base, def, int) = num;
					break;
				case T_U8:
					*FIELD(base, def, uint8_t) = num;
					break;
				case T_U16:
					*FIELD(base, def, uint16_t) = num;
					break;
				default:
					*FIELD(base, def, uint32_t) = num;
					break;
			}
			return;
		case T_KEYWORD:
		case T_KWBOOL:
			if (!mguard_parse_keyword(value, def->words, &idx) &&
				!(def->words == w_interface &&
				  strcaseeq(value, "dial_in") && (idx = MGUARD_IF_DIAL_IN, 1)))
			{
				ERR(ctx, path, "invalid value '%s'; allowed: %s", value,
					list_words(def->words, words, sizeof(words)));
				return;
			}
			if (def->type == T_KWBOOL)
			{
				*FIELD(base, def, bool) = idx == 1;
			}
			else
			{
				*FIELD(base, def, int) = idx + def->min;
			}
			return;
		case T_STR:
			free(*FIELD(base, def, char*));
			*FIELD(base, def, char*) = *value ? strdup(value) : NULL;
			return;
		case T_FILE:
			free(*FIELD(base, def, char*));
			*FIELD(base, def, char*) = *value ? resolve_file(ctx, value) : NULL;
			return;
		case T_HMS:
			if (!mguard_parse_hms(value, &secs))
			{
				ERR(ctx, path, "'%s' is not a time; allowed: ss, mm:ss or "
					"hh:mm:ss up to 720:00:00", value);
				return;
			}
			if (secs > def->max)
			{
				ERR(ctx, path, "'%s' is too long; allowed: 0 (off) up to "
					"720:00:00", value);
				return;
			}
			*FIELD(base, def, uint32_t) = secs;
			return;
		case T_DURATION:
			if (!mguard_parse_duration(value, &secs))
			{
				ERR(ctx, path, "'%s' is not a duration; allowed: a number "
					"with unit s, m, h or d (e.g. 30s, 8h)", value);
				return;
			}
			if (secs < def->min || secs > def->max)
			{
				ERR(ctx, path, "'%s' is out of range; allowed: %s..24h", value,
					def->min ? "1s" : "0s");
				return;
			}
			*FIELD(base, def, uint32_t) = secs;
			return;
		case T_SIZE:
			if (!mguard_parse_size(value, &num))
			{
				ERR(ctx, path, "'%s' is not a size; allowed: a number with "
					"optional unit K, M or G", value);
				return;
			}
			*FIELD(base, def, uint64_t) = num;
			return;
		case T_IPV4:
		case T_IPV4_OPT:
			host = mguard_parse_ipv4(value);
			if (!host)
			{
				ERR(ctx, path, "'%s' is not an IPv4 address; allowed: "
					"a.b.c.d", value);
				return;
			}
			DESTROY_IF(*FIELD(base, def, host_t*));
			if (def->type == T_IPV4_OPT && host->is_anyaddr(host))
			{
				host->destroy(host);
				host = NULL;
			}
			*FIELD(base, def, host_t*) = host;
			return;
		case T_NET:
			parse_net(ctx, path, value, FIELD(base, def, mguard_net_t));
			return;
		case T_NETLIST:
		{
			linked_list_t *list = *FIELD(base, def, linked_list_t*);
			enumerator_t *enumerator;
			mguard_net_t *net;
			char *item;

			list->destroy_function(list, (void*)net_destroy);
			list = *FIELD(base, def, linked_list_t*) = linked_list_create();
			enumerator = mguard_list_create_enumerator(value);
			while (enumerator->enumerate(enumerator, &item))
			{
				INIT(net);
				if (parse_net(ctx, path, item, net))
				{
					list->insert_last(list, net);
				}
				else
				{
					free(net);
				}
			}
			enumerator->destroy(enumerator);
			return;
		}
		case T_PORT:
			if (!mguard_parse_port(value, &port))
			{
				ERR(ctx, path, "'%s' is not a port; allowed: 1..65535 or a "
					"service name from /etc/services", value);
				return;
			}
			*FIELD(base, def, uint16_t) = port;
			return;
		case T_TPORT:
			if (strcaseeq(value, "%all"))
			{
				*FIELD(base, def, int) = MGUARD_PORT_ALL;
			}
			else if (strcaseeq(value, "%any"))
			{
				*FIELD(base, def, int) = MGUARD_PORT_ANY;
			}
			else if (mguard_parse_uint(value, UINT32_MAX, &num) &&
					 num >= 1 && num <= 65535)
			{
				*FIELD(base, def, int) = num;
			}
			else
			{
				ERR(ctx, path, "invalid port '%s'; allowed: %%all | %%any | "
					"1..65535", value);
			}
			return;
		case T_PROTO:
		case T_PROTO_FW:
			if (!mguard_parse_protocol(value, def->type == T_PROTO_FW, &proto))
			{
				ERR(ctx, path, "invalid protocol '%s'; allowed: all | tcp | "
					"udp | icmp%s | an IP protocol number 1..255", value,
					def->type == T_PROTO_FW ? " | gre" : "");
				return;
			}
			*FIELD(base, def, uint8_t) = proto;
			return;
		case T_IFNAME:
			if (!mguard_is_ifname(value))
			{
				ERR(ctx, path, "'%s' is not an interface name; allowed: a "
					"Linux interface name of 1..15 characters", value);
				return;
			}
			free(*FIELD(base, def, char*));
			*FIELD(base, def, char*) = strdup(value);
			return;
		case T_GATEWAY:
		case T_HOST:
			host = mguard_parse_ipv4(value);
			if (!host && !mguard_is_hostname(value) &&
				!(def->type == T_GATEWAY && strcaseeq(value, "%any")))
			{
				ERR(ctx, path, "'%s' is not %s", value,
					def->type == T_GATEWAY ?
					"a gateway; allowed: an IPv4 address, a host name or %any" :
					"a host; allowed: an IPv4 address or a host name");
				return;
			}
			DESTROY_IF(host);
			free(*FIELD(base, def, char*));
			*FIELD(base, def, char*) = strcaseeq(value, "%any") ?
										strdup("%any") : strdup(value);
			return;
		case T_PORTLIST:
		{
			linked_list_t *list = *FIELD(base, def, linked_list_t*);
			enumerator_t *enumerator;
			char *item;

			list->destroy(list);
			list = *FIELD(base, def, linked_list_t*) = linked_list_create();
			enumerator = mguard_list_create_enumerator(value);
			while (enumerator->enumerate(enumerator, &item))
			{
				if (mguard_parse_port(item, &port))
				{
					list->insert_last(list, (void*)(uintptr_t)port);
				}
				else
				{
					ERR(ctx, path, "'%s' is not a port; allowed: a list of "
						"ports 1..65535 or service names", item);
				}
			}
			enumerator->destroy(enumerator);
			return;
		}
		case T_SOURCE:
			if (!is_source(value))
			{
				ERR(ctx, path, "'%s' is not a service input source; allowed: "
					"gpio:<chip>:<line> | evdev:<device>:<key> | "
					"file:<absolute path>", value);
				return;
			}
			free(*FIELD(base, def, char*));
			*FIELD(base, def, char*) = strdup(value);
			return;
		case T_ADDR:
		{
			mguard_addr_t *addr = FIELD(base, def, mguard_addr_t), parsed;

			if (!parse_addr(value, FALSE, TRUE, &parsed))
			{
				ERR(ctx, path, "'%s' is not an address; allowed: a.b.c.d, "
					"a.b.c.d/n, a range a.b.c.d-e.f.g.h or an IP group name",
					value);
				return;
			}
			addr_clear(addr);
			*addr = parsed;
			return;
		}
		case T_PORTS:
		{
			mguard_ports_t *ports = FIELD(base, def, mguard_ports_t), parsed;

			if (!parse_ports(value, TRUE, &parsed))
			{
				ERR(ctx, path, "'%s' is not a port; allowed: any, N, N:M, a "
					"service name or a port group name", value);
				return;
			}
			free(ports->str);
			*ports = parsed;
			return;
		}
		case T_ACTION:
		{
			static const char *const actions[] = { "accept", "reject", "drop",
												   NULL };
			mguard_fw_rule_t *rule = base;

			free(rule->action_record);
			rule->action_record = NULL;
			if (mguard_parse_keyword(value, actions, &idx))
			{
				rule->action = idx;
			}
			else if (mguard_is_identifier(value))
			{
				/* a rule record, resolved when validating */
				rule->action = MGUARD_ACTION_RECORD;
				rule->action_record = strdup(value);
			}
			else
			{
				ERR(ctx, path, "invalid action '%s'; allowed: accept | reject "
					"| drop | a rule record name", value);
			}
			return;
		}
		case T_PROPOSALS:
			if (!*value)
			{
				ERR(ctx, path, "empty proposal list; allowed: default or "
					"strongSwan proposal strings");
				return;
			}
			if (check_proposals(ctx, path, value, def->min))
			{
				free(*FIELD(base, def, char*));
				*FIELD(base, def, char*) = strcaseeq(value, "default") ?
											NULL : strdup(value);
			}
			return;
		case T_REMOTE_CA:
		{
			mguard_auth_t *auth = base;

			free(auth->remote_ca_file);
			auth->remote_ca_file = NULL;
			if (strcaseeq(value, "any"))
			{
				auth->remote_ca = MGUARD_CA_ANY;
			}
			else if (strcaseeq(value, "none"))
			{
				auth->remote_ca = MGUARD_CA_NONE;
			}
			else if (*value)
			{
				auth->remote_ca = MGUARD_CA_FILE;
				auth->remote_ca_file = resolve_file(ctx, value);
			}
			else
			{
				ERR(ctx, path, "empty value; allowed: any | none | a CA "
					"certificate file");
			}
			return;
		}
	}
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
		parse_value(ctx, keypath, def, value, base);
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
	addr_clear(&rule->from);
	addr_clear(&rule->to);
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
	parse_addr("0.0.0.0/0", FALSE, FALSE, &rule->from);
	parse_addr("0.0.0.0/0", FALSE, FALSE, &rule->to);
	parse_ports("any", FALSE, &rule->from_port);
	parse_ports("any", FALSE, &rule->to_port);
	parse_section(ctx, path, fw_rule_keys, NULL, rule);
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
	group_destroy(group, (void*)addr_destroy);
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
			if (parse_addr(item, TRUE, FALSE, addr))
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
			if (parse_ports(item, FALSE, ports) &&
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
	parse_section(ctx, path, xauth_user_keys, NULL, user);
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
		{ "global.archive", archive_keys },
		{ "global.tcp_encapsulation", tcp_encap_keys },
		{ "global.path_finder", path_finder_keys },
		{ "global.proxy", proxy_keys },
		{ "global.dyndns", dyndns_keys },
		{ "global.license", license_keys },
		{ "global.l2tp", l2tp_keys },
		{ "global.interfaces", interfaces_keys },
		{ "global.service_inputs", service_inputs_keys },
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

	parse_section(ctx, "global", global_keys, sections, g);
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
	parse_section(ctx, path, nat_map_keys, NULL, map);
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
	net_clear(&tunnel->local);
	net_clear(&tunnel->remote);
	net_clear(&tunnel->local_nat_network);
	net_clear(&tunnel->remote_nat_network);
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
	parse_section(ctx, path, tunnel_keys, sections, tunnel);
	parse_section(ctx, join(path, "local_nat", sub, sizeof(sub)),
				  local_nat_keys, nat_sections, tunnel);
	parse_table(ctx, join(path, "local_nat.map", sub, sizeof(sub)),
				parse_nat_map, tunnel->local_nat_map);
	parse_section(ctx, join(path, "remote_nat", sub, sizeof(sub)),
				  remote_nat_keys, NULL, tunnel);
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

	net_clear(&mc->local_network);
	mc->local_networks->destroy_function(mc->local_networks,
										 (void*)net_destroy);
	net_clear(&mc->pool);
	mc->remote_networks->destroy_function(mc->remote_networks,
										  (void*)net_destroy);
	for (i = 0; i < 2; i++)
	{
		DESTROY_IF(mc->dns[i]);
		DESTROY_IF(mc->wins[i]);
	}
	net_clear(&mc->local_nat_network);
	net_clear(&mc->remote_network);
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
	parse_section(ctx, path, connection_keys, sections, conn);
	if (!conn->name)
	{
		conn->name = strdup(key);
	}
	conn->gateway_any = streq(conn->gateway, "%any");

	parse_section(ctx, join(path, "mode_config", sub, sizeof(sub)),
				  mode_config_keys, NULL, &conn->mode_config);
	parse_table(ctx, join(path, "tunnels", sub, sizeof(sub)), parse_tunnel,
				conn);
	parse_section(ctx, join(path, "authentication", sub, sizeof(sub)),
				  auth_keys, NULL, &conn->auth);
	parse_section(ctx, join(path, "ike", sub, sizeof(sub)), ike_keys, NULL,
				  &conn->ike);
	parse_section(ctx, join(path, "firewall", sub, sizeof(sub)), NULL,
				  fw_sections, NULL);
	parse_section(ctx, join(path, "firewall.incoming", sub, sizeof(sub)),
				  fw_dir_keys, dir_sections, &conn->fw_in);
	parse_table(ctx, join(path, "firewall.incoming.rules", sub, sizeof(sub)),
				parse_fw_rule, conn->fw_in.rules);
	parse_section(ctx, join(path, "firewall.outgoing", sub, sizeof(sub)),
				  fw_dir_keys, dir_sections, &conn->fw_out);
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
static mguard_model_t *build(ctx_t *ctx)
{
	static const char *const sections[] = { "global", "groups", "xauth",
											"connections", NULL };
	static const key_def_t xauth_keys[] = {
		{ "pam", T_BOOL, offsetof(mguard_model_t, xauth_pam) },
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

/*
 * Described in header
 */
mguard_model_t *mguard_model_load(const char *path, mguard_report_t *report)
{
	return mguard_model_load_sources(path, report, NULL);
}

/*
 * Described in header
 */
mguard_model_t *mguard_model_load_sources(const char *path,
										  mguard_report_t *report,
										  mguard_conf_sources_t **sources)
{
	mguard_model_t *model;
	struct stat st;
	ctx_t ctx = {
		.file = path,
		.report = report,
	};
	char *slash;

	if (stat(path, &st) != 0)
	{
		report->add(report, MGUARD_ERROR, path, NULL, "cannot read the model "
					"file: %s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MGUARD_MODEL_MAX_SIZE)
	{
		report->add(report, MGUARD_ERROR, path, NULL, "not a regular file of "
					"at most %d bytes", MGUARD_MODEL_MAX_SIZE);
		return NULL;
	}
	ctx.errors = report->get_errors(report);
	ctx.conf = mguard_conf_parse_file(path, report, sources);
	if (!ctx.conf)
	{
		return NULL;
	}
	ctx.dir = strdup(path);
	slash = strrchr(ctx.dir, '/');
	if (slash)
	{
		*slash = '\0';
		if (!*ctx.dir)
		{
			strcpy(ctx.dir, "/");
		}
	}
	else
	{
		free(ctx.dir);
		ctx.dir = strdup(".");
	}
	model = build(&ctx);
	free(ctx.dir);
	ctx.conf->destroy(ctx.conf);
	return model;
}

/*
 * Described in header
 */
mguard_model_t *mguard_model_load_string(const char *content, const char *name,
										 mguard_report_t *report)
{
	mguard_model_t *model;
	ctx_t ctx = {
		.file = name,
		.report = report,
	};

	if (strlen(content) > MGUARD_MODEL_MAX_SIZE)
	{
		report->add(report, MGUARD_ERROR, name, NULL, "model larger than %d "
					"bytes", MGUARD_MODEL_MAX_SIZE);
		return NULL;
	}
	ctx.errors = report->get_errors(report);
	ctx.conf = mguard_conf_parse_string(content, name, report);
	if (!ctx.conf)
	{
		return NULL;
	}
	model = build(&ctx);
	ctx.conf->destroy(ctx.conf);
	return model;
}

/*
 * Described in header
 */
int mguard_model_license_peers(mguard_model_t *model)
{
	return model->global.license.peers;
}

/*
 * Described in header
 */
enumerator_t *mguard_model_create_connection_enumerator(mguard_model_t *model)
{
	return model->connections->create_enumerator(model->connections);
}

/*
 * Described in header
 */
mguard_connection_t *mguard_model_get_connection(mguard_model_t *model,
												 const char *key)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn, *found = NULL;

	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (streq(conn->key, key))
		{
			found = conn;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/*
 * Described in header
 */
mguard_connection_t *mguard_model_find_by_name(mguard_model_t *model,
											   const char *name)
{
	enumerator_t *enumerator;
	mguard_connection_t *conn, *found = NULL;

	enumerator = model->connections->create_enumerator(model->connections);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (streq(conn->name, name))
		{
			found = conn;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

CALLBACK(tunnel_filter, bool,
	void *enabled, enumerator_t *orig, va_list args)
{
	mguard_tunnel_t *tunnel, **out;

	VA_ARGS_VGET(args, out);
	while (orig->enumerate(orig, &tunnel))
	{
		if (enabled && !tunnel->enabled)
		{
			continue;
		}
		*out = tunnel;
		return TRUE;
	}
	return FALSE;
}

/*
 * Described in header
 */
enumerator_t *mguard_connection_create_tunnel_enumerator(
							mguard_connection_t *conn, bool enabled)
{
	return enumerator_create_filter(
						conn->tunnels->create_enumerator(conn->tunnels),
						tunnel_filter, enabled ? (void*)conn : NULL, NULL);
}

/*
 * Described in header
 */
const char *mguard_model_any_ifname(mguard_model_t *model,
									mguard_connection_t *conn)
{
	mguard_global_t *g = &model->global;

	switch (conn->any_interface)
	{
		case MGUARD_IF_INTERNAL:
			return g->interfaces.internal;
		case MGUARD_IF_EXTERNAL:
			return g->interfaces.external;
		case MGUARD_IF_EXTERNAL2:
			return g->interfaces.external2;
		case MGUARD_IF_DIAL_IN:
			return g->interfaces.dial_in;
		case MGUARD_IF_DMZ:
			return g->interfaces.dmz;
		case MGUARD_IF_ADDRESS:
		default:
			return NULL;
	}
}

/*
 * Described in header
 */
char *mguard_tunnel_child_name(mguard_connection_t *conn,
							   mguard_tunnel_t *tunnel, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%s", conn->key, tunnel->key);
	return buf;
}

/*
 * Described in header
 */
const char *mguard_startup_name(mguard_startup_t startup)
{
	return startup <= MGUARD_STARTUP_WAIT ? w_startup[startup] : "?";
}

/*
 * Described in header
 */
const char *mguard_initial_mode_name(mguard_initial_mode_t mode)
{
	return mode <= MGUARD_MODE_STARTED ? w_initial_mode[mode] : "?";
}
