/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_values.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <string.h>
#include <strings.h>

/*
 * Described in header
 */
bool mguard_parse_bool(const char *str, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int idx;

	if (mguard_parse_keyword(str, yes, &idx))
	{
		*out = TRUE;
		return TRUE;
	}
	if (mguard_parse_keyword(str, no, &idx))
	{
		*out = FALSE;
		return TRUE;
	}
	return FALSE;
}

/*
 * Described in header
 */
bool mguard_parse_uint(const char *str, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;
	const char *pos;

	if (!str || !*str || strlen(str) > 20)
	{
		return FALSE;
	}
	for (pos = str; *pos; pos++)
	{
		if (!isdigit((unsigned char)*pos))
		{
			return FALSE;
		}
		if (value > (UINT64_MAX - (uint64_t)(*pos - '0')) / 10)
		{
			return FALSE;
		}
		value = value * 10 + (*pos - '0');
	}
	if (value > max)
	{
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_keyword(const char *str, const char *const *words, int *out)
{
	int i;

	if (!str)
	{
		return FALSE;
	}
	for (i = 0; words[i]; i++)
	{
		if (strcaseeq(str, words[i]))
		{
			*out = i;
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Parse a field of at most len digits
 */
static bool parse_field(const char *str, size_t len, uint64_t max,
						uint64_t *out)
{
	char buf[16];

	if (len == 0 || len >= sizeof(buf))
	{
		return FALSE;
	}
	memcpy(buf, str, len);
	buf[len] = '\0';
	return mguard_parse_uint(buf, max, out);
}

/*
 * Described in header
 */
bool mguard_parse_hms(const char *str, uint32_t *out)
{
	uint64_t fields[3], total = 0;
	const char *pos = str, *colon;
	int count = 0, i;

	if (!str || !*str)
	{
		return FALSE;
	}
	while (TRUE)
	{
		if (count == 3)
		{
			return FALSE;
		}
		colon = strchr(pos, ':');
		if (!parse_field(pos, colon ? (size_t)(colon - pos) : strlen(pos),
						 UINT32_MAX, &fields[count]))
		{
			return FALSE;
		}
		count++;
		if (!colon)
		{
			break;
		}
		pos = colon + 1;
	}
	for (i = 0; i < count; i++)
	{
		if (i > 0 && fields[i] > 59)
		{
			return FALSE;
		}
		total = total * 60 + fields[i];
		if (total > UINT32_MAX)
		{
			return FALSE;
		}
	}
	*out = total;
	return TRUE;
}

/**
 * A unit suffix and the factor it stands for
 */
typedef struct {
	char suffix;
	uint64_t factor;
} unit_t;

/**
 * Parse a number with an optional unit suffix (case-insensitive) into
 * number * factor, refusing anything above max
 */
static bool parse_with_unit(const char *str, const unit_t *units, int count,
							uint64_t max, uint64_t *out)
{
	uint64_t value, factor = 1;
	char buf[24];
	size_t len;
	int i;

	if (!str || !(len = strlen(str)) || len >= sizeof(buf))
	{
		return FALSE;
	}
	memcpy(buf, str, len + 1);
	for (i = 0; i < count; i++)
	{
		if (tolower((unsigned char)buf[len - 1]) == units[i].suffix)
		{
			factor = units[i].factor;
			buf[len - 1] = '\0';
			break;
		}
	}
	if (!mguard_parse_uint(buf, max / factor, &value))
	{
		return FALSE;
	}
	*out = value * factor;
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_duration(const char *str, uint32_t *out)
{
	static const unit_t units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	uint64_t value;

	if (!parse_with_unit(str, units, countof(units), UINT32_MAX, &value))
	{
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_size(const char *str, uint64_t *out)
{
	static const unit_t units[] = {
		{ 'k', 1024 }, { 'm', 1024 * 1024 }, { 'g', 1024 * 1024 * 1024 },
	};

	return parse_with_unit(str, units, countof(units), UINT64_MAX, out);
}

/*
 * Described in header
 */
host_t *mguard_parse_ipv4(const char *str)
{
	struct in_addr addr;

	if (!str || strlen(str) > 15 || inet_pton(AF_INET, str, &addr) != 1)
	{
		return NULL;
	}
	return host_create_from_chunk(AF_INET,
								  chunk_create((u_char*)&addr, sizeof(addr)),
								  0);
}

/*
 * Described in header
 */
host_t *mguard_parse_cidr(const char *str, uint8_t *prefix, bool *host_bits)
{
	char buf[24];
	const char *slash;
	uint64_t bits = 32;
	uint32_t addr, mask;
	host_t *host;
	size_t len;

	if (!str)
	{
		return NULL;
	}
	slash = strchr(str, '/');
	len = slash ? (size_t)(slash - str) : strlen(str);
	if (len >= sizeof(buf))
	{
		return NULL;
	}
	memcpy(buf, str, len);
	buf[len] = '\0';
	if (slash && (strlen(slash + 1) > 2 ||
				  !mguard_parse_uint(slash + 1, 32, &bits)))
	{
		return NULL;
	}
	host = mguard_parse_ipv4(buf);
	if (!host)
	{
		return NULL;
	}
	memcpy(&addr, host->get_address(host).ptr, sizeof(addr));
	mask = bits ? htonl(0xffffffffu << (32 - bits)) : 0;
	*host_bits = (addr & ~mask) != 0;
	*prefix = bits;
	return host;
}

/*
 * Described in header
 */
host_t *mguard_parse_range(const char *str, host_t **to)
{
	char buf[16];
	const char *dash;
	host_t *from, *last;
	size_t len;

	if (!str || !(dash = strchr(str, '-')))
	{
		return NULL;
	}
	len = dash - str;
	if (len >= sizeof(buf))
	{
		return NULL;
	}
	memcpy(buf, str, len);
	buf[len] = '\0';
	from = mguard_parse_ipv4(buf);
	last = mguard_parse_ipv4(dash + 1);
	if (!from || !last ||
		memcmp(from->get_address(from).ptr, last->get_address(last).ptr, 4) > 0)
	{
		DESTROY_IF(from);
		DESTROY_IF(last);
		return NULL;
	}
	*to = last;
	return from;
}

/*
 * Described in header
 */
bool mguard_is_hostname(const char *str)
{
	size_t label = 0, total;
	bool alpha = FALSE;
	const char *pos;

	if (!str || !(total = strlen(str)) || total > 253)
	{
		return FALSE;
	}
	for (pos = str; *pos; pos++)
	{
		if (*pos == '.')
		{
			if (label == 0 || pos[-1] == '-')
			{
				return FALSE;
			}
			label = 0;
			continue;
		}
		if (isalpha((unsigned char)*pos))
		{
			alpha = TRUE;
		}
		else if (*pos == '-')
		{
			if (label == 0)
			{
				return FALSE;
			}
		}
		else if (!isdigit((unsigned char)*pos))
		{
			return FALSE;
		}
		if (++label > 63)
		{
			return FALSE;
		}
	}
	if (label == 0 && pos[-1] != '.')
	{
		return FALSE;
	}
	if (pos[-1] == '-')
	{
		return FALSE;
	}
	/* all-numeric names are malformed addresses, not host names */
	return alpha;
}

/*
 * Described in header
 */
bool mguard_is_identifier(const char *str)
{
	size_t len;
	const char *pos;

	if (!str || !(len = strlen(str)) || len > 64)
	{
		return FALSE;
	}
	for (pos = str; *pos; pos++)
	{
		if (!isalnum((unsigned char)*pos) && *pos != '_' && *pos != '-')
		{
			return FALSE;
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_is_ifname(const char *str)
{
	size_t len;
	const char *pos;

	if (!str || !(len = strlen(str)) || len > 15)
	{
		return FALSE;
	}
	for (pos = str; *pos; pos++)
	{
		if (!isgraph((unsigned char)*pos) || *pos == '/' || *pos == ':')
		{
			return FALSE;
		}
	}
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_port(const char *str, uint16_t *out)
{
	struct servent entry, *serv = NULL;
	char buf[1024];
	uint64_t value;

	if (!str || !*str || strlen(str) > 64)
	{
		return FALSE;
	}
	if (isdigit((unsigned char)*str))
	{
		if (!mguard_parse_uint(str, 65535, &value) || value == 0)
		{
			return FALSE;
		}
		*out = value;
		return TRUE;
	}
	/* reentrant: plugins may load the model from any thread */
	if ((getservbyname_r(str, "tcp", &entry, buf, sizeof(buf), &serv) != 0 ||
		 !serv) &&
		(getservbyname_r(str, "udp", &entry, buf, sizeof(buf), &serv) != 0 ||
		 !serv))
	{
		return FALSE;
	}
	*out = ntohs(serv->s_port);
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_port_range(const char *str, uint16_t *from, uint16_t *to)
{
	char buf[8];
	const char *colon;
	uint16_t first, last;
	size_t len;

	if (!str || !(colon = strchr(str, ':')))
	{
		if (!mguard_parse_port(str, &first))
		{
			return FALSE;
		}
		*from = *to = first;
		return TRUE;
	}
	len = colon - str;
	if (len >= sizeof(buf))
	{
		return FALSE;
	}
	memcpy(buf, str, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]) ||
		!isdigit((unsigned char)colon[1]) ||
		!mguard_parse_port(buf, &first) ||
		!mguard_parse_port(colon + 1, &last) || first > last)
	{
		return FALSE;
	}
	*from = first;
	*to = last;
	return TRUE;
}

/*
 * Described in header
 */
bool mguard_parse_protocol(const char *str, bool allow_gre, uint8_t *out)
{
	static const char *const names[] = { "all", "tcp", "udp", "icmp", "gre",
										 NULL };
	static const uint8_t numbers[] = { 0, IPPROTO_TCP, IPPROTO_UDP,
									   IPPROTO_ICMP, IPPROTO_GRE };
	uint64_t value;
	int idx;

	if (mguard_parse_keyword(str, names, &idx))
	{
		if (numbers[idx] == IPPROTO_GRE && !allow_gre)
		{
			return FALSE;
		}
		*out = numbers[idx];
		return TRUE;
	}
	if (!mguard_parse_uint(str, 255, &value) || value == 0)
	{
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/**
 * Enumerator over list items
 */
typedef struct {
	/** implements enumerator_t */
	enumerator_t public;
	/** copy of the list, items are cut out of it */
	char *buf;
	/** current position */
	char *pos;
} list_enumerator_t;

METHOD(enumerator_t, list_enumerate, bool,
	list_enumerator_t *this, va_list args)
{
	char **item, *start, *end;

	VA_ARGS_VGET(args, item);
	while (this->pos)
	{
		start = this->pos;
		end = strchr(start, ',');
		if (end)
		{
			*end = '\0';
			this->pos = end + 1;
		}
		else
		{
			this->pos = NULL;
		}
		while (isspace((unsigned char)*start))
		{
			start++;
		}
		end = start + strlen(start);
		while (end > start && isspace((unsigned char)end[-1]))
		{
			*--end = '\0';
		}
		if (*start)
		{
			*item = start;
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(enumerator_t, list_destroy, void,
	list_enumerator_t *this)
{
	free(this->buf);
	free(this);
}

/*
 * Described in header
 */
enumerator_t *mguard_list_create_enumerator(const char *str)
{
	list_enumerator_t *this;

	INIT(this,
		.public = {
			.enumerate = enumerator_enumerate_default,
			.venumerate = _list_enumerate,
			.destroy = _list_destroy,
		},
		.buf = strdup(str ?: ""),
	);
	this->pos = this->buf;
	return &this->public;
}
