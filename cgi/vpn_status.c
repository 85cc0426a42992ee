/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * vpn-status.cgi: the seed's "IPsec VPN >> IPsec Status" page.
 *
 *   GET  ?format=html|json|prometheus   the status (HTML is the default)
 *   POST action=restart&conn=KEY&token=T   tear down a connection's SAs and
 *                                       establish it again
 *   POST action=reload&token=T           mguard-control re-reads the model
 *
 * A CGI (not nph-) served by the web server next to nph-vpn.cgi, with the
 * same HTTPS and Basic auth (cgi/50-mguard-nph-vpn.conf); it refuses to
 * work without an authenticated user (REMOTE_USER). Data comes from
 * mguard-control's socket (table, license) and charon's vici socket
 * (list-conns, list-sas), never from a program's output.
 *
 * POSTs carry a CSRF token (cgi/vpn_csrf.h) bound to the user; a POST
 * whose Origin header names another site is refused as well. Success
 * answers 303 See Other back to the page. The answer is built completely
 * before anything is written; the whole request is bounded by
 * TOTAL_TIMEOUT (a charon that accepts but never answers vici gets a 504).
 *
 * strongswan.conf (STRONGSWAN_CONF): charon.plugins.mguard-control.socket,
 * charon.plugins.vici.socket, and
 *   mguard-status.secret   the CSRF secret (default SECRET_DEFAULT)
 *   mguard-status.refresh  seconds between automatic refreshes of the page
 *                          (default 10, 0 for none)
 *
 * Each POST is logged on stderr (the web server's error log) as one line,
 * "vpn-status.cgi: USER: ACTION KEY: STATUS TEXT", USER and KEY
 * percent-encoded.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <library.h>
#include <libvici.h>

#include "cgi/vpn_csrf.h"
#include "cgi/vpn_status_data.h"
#include "cgi/vpn_status_input.h"
#include "cgi/vpn_status_render.h"
#include "cgi/cgi_common.h"
#include "mguard_control_client.h"

/** default CSRF secret file */
#ifndef SECRET_DEFAULT
#define SECRET_DEFAULT "/var/lib/mguard/web/csrf.key"
#endif

/** seconds the whole request may take */
#define TOTAL_TIMEOUT 25

/** seconds to wait for the POST body */
#define BODY_TIMEOUT 5

/** milliseconds a terminate of a restart may take */
#define TERMINATE_TIMEOUT 3000

/** set once the response is being written */
static volatile sig_atomic_t writing;

/**
 * The whole request took too long: answer 504 if nothing was written yet
 */
static void on_alarm(int sig)
{
	static const char msg[] = "Status: 504 Gateway Timeout\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Cache-Control: no-store\r\n\r\n"
		"error: no answer from charon in time\n";

	if (!writing)
	{
		if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		{
			/* nothing left to do */
		}
	}
	_exit(0);
}

/**
 * Write the response; type NULL means text/plain
 */
static int respond(int status, const char *type, const char *extra,
				   chunk_t body, bool head)
{
	writing = 1;
	printf("Status: %d %s\r\n"
		   "Content-Type: %s\r\n"
		   "Content-Length: %zu\r\n"
		   "Cache-Control: no-store\r\n"
		   "X-Content-Type-Options: nosniff\r\n"
		   "X-Frame-Options: DENY\r\n"
		   "Referrer-Policy: same-origin\r\n"
		   "%s"
		   "\r\n", status, cgi_reason_phrase(status),
		   type ?: "text/plain; charset=utf-8", body.len, extra ?: "");
	if (!head && body.len)
	{
		fwrite(body.ptr, 1, body.len, stdout);
	}
	fflush(stdout);
	return 0;
}

/**
 * A one-line error, "error: REASON"
 */
static int respond_error(int status, const char *reason, bool head)
{
	char buf[1024], extra[64] = "";
	int len;

	len = snprintf(buf, sizeof(buf), "error: %s\n", reason);
	if (status == 405)
	{
		snprintf(extra, sizeof(extra), "Allow: GET, HEAD, POST\r\n");
	}
	len = min(len, (int)sizeof(buf) - 1);
	return respond(status, NULL, extra, chunk_create((u_char*)buf, len), head);
}

/**
 * No libstrongswan log output on the web server's error log
 */
static void dbg_quiet(debug_t group, level_t level, char *fmt, ...)
{
}

static void log_post(const char *user, const char *action, const char *conn,
					 int status, const char *text)
{
	char *u, *c;

	u = cgi_escape(user, strlen(user));
	c = cgi_escape(conn ?: "-", strlen(conn ?: "-"));
	fprintf(stderr, "vpn-status.cgi: %s: %s %s: %d %s\n", u ?: "?", action,
			c ?: "?", status, text);
	free(u);
	free(c);
}

/**
 * URL path of this CGI, for links and form actions
 */
static const char *self(void)
{
	const char *name = getenv("SCRIPT_NAME");

	return name && name[0] == '/' ? name : "/vpn-status.cgi";
}

static char *vici_uri(void)
{
	return lib->settings->get_str(lib->settings, "charon.plugins.vici.socket",
								  NULL);
}

static char *secret_path(void)
{
	return lib->settings->get_str(lib->settings, "mguard-status.secret",
								  SECRET_DEFAULT);
}

/**
 * A random nonce for the CSP, hex
 */
static void make_nonce(char out[33])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t raw[16] = {};
	int i;

	if (getrandom(raw, sizeof(raw), 0) != sizeof(raw))
	{
		memset(raw, 0, sizeof(raw));
	}
	for (i = 0; i < 16; i++)
	{
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 0xf];
	}
	out[32] = '\0';
}

/**
 * GET/HEAD: the page in the requested format
 */
static int show(const char *user, bool head)
{
	const char *raw, *reason, *type;
	char err[512] = "", token[VS_CSRF_TOKEN_MAX + 1], nonce[33];
	char extra[512] = "";
	uint8_t key[VS_CSRF_KEY_LEN];
	vs_format_t format;
	vs_status_t status;
	bio_writer_t *out;
	vs_page_t page;
	int code;

	raw = getenv("QUERY_STRING") ?: "";
	code = vs_query_parse(raw, strlen(raw), &format, &reason);
	if (code)
	{
		return respond_error(code, reason, head);
	}
	if (format == VS_FORMAT_HTML &&
		!vs_csrf_secret(secret_path(), key, err, sizeof(err)))
	{	/* without a secret the page could offer no working button */
		fprintf(stderr, "vpn-status.cgi: %s\n", err);
		return respond_error(500, "the CSRF secret is not usable (see the "
							 "web server's error log)", head);
	}
	code = vs_status_gather(vici_uri(), mgc_client_socket_uri(), NULL,
							&status, err, sizeof(err));
	if (code)
	{
		memwipe(key, sizeof(key));
		return respond_error(code, err, head);
	}
	out = bio_writer_create(64 * 1024);
	switch (format)
	{
		case VS_FORMAT_JSON:
			vs_render_json(out, &status);
			type = "application/json";
			break;
		case VS_FORMAT_PROMETHEUS:
			vs_render_prometheus(out, &status);
			type = "text/plain; version=0.0.4; charset=utf-8";
			break;
		case VS_FORMAT_HTML:
		default:
			vs_csrf_token(key, user, time(NULL), token);
			memwipe(key, sizeof(key));
			make_nonce(nonce);
			page = (vs_page_t){
				.self = self(),
				.token = token,
				.nonce = nonce,
				.refresh = lib->settings->get_int(lib->settings,
									"mguard-status.refresh", 10),
			};
			vs_render_html(out, &status, &page);
			type = "text/html; charset=utf-8";
			snprintf(extra, sizeof(extra), "Content-Security-Policy: "
					 "default-src 'none'; script-src 'nonce-%s'; "
					 "style-src 'nonce-%s'; form-action 'self'; "
					 "frame-ancestors 'none'; base-uri 'none'\r\n",
					 nonce, nonce);
			break;
	}
	respond(200, type, extra, out->get_buf(out), head);
	out->destroy(out);
	vs_status_free(&status);
	return 0;
}

/**
 * Read exactly len bytes of the request body, bounded in time
 */
static bool read_body(char *buf, size_t len)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	size_t done = 0;
	ssize_t n;

	while (done < len)
	{
		if (poll(&pfd, 1, BODY_TIMEOUT * 1000) <= 0)
		{
			return FALSE;
		}
		n = read(STDIN_FILENO, buf + done, len - done);
		if (n <= 0)
		{
			if (n < 0 && errno == EINTR)
			{
				continue;
			}
			return FALSE;
		}
		done += n;
	}
	return TRUE;
}

/**
 * Whether an Origin header, if the browser sent one, names this site;
 * "null" (an opaque origin) says nothing, the token decides
 */
static bool same_origin(void)
{
	const char *origin = getenv("HTTP_ORIGIN"), *host = getenv("HTTP_HOST");
	char expected[512];

	if (!origin || streq(origin, "null"))
	{
		return TRUE;
	}
	if (!host || snprintf(expected, sizeof(expected), "https://%s", host) >=
		(int)sizeof(expected))
	{
		return FALSE;
	}
	return streq(origin, expected);
}

/**
 * Submit a vici command, TRUE if charon reports success; err gets why not
 */
static bool vici_ok(vici_conn_t *conn, vici_req_t *req, char *err,
					size_t err_len)
{
	vici_res_t *res;
	bool ok;

	res = vici_submit(req, conn);
	if (!res)
	{
		snprintf(err, err_len, "vici: %s", strerror(errno));
		return FALSE;
	}
	ok = streq(vici_find_str(res, "no", "success"), "yes");
	if (!ok)
	{
		snprintf(err, err_len, "%s", vici_find_str(res, "failed", "errmsg"));
	}
	vici_free_res(res);
	return ok;
}

/**
 * Whether all CHILD_SAs of an IKE_SA belong to one connection
 */
static bool ike_only_of(vs_ike_t *ike, const char *key)
{
	vs_child_t *child;
	int i;

	for (i = 0; i < array_count(ike->children); i++)
	{
		array_get(ike->children, i, &child);
		if (!child->conn || !streq(child->conn, key))
		{
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Restart: terminate the connection's IKE_SAs (or only its CHILD_SAs where
 * it shares an IKE_SA with another connection), then initiate its children
 * unless it waits for the peer or is not Started
 */
static int restart(const char *key, char *err, size_t err_len)
{
	vs_status_t status;
	vs_conn_t *conn;
	vs_ike_t *ike;
	vs_child_t *child;
	vici_conn_t *vici;
	vici_req_t *req;
	char *name;
	int code, i, j;

	code = vs_status_gather(vici_uri(), mgc_client_socket_uri(), key,
							&status, err, err_len);
	if (code)
	{
		return code;
	}
	conn = vs_status_find(&status, key);
	if (!conn)
	{
		vs_status_free(&status);
		snprintf(err, err_len, "no connection with this key");
		return 404;
	}
	vici = vici_connect(vici_uri());
	if (!vici)
	{
		snprintf(err, err_len, "cannot connect to charon's vici socket: %s",
				 strerror(errno));
		vs_status_free(&status);
		return 503;
	}
	for (i = 0; i < array_count(conn->ikes); i++)
	{
		array_get(conn->ikes, i, &ike);
		if (ike_only_of(ike, key))
		{
			req = vici_begin("terminate");
			vici_add_key_valuef(req, "ike-id", "%lld",
								(long long)ike->uniqueid);
			vici_add_key_valuef(req, "force", "yes");
			vici_add_key_valuef(req, "timeout", "%d", TERMINATE_TIMEOUT);
			vici_ok(vici, req, err, err_len);
			continue;
		}
		for (j = 0; j < array_count(ike->children); j++)
		{
			array_get(ike->children, j, &child);
			if (child->conn && streq(child->conn, key))
			{
				req = vici_begin("terminate");
				vici_add_key_valuef(req, "child-id", "%lld",
									(long long)child->uniqueid);
				vici_add_key_valuef(req, "timeout", "%d", TERMINATE_TIMEOUT);
				vici_ok(vici, req, err, err_len);
			}
		}
	}
	err[0] = '\0';
	if (streq(conn->row.mode, "started") && !streq(conn->row.startup, "wait"))
	{
		for (i = 0; i < array_count(conn->children); i++)
		{
			array_get(conn->children, i, &name);
			req = vici_begin("initiate");
			vici_add_key_valuef(req, "ike", "%s", key);
			vici_add_key_valuef(req, "child", "%s", name);
			/* do not wait: the page shows how it goes */
			vici_add_key_valuef(req, "timeout", "-1");
			if (!vici_ok(vici, req, err, err_len))
			{
				code = 502;
				break;
			}
		}
	}
	vici_disconnect(vici);
	vs_status_free(&status);
	return code;
}

/**
 * Reload: mguard-control re-reads the model
 */
static int reload(char *err, size_t err_len)
{
	char final_buf[MGC_LINE_MAX];
	mgc_line_t final;

	switch (mgc_client_call(mgc_client_socket_uri(), MGC_RELOAD, NULL, 0,
							NULL, NULL, &final, final_buf, sizeof(final_buf),
							err, err_len))
	{
		case MGC_CALL_OK:
			if (final.type == MGC_LINE_ERROR)
			{
				snprintf(err, err_len, "%s", final.text);
				return final.code;
			}
			return 0;
		case MGC_CALL_TIMEOUT:
			return 504;
		case MGC_CALL_CONNECT:
		case MGC_CALL_DENIED:
		case MGC_CALL_CONNECT_TIMEOUT:
			snprintf(err, err_len, "charon's control socket is not usable");
			return 503;
		default:
			return 502;
	}
}

/**
 * POST: check the form and its token, then act
 */
static int act(const char *user)
{
	const char *type, *length, *reason;
	char body[MGC_LINE_MAX], err[512] = "", location[1024], *end;
	uint8_t key[VS_CSRF_KEY_LEN];
	unsigned long len;
	vs_form_t form;
	bool valid;
	int code;

	type = getenv("CONTENT_TYPE");
	if (!type || strncasecmp(type, "application/x-www-form-urlencoded",
							 strlen("application/x-www-form-urlencoded")))
	{
		return respond_error(415, "the form must be "
							 "application/x-www-form-urlencoded", FALSE);
	}
	length = getenv("CONTENT_LENGTH");
	if (!length || !*length)
	{
		return respond_error(411, "missing Content-Length", FALSE);
	}
	errno = 0;
	len = strtoul(length, &end, 10);
	if (errno || *end || *length < '0' || *length > '9')
	{
		return respond_error(400, "invalid Content-Length", FALSE);
	}
	if (len > sizeof(body))
	{
		return respond_error(413, "form too large (at most 4096 bytes)",
							 FALSE);
	}
	if (!read_body(body, len))
	{
		return respond_error(400, "incomplete form", FALSE);
	}
	if (!same_origin())
	{
		log_post(user, "post", NULL, 403, "foreign Origin");
		return respond_error(403, "the form was sent from another site",
							 FALSE);
	}
	code = vs_form_parse(body, len, &form, &reason);
	if (code)
	{
		return respond_error(code, reason, FALSE);
	}
	if (!vs_csrf_secret(secret_path(), key, err, sizeof(err)))
	{
		fprintf(stderr, "vpn-status.cgi: %s\n", err);
		vs_form_free(&form);
		return respond_error(500, "the CSRF secret is not usable (see the "
							 "web server's error log)", FALSE);
	}
	valid = vs_csrf_check(key, user, form.token, time(NULL));
	memwipe(key, sizeof(key));
	if (!valid)
	{
		log_post(user, form.action == VS_ACTION_RESTART ? "restart" : "reload",
				 form.conn, 403, "invalid CSRF token");
		vs_form_free(&form);
		return respond_error(403, "missing or invalid CSRF token (reload "
							 "the page and try again)", FALSE);
	}
	if (form.action == VS_ACTION_RESTART)
	{
		code = restart(form.conn, err, sizeof(err));
	}
	else
	{
		code = reload(err, sizeof(err));
	}
	log_post(user, form.action == VS_ACTION_RESTART ? "restart" : "reload",
			 form.conn, code ?: 303, code ? err : "ok");
	vs_form_free(&form);
	if (code)
	{
		return respond_error(code, err, FALSE);
	}
	snprintf(location, sizeof(location), "Location: %s\r\n", self());
	if (strpbrk(self(), "\r\n"))
	{
		snprintf(location, sizeof(location), "Location: /vpn-status.cgi\r\n");
	}
	return respond(303, NULL, location, chunk_from_str("ok\n"), FALSE);
}

int main(int argc, char *argv[])
{
	const char *method, *user;
	bool head;
	int rc;

	method = getenv("REQUEST_METHOD");
	if (!method)
	{
		fprintf(stderr, "vpn-status.cgi: run by a web server as a CGI\n");
		return 1;
	}
	signal(SIGALRM, on_alarm);
	alarm(TOTAL_TIMEOUT);
	head = streq(method, "HEAD");
	if (!head && !streq(method, "GET") && !streq(method, "POST"))
	{
		return respond_error(405, "only GET, HEAD and POST are supported",
							 FALSE);
	}
	user = getenv("REMOTE_USER");
	if (!user || !*user)
	{
		return respond_error(403, "no authenticated user", head);
	}
	dbg = dbg_quiet;
	if (!library_init(NULL, "vpn-status"))
	{
		library_deinit();
		return respond_error(500, "initialising libstrongswan failed", head);
	}
	/* once per process: libvici does not come back after vici_deinit() */
	vici_init();
	if (streq(method, "POST"))
	{
		rc = act(user);
	}
	else
	{
		rc = show(user, head);
	}
	vici_deinit();
	library_deinit();
	return rc;
}
