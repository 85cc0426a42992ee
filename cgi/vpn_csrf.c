/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_csrf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define CONTEXT "mguard vpn-status csrf v1"

/**
 * Read exactly len bytes of the secret from an open file, checking that
 * nobody but us can read it
 */
static bool read_secret(int fd, const char *path, uint8_t *key, char *err,
						size_t err_len)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0)
	{
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
		(st.st_mode & (S_IRWXG | S_IRWXO)))
	{
		snprintf(err, err_len, "%s: must be a regular file of the CGI's user "
				 "with mode 0600", path);
		return false;
	}
	if (st.st_size != VS_CSRF_KEY_LEN)
	{
		snprintf(err, err_len, "%s: must hold exactly %d bytes", path,
				 VS_CSRF_KEY_LEN);
		return false;
	}
	n = pread(fd, key, VS_CSRF_KEY_LEN, 0);
	if (n != VS_CSRF_KEY_LEN)
	{
		snprintf(err, err_len, "%s: short read", path);
		return false;
	}
	return true;
}

/**
 * Create the secret: temporary file, fsync, link into place; losing the
 * race to another request is fine
 */
static bool create_secret(const char *path, char *err, size_t err_len)
{
	uint8_t key[VS_CSRF_KEY_LEN];
	char tmp[4096];
	bool ok = false;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >=
		(int)sizeof(tmp))
	{
		snprintf(err, err_len, "secret file name too long");
		return false;
	}
	if (getrandom(key, sizeof(key), 0) != sizeof(key))
	{
		snprintf(err, err_len, "getrandom: %s", strerror(errno));
		return false;
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
	{
		snprintf(err, err_len, "cannot create %s: %s", tmp, strerror(errno));
		return false;
	}
	if (write(fd, key, sizeof(key)) == sizeof(key) && fsync(fd) == 0)
	{
		ok = link(tmp, path) == 0 || errno == EEXIST;
		if (!ok)
		{
			snprintf(err, err_len, "cannot create %s: %s", path,
					 strerror(errno));
		}
	}
	else
	{
		snprintf(err, err_len, "cannot write %s: %s", tmp, strerror(errno));
	}
	close(fd);
	unlink(tmp);
	OPENSSL_cleanse(key, sizeof(key));
	return ok;
}

bool vs_csrf_secret(const char *path, uint8_t key[VS_CSRF_KEY_LEN],
					char *err, size_t err_len)
{
	bool ok;
	int fd, i;

	for (i = 0; i < 2; i++)
	{
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
		{
			ok = read_secret(fd, path, key, err, err_len);
			close(fd);
			return ok;
		}
		if (errno != ENOENT)
		{
			snprintf(err, err_len, "cannot open %s: %s", path,
					 strerror(errno));
			return false;
		}
		if (!create_secret(path, err, err_len))
		{
			return false;
		}
	}
	snprintf(err, err_len, "cannot open %s", path);
	return false;
}

/**
 * The hex MAC of user and issue time
 */
static void mac(const uint8_t key[VS_CSRF_KEY_LEN], const char *user,
				const char *issued, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t out[EVP_MAX_MD_SIZE], *msg;
	size_t user_len = strlen(user), issued_len = strlen(issued), msg_len;
	unsigned int len = 0, i;

	memset(out, 0, sizeof(out));
	msg_len = sizeof(CONTEXT) + user_len + 1 + issued_len;
	msg = malloc(msg_len);
	if (msg)
	{	/* CONTEXT NUL USER NUL ISSUED */
		memcpy(msg, CONTEXT, sizeof(CONTEXT));
		memcpy(msg + sizeof(CONTEXT), user, user_len + 1);
		memcpy(msg + sizeof(CONTEXT) + user_len + 1, issued, issued_len);
		if (!HMAC(EVP_sha256(), key, VS_CSRF_KEY_LEN, msg, msg_len, out, &len))
		{
			len = 0;
		}
		free(msg);
	}
	if (len != 32)
	{	/* a MAC nobody can match */
		getrandom(out, 32, 0);
	}
	for (i = 0; i < 32; i++)
	{
		hex[2 * i] = digits[out[i] >> 4];
		hex[2 * i + 1] = digits[out[i] & 0xf];
	}
	hex[64] = '\0';
}

void vs_csrf_token(const uint8_t key[VS_CSRF_KEY_LEN], const char *user,
				   time_t now, char out[VS_CSRF_TOKEN_MAX + 1])
{
	char issued[21], hex[65];

	snprintf(issued, sizeof(issued), "%llu", (unsigned long long)now);
	mac(key, user, issued, hex);
	snprintf(out, VS_CSRF_TOKEN_MAX + 1, "%s-%s", issued, hex);
}

bool vs_csrf_check(const uint8_t key[VS_CSRF_KEY_LEN], const char *user,
				   const char *token, time_t now)
{
	unsigned long long t = 0;
	char issued[24], hex[65];
	const char *dash;
	size_t i, len;

	dash = strchr(token, '-');
	if (!dash)
	{
		return false;
	}
	len = dash - token;
	if (!len || len >= sizeof(issued) || strlen(dash + 1) != 64 ||
		(token[0] == '0' && len > 1))
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (token[i] < '0' || token[i] > '9' ||
			t > (~0ULL - (token[i] - '0')) / 10)
		{
			return false;
		}
		t = t * 10 + token[i] - '0';
	}
	if (now < 0 || t > (unsigned long long)now + VS_CSRF_SKEW ||
		t + VS_CSRF_MAX_AGE < (unsigned long long)now)
	{
		return false;
	}
	memcpy(issued, token, len);
	issued[len] = '\0';
	mac(key, user, issued, hex);
	return CRYPTO_memcmp(hex, dash + 1, 64) == 0;
}
