/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * nph-vpn.cgi: GET ?name=NAME&cmd=up|down|status|synup|syndown
 *
 * A non-parsed-header CGI (RFC 3875 5.2): writes the whole response, status
 * line included. Acts only for a user the web server authenticated
 * (REMOTE_USER). Talks to mguard-control over its control socket
 * (charon.plugins.mguard-control.socket in strongswan.conf).
 *
 * The control socket is asked with bounded waits (mguard_control_client.h):
 * a socket that accepts no connection in time is a 503, one that accepts
 * but does not answer in time a 504, each with a one-line reason.
 *
 * Only GET acts. Every other method, HEAD included, is answered 405 with
 * "Allow: GET" and nothing is sent to charon: the answer to a GET depends
 * on what the command did, so a HEAD cannot be given GET's headers without
 * acting, and a HEAD must change nothing (a link checker's HEAD of an
 * ?cmd=up URL must not start a tunnel).
 *
 * Each request is logged on stderr (the web server's error log) as one
 * line: "nph-vpn.cgi: USER: CMD NAME: STATUS TEXT", USER and NAME
 * percent-encoded (mgc_escape()), so a user name cannot forge a line.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>

#include "cgi/vpn_query.h"
#include "cgi/cgi_common.h"
#include "mguard_control_client.h"

/** response body, built up before anything is written */
typedef struct {
	char *buf;
	size_t len;
	size_t size;
} body_t;

static void body_append(body_t *body, const char *data, size_t len)
{
	if (body->len + len + 1 > body->size)
	{
		size_t size = (body->size ? body->size * 2 : 256) + len + 1;
		char *buf = realloc(body->buf, size);

		if (!buf)
		{
			return;
		}
		body->buf = buf;
		body->size = size;
	}
	memcpy(body->buf + body->len, data, len);
	body->len += len;
	body->buf[body->len] = '\0';
}

/**
 * Add a line to the body
 */
static void body_add(body_t *body, const char *text)
{
	body_append(body, text, strlen(text));
	body_append(body, "\n", 1);
}

/**
 * Write the complete response; a 405 says which method is allowed
 */
static int respond(int status, body_t *body, bool head)
{
	const char *proto = getenv("SERVER_PROTOCOL");

	if (!proto || (strcmp(proto, "HTTP/1.0") && strcmp(proto, "HTTP/1.1")))
	{
		proto = "HTTP/1.0";
	}
	printf("%s %d %s\r\n"
		   "Content-Type: text/plain; charset=utf-8\r\n"
		   "Content-Length: %zu\r\n"
		   "Cache-Control: no-store\r\n"
		   "X-Content-Type-Options: nosniff\r\n"
		   "Connection: close\r\n"
		   "%s"
		   "\r\n", proto, status, cgi_reason_phrase(status), body->len,
		   status == 405 ? "Allow: GET\r\n" : "");
	if (!head && body->len)
	{
		fwrite(body->buf, 1, body->len, stdout);
	}
	fflush(stdout);
	free(body->buf);
	return 0;
}

/**
 * Replace the body by a one-line error, return the status
 */
static int body_error(body_t *body, int status, const char *reason)
{
	free(body->buf);
	*body = (body_t){};
	body_append(body, "error: ", 7);
	body_add(body, reason);
	return status;
}

static int respond_error(int status, const char *reason, bool head)
{
	body_t body = {};

	return respond(body_error(&body, status, reason), &body, head);
}

/**
 * Collect log lines of synup/syndown
 */
static void add_log_line(void *data, const mgc_line_t *line)
{
	if (line->type == MGC_LINE_LOG)
	{
		body_add(data, line->text);
	}
}

/**
 * One line on the web server's error log per request
 */
static void log_request(const char *user, mgc_verb_t cmd, const char *name,
						size_t name_len, int status, const char *text)
{
	char *u, *n;

	u = cgi_escape(user, strlen(user));
	n = cgi_escape(name, name_len);
	fprintf(stderr, "nph-vpn.cgi: %s: %s %s: %d %s\n", u ?: "?",
			mgc_verb_name(cmd), n ?: "?", status, text);
	free(u);
	free(n);
}

/**
 * No libstrongswan log output on the web server's error log
 */
static void dbg_quiet(debug_t group, level_t level, char *fmt, ...)
{
}

int main(int argc, char *argv[])
{
	const char *method, *user, *raw, *reason;
	char final_buf[512], err[512], *uri;
	body_t body = {};
	vpn_query_t query;
	mgc_line_t final;
	mgc_call_t call;
	bool head;
	int status;

	method = getenv("REQUEST_METHOD");
	if (!method)
	{
		fprintf(stderr, "nph-vpn.cgi: run by a web server as a CGI\n");
		return 1;
	}
	head = strcmp(method, "HEAD") == 0;
	if (strcmp(method, "GET"))
	{	/* HEAD too: it must change nothing (see above) */
		return respond_error(405, "only GET is supported", head);
	}
	user = getenv("REMOTE_USER");
	if (!user || !*user)
	{
		return respond_error(403, "no authenticated user", head);
	}
	raw = getenv("QUERY_STRING");
	if (!raw)
	{
		raw = "";
	}
	status = vpn_query_parse(raw, strlen(raw), &query, &reason);
	if (status)
	{
		return respond_error(status, reason, head);
	}

	dbg = dbg_quiet;
	if (!library_init(NULL, "nph-vpn"))
	{
		library_deinit();
		vpn_query_free(&query);
		return respond_error(500, "initialising libstrongswan failed", head);
	}
	uri = mgc_client_socket_uri();
	call = mgc_client_call(uri, query.cmd, query.name, query.name_len,
						   add_log_line, &body, &final, final_buf,
						   sizeof(final_buf), err, sizeof(err));
	switch (call)
	{
		case MGC_CALL_OK:
			if (final.type == MGC_LINE_ERROR)
			{
				status = body_error(&body, final.code, final.text);
			}
			else
			{	/* the word first, then the log lines of the attempt */
				body_t word = {};

				body_add(&word, final.text);
				if (body.len)
				{
					body_append(&word, body.buf, body.len);
				}
				free(body.buf);
				body = word;
				status = 200;
			}
			break;
		case MGC_CALL_CONNECT:
			status = body_error(&body, 503, "charon is not running");
			break;
		case MGC_CALL_DENIED:
			status = body_error(&body, 503,
							"no permission to use the control socket");
			break;
		case MGC_CALL_CONNECT_TIMEOUT:
			status = body_error(&body, 503, "charon's control socket accepts "
							"no connection (busy or stalled)");
			break;
		case MGC_CALL_TIMEOUT:
			status = body_error(&body, 504, err);
			break;
		default:
			status = body_error(&body, 502, err);
			break;
	}
	log_request(user, query.cmd, query.name, query.name_len, status,
				call == MGC_CALL_OK ? final.text : err);
	vpn_query_free(&query);
	library_deinit();
	return respond(status, &body, head);
}
