/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_tcp_proxy.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <curl/curl.h>

/*
 * Described in header
 */
mguard_tcp_proxy_t *mguard_tcp_proxy_clone(mguard_tcp_proxy_t *proxy)
{
	mguard_tcp_proxy_t *clone;

	if (!proxy || !proxy->host)
	{
		return NULL;
	}
	INIT(clone,
		.host = strdup(proxy->host),
		.port = proxy->port,
		.user = strdupnull(proxy->user),
		.password = strdupnull(proxy->password),
		.auth = proxy->auth,
	);
	return clone;
}

/*
 * Described in header
 */
void mguard_tcp_proxy_destroy(mguard_tcp_proxy_t *proxy)
{
	if (proxy)
	{
		free(proxy->host);
		free(proxy->user);
		if (proxy->password)
		{
			memwipe(proxy->password, strlen(proxy->password));
			free(proxy->password);
		}
		free(proxy);
	}
}

/**
 * libcurl's authentication methods for a setting: the mGuard offers Basic
 * and NTLM for TCP encapsulation, Digest too for Path Finder
 */
static u_long auth_methods(mguard_proxy_auth_t auth, bool tls)
{
	switch (auth)
	{
		case MGUARD_PROXY_BASIC:
			return CURLAUTH_BASIC;
		case MGUARD_PROXY_NTLM:
			return CURLAUTH_NTLM;
		case MGUARD_PROXY_DIGEST:
			return CURLAUTH_DIGEST;
		case MGUARD_PROXY_ANY:
		default:
			return CURLAUTH_BASIC | CURLAUTH_NTLM |
				   (tls ? CURLAUTH_DIGEST : 0);
	}
}

/*
 * Described in header
 */
int mguard_tcp_proxy_connect(mguard_tcp_proxy_t *proxy, host_t *dst, bool tls,
							 u_int timeout, char *error, size_t len)
{
	char url[128], curl_error[CURL_ERROR_SIZE] = "";
	curl_socket_t sock = CURL_SOCKET_BAD;
	long code = 0;
	CURLcode res;
	CURL *curl;
	int fd = -1;

	curl = curl_easy_init();
	if (!curl)
	{
		snprintf(error, len, "libcurl could not be initialized");
		return -1;
	}
	/* CONNECT to the gateway's address: charon resolved it already */
	snprintf(url, sizeof(url), "http://%H:%u/", dst, dst->get_port(dst));
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROXY, proxy->host);
	curl_easy_setopt(curl, CURLOPT_PROXYPORT, (long)proxy->port);
	curl_easy_setopt(curl, CURLOPT_PROXYTYPE, (long)CURLPROXY_HTTP);
	curl_easy_setopt(curl, CURLOPT_HTTPPROXYTUNNEL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)timeout);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	/* nothing but the proxy itself: no environment, no redirects */
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "");
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
	if (proxy->user)
	{
		curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, proxy->user);
		curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD,
						 proxy->password ?: "");
		curl_easy_setopt(curl, CURLOPT_PROXYAUTH,
						 auth_methods(proxy->auth, tls));
	}
	res = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &code);
	if (res == CURLE_OK &&
		curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &sock) == CURLE_OK &&
		sock != CURL_SOCKET_BAD)
	{
		/* ours: libcurl closes its own at cleanup */
		fd = fcntl(sock, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
		{
			snprintf(error, len, "no descriptor for the tunnel: %s",
					 strerror(errno));
		}
	}
	else if (code == 407)
	{
		snprintf(error, len, "the proxy refused the credentials of user "
				 "'%s' (407)", proxy->user ?: "");
	}
	else if (code)
	{
		snprintf(error, len, "the proxy answered CONNECT with %ld", code);
	}
	else
	{
		snprintf(error, len, "%s", curl_error[0] ? curl_error :
				 curl_easy_strerror(res));
	}
	curl_easy_cleanup(curl);
	return fd;
}
