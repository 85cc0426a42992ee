/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/*
 * Value parsing of the model: one rule (callback) per value type, as
 * vici_config.c's parse_ rules; mguard_model_schema.c's tables name them.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_model_parse.h"
#include "mguard_source_spec.h"
#include "mguard_values.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include <crypto/proposal/proposal.h>

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
void mguard_model_net_clear(mguard_net_t *net)
{
	DESTROY_IF(net->net);
	free(net->str);
	net->net = NULL;
	net->str = NULL;
}

/**
 * Destroy a network in a list
 */
void mguard_model_net_destroy(mguard_net_t *net)
{
	mguard_model_net_clear(net);
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
	mguard_model_net_clear(net);
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
void mguard_model_addr_clear(mguard_addr_t *addr)
{
	DESTROY_IF(addr->from);
	DESTROY_IF(addr->to);
	free(addr->str);
	memset(addr, 0, sizeof(*addr));
}

/**
 * Destroy an address list entry
 */
void mguard_model_addr_destroy(mguard_addr_t *addr)
{
	mguard_model_addr_clear(addr);
	free(addr);
}

/**
 * Parse an address entry: CIDR, address, range, host name (if allowed) or a
 * group name (if allowed)
 */
bool mguard_model_parse_addr(const char *value, bool hostname, bool group,
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
			mguard_model_addr_clear(addr);
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
bool mguard_model_parse_ports(const char *value, bool group,
							  mguard_ports_t *ports)
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


/*
 * The rules: one callback per value type, each parsing a value into the
 * field a key_def_t names (min, max and words as the type uses them).
 */

void mguard_rule_bool(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	if (!mguard_parse_bool(value, FIELD(base, def, bool)))
	{
		ERR(ctx, path, "'%s' is not a boolean; allowed: yes | no", value);
	}
}

/**
 * A number in def->min..def->max, FALSE (reported) if none
 */
static bool number(ctx_t *ctx, const char *path, const key_def_t *def,
				   const char *value, uint64_t *num)
{
	if (!mguard_parse_uint(value, UINT32_MAX, num))
	{
		ERR(ctx, path, "'%s' is not a number; allowed: %"PRId64"..%"PRId64,
			value, def->min, def->max);
		return FALSE;
	}
	if ((int64_t)*num < def->min || (int64_t)*num > def->max)
	{
		ERR(ctx, path, "%"PRIu64" is out of range; allowed: %"PRId64
			"..%"PRId64, *num, def->min, def->max);
		return FALSE;
	}
	return TRUE;
}

void mguard_rule_int(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base)
{
	uint64_t num;

	if (number(ctx, path, def, value, &num))
	{
		*FIELD(base, def, int) = num;
	}
}

void mguard_rule_u8(ctx_t *ctx, const char *path, const key_def_t *def,
					const char *value, void *base)
{
	uint64_t num;

	if (number(ctx, path, def, value, &num))
	{
		*FIELD(base, def, uint8_t) = num;
	}
}

void mguard_rule_u32(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base)
{
	uint64_t num;

	if (number(ctx, path, def, value, &num))
	{
		*FIELD(base, def, uint32_t) = num;
	}
}

/**
 * A keyword of def->words (any_interface also takes dial_in for dial-in),
 * its index or -1 (reported)
 */
static int keyword(ctx_t *ctx, const char *path, const key_def_t *def,
				   const char *value, bool interface)
{
	char words[256];
	int idx;

	if (mguard_parse_keyword(value, def->words, &idx))
	{
		return idx;
	}
	if (interface && strcaseeq(value, "dial_in"))
	{
		return MGUARD_IF_DIAL_IN;
	}
	ERR(ctx, path, "invalid value '%s'; allowed: %s", value,
		list_words(def->words, words, sizeof(words)));
	return -1;
}

void mguard_rule_keyword(ctx_t *ctx, const char *path, const key_def_t *def,
						 const char *value, void *base)
{
	int idx = keyword(ctx, path, def, value, FALSE);

	if (idx >= 0)
	{
		*FIELD(base, def, int) = idx + def->min;
	}
}

void mguard_rule_interface(ctx_t *ctx, const char *path, const key_def_t *def,
						   const char *value, void *base)
{
	int idx = keyword(ctx, path, def, value, TRUE);

	if (idx >= 0)
	{
		*FIELD(base, def, int) = idx + def->min;
	}
}

void mguard_rule_kwbool(ctx_t *ctx, const char *path, const key_def_t *def,
						const char *value, void *base)
{
	int idx = keyword(ctx, path, def, value, FALSE);

	if (idx >= 0)
	{
		*FIELD(base, def, bool) = idx == 1;
	}
}

void mguard_rule_str(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base)
{
	free(*FIELD(base, def, char*));
	*FIELD(base, def, char*) = *value ? strdup(value) : NULL;
}

void mguard_rule_file(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	free(*FIELD(base, def, char*));
	*FIELD(base, def, char*) = *value ? resolve_file(ctx, value) : NULL;
}

void mguard_rule_hms(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base)
{
	uint32_t secs;

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
}

void mguard_rule_duration(ctx_t *ctx, const char *path, const key_def_t *def,
						  const char *value, void *base)
{
	uint32_t secs;

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
}

void mguard_rule_size(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	uint64_t num;

	if (!mguard_parse_size(value, &num))
	{
		ERR(ctx, path, "'%s' is not a size; allowed: a number with "
			"optional unit K, M or G", value);
		return;
	}
	*FIELD(base, def, uint64_t) = num;
}

/**
 * An IPv4 address into the field; 0.0.0.0 as NULL if optional
 */
static void ipv4(ctx_t *ctx, const char *path, const key_def_t *def,
				 const char *value, void *base, bool optional)
{
	host_t *host;

	host = mguard_parse_ipv4(value);
	if (!host)
	{
		ERR(ctx, path, "'%s' is not an IPv4 address; allowed: a.b.c.d",
			value);
		return;
	}
	DESTROY_IF(*FIELD(base, def, host_t*));
	if (optional && host->is_anyaddr(host))
	{
		host->destroy(host);
		host = NULL;
	}
	*FIELD(base, def, host_t*) = host;
}

void mguard_rule_ipv4(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	ipv4(ctx, path, def, value, base, FALSE);
}

void mguard_rule_ipv4_opt(ctx_t *ctx, const char *path, const key_def_t *def,
						  const char *value, void *base)
{
	ipv4(ctx, path, def, value, base, TRUE);
}

void mguard_rule_net(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base)
{
	parse_net(ctx, path, value, FIELD(base, def, mguard_net_t));
}

void mguard_rule_netlist(ctx_t *ctx, const char *path, const key_def_t *def,
						 const char *value, void *base)
{
	linked_list_t *list = *FIELD(base, def, linked_list_t*);
	enumerator_t *enumerator;
	mguard_net_t *net;
	char *item;

	list->destroy_function(list, (void*)mguard_model_net_destroy);
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
}

void mguard_rule_port(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	uint16_t port;

	if (!mguard_parse_port(value, &port))
	{
		ERR(ctx, path, "'%s' is not a port; allowed: 1..65535 or a "
			"service name from /etc/services", value);
		return;
	}
	*FIELD(base, def, uint16_t) = port;
}

void mguard_rule_tport(ctx_t *ctx, const char *path, const key_def_t *def,
					   const char *value, void *base)
{
	uint64_t num;

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
}

/**
 * An IP protocol into the field, gre only for firewall rules
 */
static void protocol(ctx_t *ctx, const char *path, const key_def_t *def,
					 const char *value, void *base, bool fw)
{
	uint8_t proto;

	if (!mguard_parse_protocol(value, fw, &proto))
	{
		ERR(ctx, path, "invalid protocol '%s'; allowed: all | tcp | "
			"udp | icmp%s | an IP protocol number 1..255", value,
			fw ? " | gre" : "");
		return;
	}
	*FIELD(base, def, uint8_t) = proto;
}

void mguard_rule_proto(ctx_t *ctx, const char *path, const key_def_t *def,
					   const char *value, void *base)
{
	protocol(ctx, path, def, value, base, FALSE);
}

void mguard_rule_proto_fw(ctx_t *ctx, const char *path, const key_def_t *def,
						  const char *value, void *base)
{
	protocol(ctx, path, def, value, base, TRUE);
}

void mguard_rule_ifname(ctx_t *ctx, const char *path, const key_def_t *def,
						const char *value, void *base)
{
	if (!mguard_is_ifname(value))
	{
		ERR(ctx, path, "'%s' is not an interface name; allowed: a "
			"Linux interface name of 1..15 characters", value);
		return;
	}
	free(*FIELD(base, def, char*));
	*FIELD(base, def, char*) = strdup(value);
}

/**
 * A host (IPv4 or name) into the field, %any too for a gateway
 */
static void host(ctx_t *ctx, const char *path, const key_def_t *def,
				 const char *value, void *base, bool gateway)
{
	host_t *addr;

	addr = mguard_parse_ipv4(value);
	if (!addr && !mguard_is_hostname(value) &&
		!(gateway && strcaseeq(value, "%any")))
	{
		ERR(ctx, path, "'%s' is not %s", value, gateway ?
			"a gateway; allowed: an IPv4 address, a host name or %any" :
			"a host; allowed: an IPv4 address or a host name");
		return;
	}
	DESTROY_IF(addr);
	free(*FIELD(base, def, char*));
	*FIELD(base, def, char*) = strcaseeq(value, "%any") ? strdup("%any")
														: strdup(value);
}

void mguard_rule_gateway(ctx_t *ctx, const char *path, const key_def_t *def,
						 const char *value, void *base)
{
	host(ctx, path, def, value, base, TRUE);
}

void mguard_rule_host(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	host(ctx, path, def, value, base, FALSE);
}

void mguard_rule_portlist(ctx_t *ctx, const char *path, const key_def_t *def,
						  const char *value, void *base)
{
	linked_list_t *list = *FIELD(base, def, linked_list_t*);
	enumerator_t *enumerator;
	uint16_t port;
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
}

void mguard_rule_source(ctx_t *ctx, const char *path, const key_def_t *def,
						const char *value, void *base)
{
	mguard_source_spec_t spec;
	const char *error;

	error = mguard_source_spec_parse(value, &spec);
	if (error)
	{
		ERR(ctx, path, "'%s' is not a service input source: %s", value,
			error);
		return;
	}
	free(*FIELD(base, def, char*));
	*FIELD(base, def, char*) = strdup(value);
}

void mguard_rule_addr(ctx_t *ctx, const char *path, const key_def_t *def,
					  const char *value, void *base)
{
	mguard_addr_t *addr = FIELD(base, def, mguard_addr_t), parsed;

	if (!mguard_model_parse_addr(value, FALSE, TRUE, &parsed))
	{
		ERR(ctx, path, "'%s' is not an address; allowed: a.b.c.d, "
			"a.b.c.d/n, a range a.b.c.d-e.f.g.h or an IP group name",
			value);
		return;
	}
	mguard_model_addr_clear(addr);
	*addr = parsed;
}

void mguard_rule_ports(ctx_t *ctx, const char *path, const key_def_t *def,
					   const char *value, void *base)
{
	mguard_ports_t *ports = FIELD(base, def, mguard_ports_t), parsed;

	if (!mguard_model_parse_ports(value, TRUE, &parsed))
	{
		ERR(ctx, path, "'%s' is not a port; allowed: any, N, N:M, a "
			"service name or a port group name", value);
		return;
	}
	free(ports->str);
	*ports = parsed;
}

void mguard_rule_action(ctx_t *ctx, const char *path, const key_def_t *def,
						const char *value, void *base)
{
	static const char *const actions[] = { "accept", "reject", "drop", NULL };
	mguard_fw_rule_t *rule = base;
	int idx;

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
}

void mguard_rule_proposals(ctx_t *ctx, const char *path, const key_def_t *def,
						   const char *value, void *base)
{
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
}

void mguard_rule_remote_ca(ctx_t *ctx, const char *path, const key_def_t *def,
						   const char *value, void *base)
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
}
