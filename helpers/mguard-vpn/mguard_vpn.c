/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * mguard-vpn: start, stop and query mGuard connections through the control
 * socket of charon's mguard-control plugin, and apply a changed model.
 *
 * Exit codes: 0 success, 1 error reported by charon (disabled, failed,
 * synup/syndown did not reach the goal), 2 usage, 3 charon unreachable, no
 * answer in time (client_connect_timeout, client_timeout) or protocol
 * error, 4 unknown connection name (archive: no such entry), 5 apply
 * failed; archive: 1 an entry or the model cannot be read.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <library.h>
#include <libvici.h>

#include "mguard_control_client.h"
#include "archive.h"

#define EXIT_CHARON 1
#define EXIT_USAGE 2
#define EXIT_UNREACHABLE 3
#define EXIT_UNKNOWN 4
#define EXIT_APPLY 5

/** the socket libvici and swanctl default to (vici_dispatcher.h, with
 * Debian's IPSEC_PIDDIR), for messages only */
#define VICI_DEFAULT_URI "unix:///var/run/charon.vici"

static void usage(FILE *out)
{
	fprintf(out,
"usage: mguard-vpn [--socket URI] up|down|status|synup|syndown NAME\n"
"       mguard-vpn [--socket URI] list       every connection: name, mode,\n"
"                                            state, tunnels up/configured\n"
"       mguard-vpn [--socket URI] license    peers connected / licensed\n"
"       mguard-vpn [--socket URI] sms 'vpn/start TOKEN'\n"
"       mguard-vpn [--socket URI] reload     re-read the model\n"
"       mguard-vpn [--model FILE] [--swanctl-dir DIR] apply\n"
"                  translate the model, load it into charon, reload plugins\n"
"       mguard-vpn [--model FILE] archive [list | show ID]\n"
"                  archived connection attempts (global.archive.dir)\n"
"       mguard-vpn [--model FILE] [--swanctl-dir DIR] archive snapshot FILE\n"
"                  support tarball: archive, model and swanctl config\n"
"                  without secrets (FILE - for stdout)\n"
"\n"
"The socket defaults to charon.plugins.mguard-control.socket in\n"
"strongswan.conf (STRONGSWAN_CONF), else %s.\n"
"Exit: 0 ok, 1 error from charon, 2 usage, 3 charon unreachable or no\n"
"      answer in time, 4 unknown connection, 5 apply failed; archive: 1 an\n"
"      entry or the model cannot be read, 4 no such entry.\n",
		MGC_DEFAULT_SOCKET);
}

static void print_line(void *data, const mgc_line_t *line)
{
	printf("%s\n", line->text);
}

/**
 * Run a program, return its exit status (or -1)
 */
static int run(char *const argv[])
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
	{
		return -1;
	}
	if (pid == 0)
	{	/* what the tools report goes to stderr, stdout stays ours */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "mguard-vpn: cannot run %s: %s\n", argv[0],
				strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
	{
		return -1;
	}
	return WEXITSTATUS(status);
}

/**
 * Connect to charon's vici socket; when that fails, say whether charon is
 * running without the vici plugin (its mguard-control socket answers) or
 * not at all, naming the plugin and its package
 */
static vici_conn_t *vici_open(char *uri, char *control_uri)
{
	char final_buf[64], err[256];
	vici_conn_t *conn;
	mgc_line_t final;
	int error;

	vici_init();
	conn = vici_connect(uri);
	if (conn)
	{
		return conn;
	}
	error = errno;
	vici_deinit();
	if (!control_uri)
	{
		control_uri = mgc_client_socket_uri();
	}
	if (mgc_client_call(control_uri, MGC_LICENSE, NULL, 0, NULL, NULL, &final,
						final_buf, sizeof(final_buf), err,
						sizeof(err)) == MGC_CALL_OK)
	{
		fprintf(stderr, "mguard-vpn: charon is running, but its vici plugin "
				"is not loaded (%s: %s): install the package "
				"strongswan-swanctl, which ships the vici plugin, and load "
				"it (charon.load, charon.plugins.vici.load)\n",
				uri ?: VICI_DEFAULT_URI, strerror(error));
	}
	else
	{
		fprintf(stderr, "mguard-vpn: cannot connect to charon's vici socket "
				"(%s: %s): charon is not running, or its vici plugin is "
				"not loaded (package strongswan-swanctl; charon.load, "
				"charon.plugins.vici.load)\n", uri ?: VICI_DEFAULT_URI,
				strerror(error));
	}
	return NULL;
}

/**
 * apply: mguard-swanctl, swanctl --load-all, reload-settings over vici,
 * and for the system's model a restart of mguard-l2tp.service
 */
static int apply(char *model, char *swanctl_dir, char *control_uri)
{
	char *translate[8], *load[10], conf[512], *uri;
	vici_conn_t *conn;
	vici_res_t *res;
	int i = 0, j = 0, status;

	/* the socket swanctl uses too; first, so that nothing is translated
	 * for a charon that cannot load it */
	uri = lib->settings->get_str(lib->settings, "charon.plugins.vici.socket",
								 NULL);
	conn = vici_open(uri, control_uri);
	if (!conn)
	{
		return EXIT_UNREACHABLE;
	}

	translate[i++] = "mguard-swanctl";
	if (model)
	{
		translate[i++] = "--model";
		translate[i++] = model;
	}
	if (swanctl_dir)
	{
		translate[i++] = "--swanctl-dir";
		translate[i++] = swanctl_dir;
	}
	translate[i] = NULL;
	status = run(translate);
	if (status != 0)
	{
		fprintf(stderr, "mguard-vpn: mguard-swanctl failed (exit %d), "
				"nothing loaded\n", status);
		vici_disconnect(conn);
		vici_deinit();
		return EXIT_APPLY;
	}

	load[j++] = "swanctl";
	load[j++] = "--load-all";
	load[j++] = "--noprompt";
	if (swanctl_dir)
	{
		snprintf(conf, sizeof(conf), "%s/swanctl.conf", swanctl_dir);
		load[j++] = "--file";
		load[j++] = conf;
	}
	if (uri)
	{
		load[j++] = "--uri";
		load[j++] = uri;
	}
	load[j] = NULL;
	status = run(load);
	if (status != 0)
	{
		fprintf(stderr, "mguard-vpn: swanctl --load-all failed (exit %d)%s\n",
				status, status == 127 ? ": swanctl is not installed (package "
				"strongswan-swanctl)" : "");
		vici_disconnect(conn);
		vici_deinit();
		return EXIT_APPLY;
	}

	res = vici_submit(vici_begin("reload-settings"), conn);
	if (!res || strcmp(vici_find_str(res, "no", "success"), "yes") != 0)
	{
		fprintf(stderr, "mguard-vpn: reload-settings failed: %s\n",
				res ? vici_find_str(res, "unknown error", "errmsg")
					: strerror(errno));
		vici_free_res(res);
		vici_disconnect(conn);
		vici_deinit();
		return EXIT_APPLY;
	}
	vici_free_res(res);
	vici_disconnect(conn);
	vici_deinit();
	/* the L2TP server follows global.l2tp of the system's model (the unit
	 * skips itself while it is disabled); another model file is a test's */
	if (!model && access("/run/systemd/system", F_OK) == 0)
	{
		char *restart[] = { "systemctl", "restart", "mguard-l2tp.service",
							NULL };

		status = run(restart);
		if (status != 0)
		{
			fprintf(stderr, "mguard-vpn: systemctl restart mguard-l2tp.service "
					"failed (exit %d)\n", status);
			return EXIT_APPLY;
		}
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char *argv[])
{
	static struct option options[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "model", required_argument, NULL, 'm' },
		{ "swanctl-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *uri = NULL, *model = NULL, *swanctl_dir = NULL, *arg = NULL;
	char final_buf[512], err[512];
	mgc_line_t final;
	mgc_verb_t verb;
	mgc_call_t call;
	int c, ret;

	while ((c = getopt_long(argc, argv, "s:m:d:h", options, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				uri = optarg;
				break;
			case 'm':
				model = optarg;
				break;
			case 'd':
				swanctl_dir = optarg;
				break;
			case 'h':
				usage(stdout);
				return 0;
			default:
				usage(stderr);
				return EXIT_USAGE;
		}
	}
	if (optind >= argc)
	{
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "apply") == 0)
	{
		if (optind + 1 != argc)
		{
			usage(stderr);
			return EXIT_USAGE;
		}
		if (!mgc_client_init("mguard-vpn"))
		{
			return EXIT_UNREACHABLE;
		}
		ret = apply(model, swanctl_dir, uri);
		library_deinit();
		return ret;
	}
	if (strcmp(argv[optind], "archive") == 0)
	{
		if (!mgc_client_init("mguard-vpn"))
		{
			return EXIT_UNREACHABLE;
		}
		ret = archive_main(argc - optind - 1, argv + optind + 1, model,
						   swanctl_dir);
		library_deinit();
		return ret;
	}
	if (!mgc_verb_from_name(argv[optind], &verb))
	{
		fprintf(stderr, "mguard-vpn: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (optind + (mgc_verb_has_arg(verb) ? 2 : 1) != argc)
	{
		usage(stderr);
		return EXIT_USAGE;
	}
	if (mgc_verb_has_arg(verb))
	{
		arg = argv[optind + 1];
	}

	if (!mgc_client_init("mguard-vpn"))
	{
		return EXIT_UNREACHABLE;
	}
	if (!uri)
	{
		uri = mgc_client_socket_uri();
	}
	call = mgc_client_call(uri, verb, arg, arg ? strlen(arg) : 0,
						   print_line, NULL, &final, final_buf,
						   sizeof(final_buf), err, sizeof(err));
	if (call != MGC_CALL_OK)
	{
		fprintf(stderr, "mguard-vpn: %s\n", err);
		ret = call == MGC_CALL_REQUEST ? EXIT_USAGE : EXIT_UNREACHABLE;
	}
	else if (final.type == MGC_LINE_ERROR)
	{
		fprintf(stderr, "error: %s\n", final.text);
		ret = EXIT_CHARON;
	}
	else
	{
		printf("%s\n", final.text);
		ret = 0;
		if (strcmp(final.text, "unknown") == 0)
		{
			fprintf(stderr, "mguard-vpn: no connection named '%s'\n",
					arg ? arg : "");
			ret = EXIT_UNKNOWN;
		}
		else if ((verb == MGC_SYNUP && strcmp(final.text, "active")) ||
				 (verb == MGC_SYNDOWN && strcmp(final.text, "void")))
		{
			ret = EXIT_CHARON;
		}
	}
	library_deinit();
	return ret;
}
