/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * mguard-sms: text messages a modem receives through ModemManager start and
 * stop VPN connections. Each received message's text goes to the control
 * socket of mguard-control (as `mguard-vpn sms TEXT` does), then the
 * message is deleted from the modem. Messages that are still being received,
 * and sent or stored ones, are left alone. While the control socket cannot
 * be reached, messages stay on the modem and are tried again.
 *
 * ModemManager's D-Bus API through sd-bus, on the system bus
 * (DBUS_SYSTEM_BUS_ADDRESS overrides its address): the Messaging interface
 * of every modem (ObjectManager), its Added signal, and a rescan every
 * --interval seconds (the signal may come before a multi-part message is
 * complete).
 *
 * The text is never logged (it carries the token), only the sender's number
 * and what charon answered.
 *
 * Exit codes: 0 stopped by SIGTERM/SIGINT (or --once done), 1 D-Bus error,
 * 2 usage.
 */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include <library.h>

#include "mguard_control_client.h"

#define MM_SERVICE "org.freedesktop.ModemManager1"
#define MM_PATH "/org/freedesktop/ModemManager1"
#define MM_MESSAGING MM_SERVICE ".Modem.Messaging"
#define MM_SMS MM_SERVICE ".Sms"
#define OBJECT_MANAGER "org.freedesktop.DBus.ObjectManager"

/** MMSmsState: completely received */
#define MM_SMS_STATE_RECEIVED 3
/** MMSmsPduType: delivered to us (GSM and CDMA) */
#define MM_SMS_PDU_TYPE_DELIVER 1
#define MM_SMS_PDU_TYPE_CDMA_DELIVER 3

typedef struct {
	sd_bus *bus;
	/** control socket URI */
	char *uri;
	/** seconds between rescans */
	u_int interval;
} ctx_t;

static void usage(FILE *out)
{
	fprintf(out,
"usage: mguard-sms [--socket URI] [--interval SECONDS] [--once]\n"
"\n"
"Hands text messages received through ModemManager to mguard-control\n"
"('vpn/start TOKEN', 'vpn/stop TOKEN') and deletes them from the modem.\n"
"  --socket URI     control socket (default: charon.plugins.mguard-control.\n"
"                   socket in strongswan.conf, else %s)\n"
"  --interval N     rescan the modems every N seconds (default 10)\n"
"  --once           handle the messages there are now, then exit\n"
"The system bus is used; DBUS_SYSTEM_BUS_ADDRESS overrides its address.\n"
"Exit: 0 stopped, 1 D-Bus error, 2 usage.\n", MGC_DEFAULT_SOCKET);
}

/**
 * Hand a text to the control socket; TRUE if the message is done with
 * (answered, or refused as not a command), FALSE to keep it for later
 */
static bool deliver(ctx_t *ctx, const char *number, const char *text)
{
	char final_buf[256], err[256];
	mgc_line_t final;
	mgc_call_t call;

	call = mgc_client_call(ctx->uri, MGC_SMS, text, strlen(text), NULL, NULL,
						   &final, final_buf, sizeof(final_buf), err,
						   sizeof(err));
	switch (call)
	{
		case MGC_CALL_OK:
			break;
		case MGC_CALL_REQUEST:
			fprintf(stderr, "mguard-sms: text message from %s is too long "
					"for a command, deleted\n", number);
			return TRUE;
		default:
			fprintf(stderr, "mguard-sms: text message from %s kept on the "
					"modem, charon not reachable: %s\n", number, err);
			return FALSE;
	}
	if (final.type == MGC_LINE_ERROR)
	{	/* the parser's reasons never quote the token */
		fprintf(stderr, "mguard-sms: text message from %s is not a VPN "
				"command (%s), deleted\n", number, final.text);
	}
	else if (streq(final.text, "unknown"))
	{
		fprintf(stderr, "mguard-sms: text message from %s: no connection has "
				"this token, nothing changed\n", number);
	}
	else
	{
		fprintf(stderr, "mguard-sms: text message from %s: %s\n", number,
				final.text);
	}
	return TRUE;
}

/**
 * Handle one message of a modem
 */
static void handle_sms(ctx_t *ctx, const char *modem, const char *sms)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	char *text = NULL, *number = NULL;
	uint32_t state, pdu;
	int r;

	if (sd_bus_get_property_trivial(ctx->bus, MM_SERVICE, sms, MM_SMS,
									"State", &error, 'u', &state) < 0 ||
		sd_bus_get_property_trivial(ctx->bus, MM_SERVICE, sms, MM_SMS,
									"PduType", &error, 'u', &pdu) < 0)
	{
		fprintf(stderr, "mguard-sms: cannot read %s: %s\n", sms,
				error.message ?: "unknown error");
		goto out;
	}
	if (state != MM_SMS_STATE_RECEIVED ||
		(pdu != MM_SMS_PDU_TYPE_DELIVER && pdu != MM_SMS_PDU_TYPE_CDMA_DELIVER))
	{	/* still arriving, or sent/stored by someone: not ours */
		goto out;
	}
	if (sd_bus_get_property_string(ctx->bus, MM_SERVICE, sms, MM_SMS, "Text",
								   &error, &text) < 0 ||
		sd_bus_get_property_string(ctx->bus, MM_SERVICE, sms, MM_SMS,
								   "Number", &error, &number) < 0)
	{
		fprintf(stderr, "mguard-sms: cannot read %s: %s\n", sms,
				error.message ?: "unknown error");
		goto out;
	}
	if (!deliver(ctx, number, text))
	{
		goto out;
	}
	sd_bus_error_free(&error);
	r = sd_bus_call_method(ctx->bus, MM_SERVICE, modem, MM_MESSAGING,
						   "Delete", &error, NULL, "o", sms);
	if (r < 0)
	{
		fprintf(stderr, "mguard-sms: deleting %s failed: %s\n", sms,
				error.message ?: strerror(-r));
	}

out:
	if (text)
	{
		memwipe(text, strlen(text));
	}
	free(text);
	free(number);
	sd_bus_error_free(&error);
}

/**
 * Handle the messages of one modem
 */
static void scan_modem(ctx_t *ctx, const char *modem)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *sms;
	char **paths = NULL;
	int r, n = 0, i;

	r = sd_bus_call_method(ctx->bus, MM_SERVICE, modem, MM_MESSAGING, "List",
						   &error, &reply, "");
	if (r < 0)
	{
		fprintf(stderr, "mguard-sms: listing the messages of %s failed: %s\n",
				modem, error.message ?: strerror(-r));
		goto out;
	}
	/* copy first: handling calls the bus while the reply is read */
	if (sd_bus_message_enter_container(reply, 'a', "o") < 0)
	{
		goto out;
	}
	while (sd_bus_message_read(reply, "o", &sms) > 0)
	{
		paths = realloc(paths, (n + 1) * sizeof(char*));
		paths[n++] = strdup(sms);
	}
	for (i = 0; i < n; i++)
	{
		handle_sms(ctx, modem, paths[i]);
		free(paths[i]);
	}

out:
	free(paths);
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
}

/**
 * Handle the messages of every modem with a Messaging interface
 */
static void scan(ctx_t *ctx)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *path, *iface;
	char **modems = NULL;
	int r, n = 0, i;

	r = sd_bus_call_method(ctx->bus, MM_SERVICE, MM_PATH, OBJECT_MANAGER,
						   "GetManagedObjects", &error, &reply, "");
	if (r < 0)
	{
		fprintf(stderr, "mguard-sms: ModemManager not reachable: %s\n",
				error.message ?: strerror(-r));
		goto out;
	}
	if (sd_bus_message_enter_container(reply, 'a', "{oa{sa{sv}}}") < 0)
	{
		goto out;
	}
	while (sd_bus_message_enter_container(reply, 'e', "oa{sa{sv}}") > 0)
	{
		if (sd_bus_message_read(reply, "o", &path) < 0 ||
			sd_bus_message_enter_container(reply, 'a', "{sa{sv}}") < 0)
		{
			goto out;
		}
		while (sd_bus_message_enter_container(reply, 'e', "sa{sv}") > 0)
		{
			if (sd_bus_message_read(reply, "s", &iface) < 0 ||
				sd_bus_message_skip(reply, "a{sv}") < 0)
			{
				goto out;
			}
			if (streq(iface, MM_MESSAGING))
			{
				modems = realloc(modems, (n + 1) * sizeof(char*));
				modems[n++] = strdup(path);
			}
			sd_bus_message_exit_container(reply);
		}
		sd_bus_message_exit_container(reply);
		sd_bus_message_exit_container(reply);
	}
	for (i = 0; i < n; i++)
	{
		scan_modem(ctx, modems[i]);
	}

out:
	for (i = 0; i < n; i++)
	{
		free(modems[i]);
	}
	free(modems);
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
}

/**
 * Messaging.Added(o path, b received)
 */
static int on_added(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	ctx_t *ctx = data;
	const char *sms;
	int received;

	if (sd_bus_message_read(m, "ob", &sms, &received) >= 0 && received)
	{
		handle_sms(ctx, sd_bus_message_get_path(m), sms);
	}
	return 0;
}

/**
 * A modem appeared (ObjectManager.InterfacesAdded): rescan
 */
static int on_modem(sd_bus_message *m, void *data, sd_bus_error *ret_error)
{
	scan(data);
	return 0;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *data)
{
	ctx_t *ctx = data;

	scan(ctx);
	sd_event_source_set_time_relative(s, ctx->interval * 1000000ULL);
	return 0;
}

int main(int argc, char *argv[])
{
	static struct option options[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'i' },
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ctx_t ctx = {
		.interval = 10,
	};
	sd_event *event = NULL;
	sd_event_source *timer = NULL;
	sigset_t mask;
	bool once = FALSE;
	char *end;
	int c, r, ret = 1;

	while ((c = getopt_long(argc, argv, "s:i:oh", options, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				ctx.uri = optarg;
				break;
			case 'i':
				errno = 0;
				ctx.interval = strtoul(optarg, &end, 10);
				if (errno || *end || !*optarg || !ctx.interval ||
					ctx.interval > 86400)
				{
					fprintf(stderr, "mguard-sms: --interval '%s': seconds "
							"from 1 to 86400 expected\n", optarg);
					return 2;
				}
				break;
			case 'o':
				once = TRUE;
				break;
			case 'h':
				usage(stdout);
				return 0;
			default:
				usage(stderr);
				return 2;
		}
	}
	if (optind != argc)
	{
		usage(stderr);
		return 2;
	}
	if (!mgc_client_init("mguard-sms"))
	{
		return 1;
	}
	ctx.uri = ctx.uri ?: mgc_client_socket_uri();

	r = sd_bus_open_system(&ctx.bus);
	if (r < 0)
	{
		fprintf(stderr, "mguard-sms: cannot connect to the system bus: %s\n",
				strerror(-r));
		goto out;
	}
	if (once)
	{
		scan(&ctx);
		ret = 0;
		goto out;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
		(r = sd_event_default(&event)) < 0 ||
		(r = sd_event_add_signal(event, NULL, SIGTERM, NULL, NULL)) < 0 ||
		(r = sd_event_add_signal(event, NULL, SIGINT, NULL, NULL)) < 0 ||
		(r = sd_bus_attach_event(ctx.bus, event, SD_EVENT_PRIORITY_NORMAL)) < 0 ||
		(r = sd_bus_match_signal(ctx.bus, NULL, MM_SERVICE, NULL,
								 MM_MESSAGING, "Added", on_added, &ctx)) < 0 ||
		(r = sd_bus_match_signal(ctx.bus, NULL, MM_SERVICE, MM_PATH,
								 OBJECT_MANAGER,
								 "InterfacesAdded", on_modem, &ctx)) < 0 ||
		(r = sd_event_add_time_relative(event, &timer, CLOCK_MONOTONIC, 0, 0,
										on_timer, &ctx)) < 0 ||
		(r = sd_event_source_set_enabled(timer, SD_EVENT_ON)) < 0)
	{
		fprintf(stderr, "mguard-sms: setting up the D-Bus watch failed: %s\n",
				strerror(-r));
		goto out;
	}
	fprintf(stderr, "mguard-sms: watching ModemManager for text messages\n");
	r = sd_event_loop(event);
	ret = r < 0 ? 1 : 0;

out:
	sd_event_source_unref(timer);
	sd_bus_flush_close_unref(ctx.bus);
	sd_event_unref(event);
	library_deinit();
	return ret;
}
