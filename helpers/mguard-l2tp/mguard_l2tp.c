/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/*
 * mguard-l2tp: the model's L2TP server (global.l2tp) as xl2tpd
 * configuration, for the mguard-l2tp.service unit (which runs xl2tpd with
 * it) and mguard-vpn apply (which restarts that unit).
 *
 * Exit: 0 written (or, with --enabled, L2TP is enabled), 1 invalid model
 * (with --enabled: L2TP is disabled), 2 usage or I/O error; with --enabled
 * an invalid model exits 255 (systemd's ExecCondition then fails the unit
 * instead of skipping it).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <library.h>

#include <mguard_model.h>

#include "l2tp_conf.h"
#include "../mguard-swanctl/stage.h"

#ifndef MGUARD_DEFAULT_MODEL
#define MGUARD_DEFAULT_MODEL "/etc/mguard/vpn.conf"
#endif

#define DEFAULT_DIR "/run/mguard-l2tp"

static void usage(FILE *out)
{
	fprintf(out,
"Usage: mguard-l2tp [--model FILE] [--dir DIR] [--enabled]\n"
"  Writes DIR/xl2tpd.conf and DIR/options.xl2tpd (DIR: %s) for the\n"
"  model's L2TP server (global.l2tp; model: %s); with L2TP disabled it\n"
"  removes them.\n"
"  --enabled  only tell: exit 0 if global.l2tp.enabled = yes, else 1\n"
"Exit: 0 ok, 1 invalid model, 2 usage or I/O error (--enabled: 0 enabled,\n"
"      1 disabled, 255 invalid model).\n", DEFAULT_DIR, MGUARD_DEFAULT_MODEL);
}

/**
 * Content written by a writer into a chunk
 */
static chunk_t content(mguard_model_t *model, const char *options)
{
	chunk_t data = chunk_empty;
	size_t len = 0;
	FILE *out;

	out = open_memstream((char**)&data.ptr, &len);
	if (!out)
	{
		return chunk_empty;
	}
	if (options)
	{
		l2tp_conf_write_xl2tpd(model, out, options);
	}
	else
	{
		l2tp_conf_write_ppp(model, out);
	}
	fclose(out);
	data.len = len;
	return data;
}

/**
 * Write (or with L2TP disabled, remove) the two files
 */
static int write_files(mguard_model_t *model, const char *dir)
{
	char conf[512], options[512];
	chunk_t a, b;
	stage_t *stage;
	bool ok;

	if (snprintf(conf, sizeof(conf), "%s/xl2tpd.conf", dir) >=
			(int)sizeof(conf) ||
		snprintf(options, sizeof(options), "%s/options.xl2tpd", dir) >=
			(int)sizeof(options))
	{
		fprintf(stderr, "mguard-l2tp: --dir %s: path too long\n", dir);
		return 2;
	}
	if (!model->global.l2tp.enabled)
	{
		if ((unlink(conf) != 0 && errno != ENOENT) ||
			(unlink(options) != 0 && errno != ENOENT))
		{
			fprintf(stderr, "mguard-l2tp: cannot remove the files in %s: "
					"%s\n", dir, strerror(errno));
			return 2;
		}
		printf("L2TP disabled (global.l2tp.enabled = no)\n");
		return 0;
	}
	a = content(model, options);
	b = content(model, NULL);
	stage = stage_create();
	ok = a.len && b.len && stage->make_dir(stage, dir, 0755) &&
		 stage->add(stage, options, b, 0644) &&
		 stage->add(stage, conf, a, 0644) && stage->commit(stage);
	stage->destroy(stage);
	free(a.ptr);
	free(b.ptr);
	if (!ok)
	{
		fprintf(stderr, "mguard-l2tp: cannot write %s: %s\n", conf,
				strerror(errno));
		return 2;
	}
	printf("L2TP enabled: %s\n", conf);
	return 0;
}

int main(int argc, char *argv[])
{
	static struct option options[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "dir", required_argument, NULL, 'd' },
		{ "enabled", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *model_file = MGUARD_DEFAULT_MODEL, *dir = DEFAULT_DIR;
	mguard_report_t *report;
	mguard_model_t *model;
	bool enabled = FALSE;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1)
	{
		switch (c)
		{
			case 'm':
				model_file = optarg;
				break;
			case 'd':
				dir = optarg;
				break;
			case 'e':
				enabled = TRUE;
				break;
			case 'h':
				usage(stdout);
				return 0;
			default:
				usage(stderr);
				return 2;
		}
	}
	if (optind < argc)
	{
		fprintf(stderr, "mguard-l2tp: unexpected argument '%s'\n",
				argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!library_init(NULL, "mguard-l2tp"))
	{
		fprintf(stderr, "mguard-l2tp: cannot initialize libstrongswan\n");
		library_deinit();
		return 2;
	}
	report = mguard_report_create();
	model = mguard_model_load(model_file, report);
	report->print(report, stderr);
	report->destroy(report);
	if (!model)
	{
		library_deinit();
		return enabled ? 255 : 1;
	}
	if (enabled)
	{
		rc = model->global.l2tp.enabled ? 0 : 1;
	}
	else
	{
		rc = write_files(model, dir);
	}
	mguard_model_destroy(model);
	library_deinit();
	return rc;
}
