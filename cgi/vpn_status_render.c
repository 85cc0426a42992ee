/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "vpn_status_render.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

/**
 * The seed's hint for a connection that stays in Pending
 */
#define PENDING_HINT \
	"The ISAKMP SA has been established and authentication of the " \
	"connections was completed successfully. If the connection remains in " \
	"\"connection establishment\" status the other parameters may not " \
	"match: does the connection type (Tunnel, Transport) correspond? If " \
	"\"Tunnel\" is selected, do the network areas match on both sides?"

/**
 * printf to the writer (only our own format strings; text from outside
 * goes through the escaping functions)
 */
static void put(bio_writer_t *out, const char *fmt, ...)
{
	char buf[512], *big;
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (len < 0)
	{
		return;
	}
	if (len < (int)sizeof(buf))
	{
		out->write_data(out, chunk_create((u_char*)buf, len));
		return;
	}
	va_start(args, fmt);
	len = vasprintf(&big, fmt, args);
	va_end(args);
	if (len >= 0)
	{
		out->write_data(out, chunk_create((u_char*)big, len));
		free(big);
	}
}

static void puts_raw(bio_writer_t *out, const char *text)
{
	out->write_data(out, chunk_from_str((char*)text));
}

/**
 * Length of a valid UTF-8 sequence at text, 0 if invalid
 */
static int utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
	{
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
	{
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	}
	if (s[0] >= 0xe0 && s[0] <= 0xef)
	{
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
			(s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
		{
			return 0;
		}
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4)
	{
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
			(s[3] & 0xc0) != 0x80 || (s[0] == 0xf0 && s[1] < 0x90) ||
			(s[0] == 0xf4 && s[1] > 0x8f))
		{
			return 0;
		}
		return 4;
	}
	return 0;
}

void vs_html_escape(bio_writer_t *out, const char *text)
{
	const char *start = text, *rep;

	for (; text && *text; text++)
	{
		switch (*text)
		{
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			default: continue;
		}
		out->write_data(out, chunk_create((u_char*)start, text - start));
		puts_raw(out, rep);
		start = text + 1;
	}
	if (text)
	{
		out->write_data(out, chunk_create((u_char*)start, text - start));
	}
}

/**
 * Write text escaped for a JSON string (quote) or a Prometheus label value
 * (!quote, only \ " and newline escaped); invalid UTF-8 becomes U+FFFD
 */
static void escape_string(bio_writer_t *out, const char *text, bool json)
{
	const unsigned char *s = (const unsigned char*)(text ?: "");
	int len;

	while (*s)
	{
		if (*s == '"' || *s == '\\')
		{
			put(out, "\\%c", *s);
			s++;
		}
		else if (*s == '\n')
		{
			puts_raw(out, "\\n");
			s++;
		}
		else if (*s < 0x20 || *s == 0x7f)
		{
			if (json)
			{
				put(out, "\\u%04x", *s);
			}
			else
			{
				puts_raw(out, "?");
			}
			s++;
		}
		else
		{
			len = utf8_len(s);
			if (len)
			{
				out->write_data(out, chunk_create((u_char*)s, len));
				s += len;
			}
			else
			{
				puts_raw(out, "\xef\xbf\xbd");
				s++;
			}
		}
	}
}

void vs_json_string(bio_writer_t *out, const char *text)
{
	puts_raw(out, "\"");
	escape_string(out, text, TRUE);
	puts_raw(out, "\"");
}

/* --- HTML ---------------------------------------------------------------- */

/**
 * A duration as "1d 2h 3m 4s" (largest units only)
 */
static void duration(bio_writer_t *out, int64_t s)
{
	if (s < 0)
	{
		puts_raw(out, "-");
	}
	else if (s >= 86400)
	{
		put(out, "%lldd %lldh", (long long)(s / 86400),
			(long long)(s % 86400 / 3600));
	}
	else if (s >= 3600)
	{
		put(out, "%lldh %lldm", (long long)(s / 3600),
			(long long)(s % 3600 / 60));
	}
	else if (s >= 60)
	{
		put(out, "%lldm %llds", (long long)(s / 60), (long long)(s % 60));
	}
	else
	{
		put(out, "%llds", (long long)s);
	}
}

/**
 * A lifetime: "SINCE_WORD D ago, rekeying in D, LAST_WORD in D" for the
 * times vici reported
 */
static void lifetime(bio_writer_t *out, const char *since_word, int64_t since,
					 int64_t rekey, const char *last_word, int64_t last)
{
	const char *sep = "";

	if (since >= 0)
	{
		put(out, "%s ", since_word);
		duration(out, since);
		puts_raw(out, " ago");
		sep = ", ";
	}
	if (rekey >= 0)
	{
		put(out, "%srekeying in ", sep);
		duration(out, rekey);
		sep = ", ";
	}
	if (last >= 0)
	{
		put(out, "%s%s in ", sep, last_word);
		duration(out, last);
	}
}

/**
 * Algorithms as swanctl shows them: ENCR[-KEYSIZE]/INTEG/PRF/DH
 */
static void html_algs(bio_writer_t *out, vs_algs_t *algs)
{
	const char *sep = "";

	if (algs->encr)
	{
		vs_html_escape(out, algs->encr);
		if (algs->encr_keysize > 0)
		{
			put(out, "-%lld", (long long)algs->encr_keysize);
		}
		sep = "/";
	}
	if (algs->integ)
	{
		puts_raw(out, sep);
		vs_html_escape(out, algs->integ);
		sep = "/";
	}
	if (algs->prf)
	{
		puts_raw(out, sep);
		vs_html_escape(out, algs->prf);
		sep = "/";
	}
	if (algs->dh)
	{
		puts_raw(out, sep);
		vs_html_escape(out, algs->dh);
		sep = "/";
	}
	if (!*sep)
	{
		puts_raw(out, "-");
	}
}

static void html_endpoint(bio_writer_t *out, const char *what,
						  const char *host, int64_t port, const char *id)
{
	put(out, "<tr><th>%s</th><td class=\"addr\">", what);
	vs_html_escape(out, host ?: "-");
	if (port >= 0)
	{
		put(out, ":%lld", (long long)port);
	}
	puts_raw(out, "</td><td class=\"id\">ID ");
	vs_html_escape(out, id ?: "-");
	puts_raw(out, "</td></tr>\n");
}

static void html_ts(bio_writer_t *out, array_t *list)
{
	char *ts;
	int i;

	for (i = 0; i < array_count(list); i++)
	{
		array_get(list, i, &ts);
		if (i)
		{
			puts_raw(out, ", ");
		}
		vs_html_escape(out, ts);
	}
}

/**
 * The SAs of a connection: each IKE_SA it has a part in, with the
 * CHILD_SAs of that connection
 */
static void html_sas(bio_writer_t *out, vs_conn_t *conn)
{
	vs_ike_t *ike;
	vs_child_t *child;
	int i, j;

	for (i = 0; i < array_count(conn->ikes); i++)
	{
		array_get(conn->ikes, i, &ike);
		put(out, "<table class=\"ike\" data-ike-id=\"%lld\">\n"
			"<caption>ISAKMP SA #%lld (IKEv%lld, %s)</caption>\n",
			(long long)ike->uniqueid, (long long)ike->uniqueid,
			(long long)ike->version, ike->initiator ? "initiator"
													: "responder");
		html_endpoint(out, "Local", ike->local_host, ike->local_port,
					  ike->local_id);
		html_endpoint(out, "Remote", ike->remote_host, ike->remote_port,
					  ike->remote_id);
		puts_raw(out, "<tr><th>State</th><td class=\"state\" colspan=\"2\">");
		put(out, "<b class=\"%s\">", ike->state &&
			streq(ike->state, "ESTABLISHED") ? "active" : "inactive");
		vs_html_escape(out, ike->state ?: "-");
		puts_raw(out, "</b>, lifetime: ");
		lifetime(out, "established", ike->established, ike->rekey_time,
				 "reauthentication", ike->reauth_time);
		puts_raw(out, "</td></tr>\n<tr><th>Algorithms</th>"
				 "<td class=\"algs\" colspan=\"2\">");
		html_algs(out, &ike->algs);
		puts_raw(out, "</td></tr>\n</table>\n");

		for (j = 0; j < array_count(ike->children); j++)
		{
			array_get(ike->children, j, &child);
			if (!child->conn || !streq(child->conn, conn->row.key))
			{
				continue;
			}
			put(out, "<table class=\"child\" data-child-id=\"%lld\">\n"
				"<caption>IPsec SA ", (long long)child->uniqueid);
			vs_html_escape(out, child->name);
			put(out, " #%lld</caption>\n<tr><th>Networks</th><td class=\"ts\">",
				(long long)child->uniqueid);
			html_ts(out, child->local_ts);
			puts_raw(out, " &hellip; ");
			html_ts(out, child->remote_ts);
			put(out, "</td></tr>\n<tr><th>State</th><td class=\"state\">"
				"<b class=\"%s\">", child->state &&
				streq(child->state, "INSTALLED") ? "active" : "inactive");
			vs_html_escape(out, child->state ?: "-");
			puts_raw(out, "</b> (");
			vs_html_escape(out, child->mode ?: "-");
			puts_raw(out, ", ");
			vs_html_escape(out, child->protocol ?: "-");
			if (child->encap)
			{
				puts_raw(out, " in UDP");
			}
			puts_raw(out, ", SPIs ");
			vs_html_escape(out, child->spi_in ?: "-");
			puts_raw(out, "_i ");
			vs_html_escape(out, child->spi_out ?: "-");
			puts_raw(out, "_o), lifetime: ");
			lifetime(out, "installed", child->install_time, child->rekey_time,
					 "expires", child->life_time);
			puts_raw(out, "</td></tr>\n<tr><th>Algorithms</th>"
					 "<td class=\"algs\">");
			html_algs(out, &child->algs);
			put(out, "</td></tr>\n<tr><th>Traffic</th><td class=\"bytes\">"
				"%lld bytes in (%lld packets), %lld bytes out (%lld packets)"
				"</td></tr>\n</table>\n",
				(long long)max(child->bytes_in, 0),
				(long long)max(child->packets_in, 0),
				(long long)max(child->bytes_out, 0),
				(long long)max(child->packets_out, 0));
		}
	}
}

/**
 * A POST form with one button
 */
static void html_form(bio_writer_t *out, vs_page_t *page, const char *action,
					  const char *conn, const char *label, const char *cls)
{
	puts_raw(out, "<form method=\"post\" action=\"");
	vs_html_escape(out, page->self);
	put(out, "\" class=\"inline\"><input type=\"hidden\" name=\"action\" "
		"value=\"%s\">", action);
	if (conn)
	{
		puts_raw(out, "<input type=\"hidden\" name=\"conn\" value=\"");
		vs_html_escape(out, conn);
		puts_raw(out, "\">");
	}
	puts_raw(out, "<input type=\"hidden\" name=\"token\" value=\"");
	vs_html_escape(out, page->token);
	put(out, "\"><button type=\"submit\" class=\"%s\">%s</button></form>",
		cls, label);
}

/**
 * What a connection in a list waits for
 */
static const char *waiting_for(vs_conn_t *conn)
{
	if (streq(conn->row.startup, "on_traffic"))
	{
		return "established on data traffic (trap policies installed)";
	}
	if (streq(conn->row.startup, "wait"))
	{
		return "waiting for the peer to establish the connection";
	}
	return "about to initiate (retried until established)";
}

static void html_list(bio_writer_t *out, vs_status_t *status,
					  vs_page_t *page, vs_list_t list, const char *title,
					  const char *explain)
{
	vs_conn_t *conn;
	u_int count = 0;
	int i;

	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		count += conn->list == list;
	}
	put(out, "<section id=\"%N\">\n<h2>%s <span class=\"count\">%u</span>"
		"</h2>\n<p class=\"explain\">%s</p>\n", vs_list_names, list, title,
		count, explain);
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		if (conn->list != list)
		{
			continue;
		}
		puts_raw(out, "<article class=\"conn\" data-key=\"");
		vs_html_escape(out, conn->row.key);
		puts_raw(out, "\">\n<h3><span class=\"name\">");
		vs_html_escape(out, conn->row.name);
		puts_raw(out, "</span> <span class=\"key\">(");
		vs_html_escape(out, conn->row.key);
		puts_raw(out, ")</span> ");
		html_form(out, page, "restart", conn->row.key, "Restart", "restart");
		puts_raw(out, "</h3>\n");
		if (list == VS_LIST_WAITING)
		{
			put(out, "<p class=\"what\">%s</p>\n", waiting_for(conn));
		}
		if (list == VS_LIST_PENDING)
		{
			put(out, "<p class=\"what\">%s</p>\n", conn->ike_up ?
				"ISAKMP SA established, IPsec SA not (yet) installed" :
				"negotiating the ISAKMP SA");
			if (conn->ike_up)
			{
				puts_raw(out, "<p class=\"hint\">");
				vs_html_escape(out, PENDING_HINT);
				puts_raw(out, "</p>\n");
			}
		}
		html_sas(out, conn);
		puts_raw(out, "</article>\n");
	}
	puts_raw(out, "</section>\n");
}

static void html_table(bio_writer_t *out, vs_status_t *status)
{
	vs_conn_t *conn;
	int i;

	puts_raw(out, "<section id=\"connections\">\n<h2>Connections</h2>\n"
			 "<table class=\"conns\">\n<tr><th>Name</th><th>Initial mode</th>"
			 "<th>State</th><th>Status</th><th>ISAKMP SA</th>"
			 "<th>IPsec SA</th><th>Rekeys</th><th>Failed attempts</th></tr>\n");
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		puts_raw(out, "<tr data-key=\"");
		vs_html_escape(out, conn->row.key);
		puts_raw(out, "\"><td class=\"name\">");
		vs_html_escape(out, conn->row.name);
		put(out, "</td><td>%s</td><td class=\"mode\">%s</td>"
			"<td class=\"status\">%s</td><td class=\"ike\">%s</td>"
			"<td class=\"up\">%u/%u</td><td>%llu</td><td>%llu</td></tr>\n",
			conn->row.initial[0] ? conn->row.initial : "-", conn->row.mode,
			conn->row.status, conn->ike_up ? "established" : "-",
			conn->row.up, conn->row.tunnels,
			(unsigned long long)conn->row.rekeys,
			(unsigned long long)conn->row.failed);
	}
	puts_raw(out, "</table>\n</section>\n");
}

void vs_render_html(bio_writer_t *out, vs_status_t *status, vs_page_t *page)
{
	char when[64];
	struct tm tm;

	gmtime_r(&status->now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	put(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>IPsec Status</title>\n"
		"<style nonce=\"%s\">\n"
		"body{font-family:sans-serif;margin:1em 2em;color:#222}\n"
		"h2{border-bottom:2px solid #0a5;padding-bottom:.2em}\n"
		".count{color:#666;font-size:.8em}\n"
		"article.conn{border:1px solid #ccc;border-radius:4px;"
		"padding:.3em .8em;margin:.6em 0}\n"
		"table{border-collapse:collapse;margin:.4em 0}\n"
		"th,td{text-align:left;padding:.15em .6em;vertical-align:top}\n"
		"table.conns th,table.conns td{border:1px solid #ccc}\n"
		"caption{text-align:left;font-weight:bold;color:#055}\n"
		".key{color:#666;font-weight:normal}\n"
		".hint{background:#fff4d6;border-left:4px solid #e0a000;"
		"padding:.3em .6em}\n"
		"b.inactive{font-weight:normal}\n"
		"form.inline{display:inline;margin-left:1em}\n"
		".explain{color:#555;font-size:.9em}\n"
		"</style>\n</head>\n<body>\n<h1>IPsec Status</h1>\n"
		"<div class=\"toolbar\"><a id=\"refresh\" href=\"",
		page->nonce);
	vs_html_escape(out, page->self);
	puts_raw(out, "\">Refresh</a> ");
	html_form(out, page, "reload", NULL, "Reload configuration", "reload");
	put(out, " <span class=\"time\">as of %s</span></div>\n", when);

	puts_raw(out, "<section id=\"license\">\n<h2>License status</h2>\n"
			 "<p>VPN license counter: ");
	if (status->license_known)
	{
		put(out, "<b id=\"peers\">%u</b> peers connected, licensed: "
			"<b id=\"licensed\">", status->peers);
		if (status->licensed)
		{
			put(out, "%u", status->licensed);
		}
		else
		{
			puts_raw(out, "unlimited");
		}
		puts_raw(out, "</b>");
	}
	else
	{
		puts_raw(out, "not available (mguard-license is not loaded)");
	}
	puts_raw(out, "</p>\n</section>\n");

	html_list(out, status, page, VS_LIST_WAITING, "Waiting",
			  "Connections not yet established that start on data traffic "
			  "or wait for the peer.");
	html_list(out, status, page, VS_LIST_PENDING, "Pending",
			  "Connections attempting to establish a connection.");
	html_list(out, status, page, VS_LIST_ESTABLISHED, "Established",
			  "Connections that have been established successfully. If one "
			  "cannot be used, the peer's VPN gateway is causing problems: "
			  "restart the connection.");
	html_table(out, status);
	if (page->refresh)
	{	/* the one script: reload every few seconds unless switched off */
		put(out, "<p><label><input type=\"checkbox\" id=\"auto\" checked> "
			"refresh every %u s</label></p>\n<script nonce=\"%s\">\n"
			"(function(){var c=document.getElementById('auto'),"
			"k='vpn-status-auto';\n"
			"try{if(sessionStorage.getItem(k)==='0')c.checked=false;}"
			"catch(e){}\n"
			"c.addEventListener('change',function(){try{"
			"sessionStorage.setItem(k,c.checked?'1':'0');}catch(e){}});\n"
			"setInterval(function(){if(c.checked)"
			"location.replace(location.pathname+location.search);},%u);"
			"})();\n</script>\n", page->refresh, page->nonce,
			page->refresh * 1000);
	}
	puts_raw(out, "</body>\n</html>\n");
}

/* --- JSON ---------------------------------------------------------------- */

static void json_int(bio_writer_t *out, const char *key, int64_t value,
					 bool comma)
{
	if (value < 0)
	{
		put(out, "\"%s\":null%s", key, comma ? "," : "");
	}
	else
	{
		put(out, "\"%s\":%lld%s", key, (long long)value, comma ? "," : "");
	}
}

static void json_str(bio_writer_t *out, const char *key, const char *value,
					 bool comma)
{
	put(out, "\"%s\":", key);
	if (value)
	{
		vs_json_string(out, value);
	}
	else
	{
		puts_raw(out, "null");
	}
	if (comma)
	{
		puts_raw(out, ",");
	}
}

static void json_algs(bio_writer_t *out, vs_algs_t *algs)
{
	puts_raw(out, "\"algorithms\":{");
	json_str(out, "encryption", algs->encr, TRUE);
	json_int(out, "key_size", algs->encr_keysize, TRUE);
	json_str(out, "integrity", algs->integ, TRUE);
	json_str(out, "prf", algs->prf, TRUE);
	json_str(out, "dh_group", algs->dh, FALSE);
	puts_raw(out, "}");
}

static void json_list(bio_writer_t *out, const char *key, array_t *list)
{
	char *item;
	int i;

	put(out, "\"%s\":[", key);
	for (i = 0; i < array_count(list); i++)
	{
		array_get(list, i, &item);
		if (i)
		{
			puts_raw(out, ",");
		}
		vs_json_string(out, item);
	}
	puts_raw(out, "]");
}

static void json_child(bio_writer_t *out, vs_child_t *child)
{
	puts_raw(out, "{");
	json_str(out, "name", child->name, TRUE);
	json_str(out, "connection", child->conn, TRUE);
	json_int(out, "uniqueid", child->uniqueid, TRUE);
	json_int(out, "reqid", child->reqid, TRUE);
	json_str(out, "state", child->state, TRUE);
	json_str(out, "mode", child->mode, TRUE);
	json_str(out, "protocol", child->protocol, TRUE);
	put(out, "\"udp_encapsulation\":%s,", child->encap ? "true" : "false");
	json_str(out, "spi_in", child->spi_in, TRUE);
	json_str(out, "spi_out", child->spi_out, TRUE);
	json_list(out, "local_ts", child->local_ts);
	puts_raw(out, ",");
	json_list(out, "remote_ts", child->remote_ts);
	puts_raw(out, ",");
	json_algs(out, &child->algs);
	puts_raw(out, ",");
	json_int(out, "bytes_in", child->bytes_in, TRUE);
	json_int(out, "bytes_out", child->bytes_out, TRUE);
	json_int(out, "packets_in", child->packets_in, TRUE);
	json_int(out, "packets_out", child->packets_out, TRUE);
	json_int(out, "installed_seconds", child->install_time, TRUE);
	json_int(out, "rekey_in_seconds", child->rekey_time, TRUE);
	json_int(out, "expires_in_seconds", child->life_time, FALSE);
	puts_raw(out, "}");
}

static void json_endpoint(bio_writer_t *out, const char *key,
						  const char *host, int64_t port, const char *id)
{
	put(out, "\"%s\":{", key);
	json_str(out, "host", host, TRUE);
	json_int(out, "port", port, TRUE);
	json_str(out, "id", id, FALSE);
	puts_raw(out, "},");
}

static void json_ike(bio_writer_t *out, vs_status_t *status, vs_ike_t *ike)
{
	vs_child_t *child;
	vs_conn_t *conn;
	vs_ike_t *current;
	bool first = TRUE;
	int i, j;

	puts_raw(out, "{");
	json_str(out, "name", ike->name, TRUE);
	json_int(out, "uniqueid", ike->uniqueid, TRUE);
	json_int(out, "version", ike->version, TRUE);
	json_str(out, "state", ike->state, TRUE);
	puts_raw(out, "\"connections\":[");
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		for (j = 0; j < array_count(conn->ikes); j++)
		{
			array_get(conn->ikes, j, &current);
			if (current == ike)
			{
				if (!first)
				{
					puts_raw(out, ",");
				}
				vs_json_string(out, conn->row.key);
				first = FALSE;
				break;
			}
		}
	}
	puts_raw(out, "],");
	json_endpoint(out, "local", ike->local_host, ike->local_port,
				  ike->local_id);
	json_endpoint(out, "remote", ike->remote_host, ike->remote_port,
				  ike->remote_id);
	put(out, "\"initiator\":%s,", ike->initiator ? "true" : "false");
	json_algs(out, &ike->algs);
	puts_raw(out, ",");
	json_int(out, "established_seconds", ike->established, TRUE);
	json_int(out, "rekey_in_seconds", ike->rekey_time, TRUE);
	json_int(out, "reauth_in_seconds", ike->reauth_time, TRUE);
	puts_raw(out, "\"child_sas\":[");
	for (i = 0; i < array_count(ike->children); i++)
	{
		array_get(ike->children, i, &child);
		if (i)
		{
			puts_raw(out, ",");
		}
		json_child(out, child);
	}
	puts_raw(out, "]}");
}

void vs_render_json(bio_writer_t *out, vs_status_t *status)
{
	vs_conn_t *conn;
	vs_ike_t *ike;
	int i;

	put(out, "{\"version\":1,\"time\":%lld,\"license\":",
		(long long)status->now);
	if (status->license_known)
	{
		put(out, "{\"peers_connected\":%u,\"peers_licensed\":",
			status->peers);
		if (status->licensed)
		{
			put(out, "%u}", status->licensed);
		}
		else
		{
			puts_raw(out, "null}");
		}
	}
	else
	{
		puts_raw(out, "null");
	}
	puts_raw(out, ",\n\"connections\":[");
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		puts_raw(out, i ? ",\n{" : "\n{");
		json_str(out, "key", conn->row.key, TRUE);
		json_str(out, "name", conn->row.name, TRUE);
		json_str(out, "initial_mode", conn->row.initial[0] ?
				 conn->row.initial : NULL, TRUE);
		json_str(out, "mode", conn->row.mode, TRUE);
		json_str(out, "startup", conn->row.startup[0] ?
				 conn->row.startup : NULL, TRUE);
		json_str(out, "status", conn->row.status, TRUE);
		put(out, "\"list\":\"%N\",\"isakmp_sa\":%s,\"tunnels_up\":%u,"
			"\"tunnels\":%u,\"rekeys\":%llu,\"failed_attempts\":%llu,"
			"\"bytes_in\":%llu,\"bytes_out\":%llu}",
			vs_list_names, conn->list, conn->ike_up ? "true" : "false",
			conn->row.up, conn->row.tunnels,
			(unsigned long long)conn->row.rekeys,
			(unsigned long long)conn->row.failed,
			(unsigned long long)conn->bytes_in,
			(unsigned long long)conn->bytes_out);
	}
	puts_raw(out, "],\n\"ike_sas\":[");
	for (i = 0; i < array_count(status->ikes); i++)
	{
		array_get(status->ikes, i, &ike);
		puts_raw(out, i ? ",\n" : "\n");
		json_ike(out, status, ike);
	}
	puts_raw(out, "]}\n");
}

/* --- Prometheus ---------------------------------------------------------- */

typedef enum {
	METRIC_TUNNELS_UP,
	METRIC_TUNNELS,
	METRIC_ISAKMP,
	METRIC_BYTES_IN,
	METRIC_BYTES_OUT,
	METRIC_REKEYS,
	METRIC_FAILED,
} metric_t;

/**
 * Per-connection metrics
 */
static const struct {
	const char *name;
	const char *type;
	const char *help;
} metrics[] = {
	[METRIC_TUNNELS_UP] = { "mguard_vpn_tunnels_up", "gauge",
		"Installed IPsec SAs (CHILD_SAs) of the connection" },
	[METRIC_TUNNELS] = { "mguard_vpn_tunnels", "gauge",
		"Enabled tunnels of the connection" },
	[METRIC_ISAKMP] = { "mguard_vpn_isakmp_sa_established", "gauge",
		"1 if an ISAKMP SA (IKE_SA) of the connection is established" },
	[METRIC_BYTES_IN] = { "mguard_vpn_bytes_in_total", "counter",
		"Bytes received through the current IPsec SAs (resets on rekeying)" },
	[METRIC_BYTES_OUT] = { "mguard_vpn_bytes_out_total", "counter",
		"Bytes sent through the current IPsec SAs (resets on rekeying)" },
	[METRIC_REKEYS] = { "mguard_vpn_rekeys_total", "counter",
		"IKE_SA and CHILD_SA rekeyings since charon started" },
	[METRIC_FAILED] = { "mguard_vpn_failed_attempts_total", "counter",
		"IKE_SAs destroyed before being established, since charon started" },
};

static uint64_t metric_value(vs_conn_t *conn, metric_t metric)
{
	switch (metric)
	{
		case METRIC_TUNNELS_UP:
			return conn->row.up;
		case METRIC_TUNNELS:
			return conn->row.tunnels;
		case METRIC_ISAKMP:
			return conn->ike_up;
		case METRIC_BYTES_IN:
			return conn->bytes_in;
		case METRIC_BYTES_OUT:
			return conn->bytes_out;
		case METRIC_REKEYS:
			return conn->row.rekeys;
		case METRIC_FAILED:
		default:
			return conn->row.failed;
	}
}

void vs_render_prometheus(bio_writer_t *out, vs_status_t *status)
{
	vs_conn_t *conn;
	u_int up = 0;
	int i, m;

	for (m = 0; m < (int)countof(metrics); m++)
	{
		put(out, "# HELP %s %s\n# TYPE %s %s\n", metrics[m].name,
			metrics[m].help, metrics[m].name, metrics[m].type);
		for (i = 0; i < array_count(status->conns); i++)
		{
			array_get(status->conns, i, &conn);
			put(out, "%s{connection=\"", metrics[m].name);
			escape_string(out, conn->row.key, FALSE);
			puts_raw(out, "\",name=\"");
			escape_string(out, conn->row.name, FALSE);
			put(out, "\"} %llu\n",
				(unsigned long long)metric_value(conn, m));
		}
	}
	for (i = 0; i < array_count(status->conns); i++)
	{
		array_get(status->conns, i, &conn);
		up += conn->list == VS_LIST_ESTABLISHED;
	}
	put(out, "# HELP mguard_vpn_connections_established Connections with an "
		"installed IPsec SA\n# TYPE mguard_vpn_connections_established "
		"gauge\nmguard_vpn_connections_established %u\n", up);
	if (status->license_known)
	{
		put(out, "# HELP mguard_vpn_peers_connected Peers with an "
			"established VPN connection (VPN license counter)\n"
			"# TYPE mguard_vpn_peers_connected gauge\n"
			"mguard_vpn_peers_connected %u\n", status->peers);
		if (status->licensed)
		{
			put(out, "# HELP mguard_vpn_peers_licensed Peers the license "
				"allows\n# TYPE mguard_vpn_peers_licensed gauge\n"
				"mguard_vpn_peers_licensed %u\n", status->licensed);
		}
	}
}
