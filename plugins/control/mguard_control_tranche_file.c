/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_tranche_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/** first line that is not a comment */
#define HEADER "mguard-tranche-leases 1"

/**
 * A pool name: 1..64 of A-Z a-z 0-9 - _ .
 */
static bool valid_pool(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 64)
	{
		return FALSE;
	}
	for (i = 0; i < len; i++)
	{
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			  (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' ||
			  s[i] == '.'))
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Parse a decimal number 0..max of 1..3 digits from *s, advancing it
 */
static bool number(const char **s, const char *end, u_int max, u_int *out)
{
	u_int value = 0, digits = 0;

	if (end - *s > 1 && (*s)[0] == '0' && (*s)[1] >= '0' && (*s)[1] <= '9')
	{	/* no leading zeros: 010 is not 10 */
		return FALSE;
	}
	while (*s < end && **s >= '0' && **s <= '9' && digits < 3)
	{
		value = value * 10 + (**s - '0');
		(*s)++;
		digits++;
	}
	if (!digits || value > max || (*s < end && **s >= '0' && **s <= '9'))
	{
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/**
 * Parse "a.b.c.d/p" exactly spanning [s, end)
 */
static bool parse_net(const char *s, const char *end, uint32_t *net,
					  uint8_t *prefix)
{
	u_int i, octet, bits;
	uint32_t addr = 0;

	for (i = 0; i < 4; i++)
	{
		if (!number(&s, end, 255, &octet))
		{
			return FALSE;
		}
		addr = (addr << 8) | octet;
		if (s >= end || *s != (i < 3 ? '.' : '/'))
		{
			return FALSE;
		}
		s++;
	}
	if (!number(&s, end, 32, &bits) || s != end)
	{
		return FALSE;
	}
	*net = addr;
	*prefix = bits;
	return TRUE;
}

/**
 * Value of a hex digit, -1 if none
 */
static int hex(char c)
{
	if (c >= '0' && c <= '9')
	{
		return c - '0';
	}
	if (c >= 'a' && c <= 'f')
	{
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F')
	{
		return c - 'A' + 10;
	}
	return -1;
}

/**
 * Decode an identity ([s, end), %XX escapes) into out
 */
static bool decode_id(const char *s, const char *end, char *out)
{
	size_t n = 0;
	int hi, lo;

	while (s < end)
	{
		if (n == MGUARD_TRANCHE_FILE_ID_MAX)
		{
			return FALSE;
		}
		if (*s == '%')
		{
			if (end - s < 3 || (hi = hex(s[1])) < 0 || (lo = hex(s[2])) < 0 ||
				(hi == 0 && lo == 0))
			{
				return FALSE;
			}
			out[n++] = hi << 4 | lo;
			s += 3;
			continue;
		}
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
		{
			return FALSE;
		}
		out[n++] = *s++;
	}
	out[n] = '\0';
	return n > 0;
}

/**
 * Parse one lease line ([s, end), "lease " already checked)
 */
static const char *parse_lease(const char *s, const char *end, u_int line,
							   mguard_tranche_file_lease_cb_t cb, void *user)
{
	char pool[65], id[MGUARD_TRANCHE_FILE_ID_MAX + 1];
	const char *sp;
	uint32_t net;
	uint8_t prefix;

	sp = memchr(s, ' ', end - s);
	if (!sp || !valid_pool(s, sp - s))
	{
		return "bad pool name; allowed: 1..64 of A-Z a-z 0-9 - _ .";
	}
	memcpy(pool, s, sp - s);
	pool[sp - s] = '\0';
	s = sp + 1;
	sp = memchr(s, ' ', end - s);
	if (!sp || !parse_net(s, sp, &net, &prefix))
	{
		return "bad network; allowed: an IPv4 network a.b.c.d/0..32";
	}
	if (!decode_id(sp + 1, end, id))
	{
		return "bad identity; allowed: 1..255 printable characters, %XX "
			   "escapes";
	}
	cb(user, line, pool, net, prefix, id);
	return NULL;
}

/*
 * Described in header
 */
bool mguard_tranche_file_parse(const char *data, size_t len,
							   mguard_tranche_file_lease_cb_t lease,
							   mguard_tranche_file_error_cb_t error,
							   void *user)
{
	const char *pos = data, *end = data + len, *eol, *what;
	bool header = FALSE, done = FALSE;
	u_int line = 0;
	size_t n;

	while (pos < end)
	{
		line++;
		eol = memchr(pos, '\n', end - pos);
		if (!eol)
		{	/* a torn write leaves a last line without newline */
			error(user, line, "incomplete last line (no newline), ignored");
			break;
		}
		n = eol - pos;
		what = NULL;
		if (n > MGUARD_TRANCHE_FILE_LINE_MAX)
		{
			what = "line too long, ignored";
		}
		else if (!n || pos[0] == '#')
		{
			/* empty lines and comments */
		}
		else if (!header)
		{
			if (n != strlen(HEADER) || memcmp(pos, HEADER, n) != 0)
			{
				error(user, line, "not a tranche lease file (expected '"
					  HEADER "')");
				return FALSE;
			}
			header = TRUE;
		}
		else if (done)
		{
			what = "text after the end line, ignored";
		}
		else if (n == 3 && memcmp(pos, "end", 3) == 0)
		{
			done = TRUE;
		}
		else if (n > 6 && memcmp(pos, "lease ", 6) == 0)
		{
			what = parse_lease(pos + 6, eol, line, lease, user);
		}
		else
		{
			what = "unknown line, ignored; allowed: lease POOL NET/PREFIX ID, "
				   "end";
		}
		if (what)
		{
			error(user, line, what);
		}
		pos = eol + 1;
	}
	if (!header)
	{
		error(user, 0, "not a tranche lease file (no '" HEADER "' line)");
		return FALSE;
	}
	if (!done)
	{
		error(user, 0, "no end line: the file is truncated, the complete "
			  "leases before the cut are kept");
	}
	return TRUE;
}

/**
 * Write an identity with %XX escapes
 */
static void encode_id(FILE *out, const char *id)
{
	const unsigned char *c;

	for (c = (const unsigned char*)id; *c; c++)
	{
		if (*c < 0x20 || *c > 0x7e || *c == '%')
		{
			fprintf(out, "%%%02X", *c);
		}
		else
		{
			fputc(*c, out);
		}
	}
}

/**
 * Write all leases to a stream
 */
static void write_leases(FILE *out, array_t *pools)
{
	mguard_tranche_pool_t *pool;
	const char *id;
	uint32_t net;
	u_int i, j;

	fputs("# mguard-control tranche leases, written by charon: do not edit\n"
		  HEADER "\n", out);
	for (i = 0; i < (u_int)array_count(pools); i++)
	{
		array_get(pools, i, &pool);
		for (j = 0; pool->get_lease(pool, j, &net, &id, NULL); j++)
		{
			fprintf(out, "lease %s %u.%u.%u.%u/%u ", pool->get_name(pool),
					net >> 24, (net >> 16) & 0xff, (net >> 8) & 0xff,
					net & 0xff, pool->get_tranche(pool));
			encode_id(out, id);
			fputc('\n', out);
		}
	}
	fputs("end\n", out);
}

/*
 * Described in header
 */
int mguard_tranche_file_write(const char *path, array_t *pools)
{
	char tmp[PATH_MAX];
	FILE *out;
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
	{
		return ENAMETOOLONG;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
	{
		return errno;
	}
	out = fdopen(fd, "w");
	if (!out)
	{
		err = errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	write_leases(out, pools);
	if (fflush(out) != 0 || fsync(fd) != 0)
	{
		err = errno;
	}
	if (fclose(out) != 0 && !err)
	{
		err = errno;
	}
	if (!err && rename(tmp, path) != 0)
	{
		err = errno;
	}
	if (err)
	{
		unlink(tmp);
		return err;
	}
	/* no fsync of the directory: after a power loss the file is the old
	 * or the new one (rename is atomic), the newest lease may be missing,
	 * which costs its identity only the reuse of its tranche */
	return 0;
}
