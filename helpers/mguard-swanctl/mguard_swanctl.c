/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * mguard-swanctl: translate the mGuard model into swanctl configuration.
 *
 * Exit codes: 0 valid (written), 1 invalid model, 2 usage or I/O error.
 * On 1 and 2 nothing is written.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <library.h>
#include <collections/hashtable.h>

#include <mguard_file.h>
#include <mguard_model.h>

#include "stage.h"
#include "translate.h"

#ifndef MGUARD_DEFAULT_MODEL
#define MGUARD_DEFAULT_MODEL "/etc/mguard/vpn.conf"
#endif

#define DEFAULT_SWANCTL_DIR "/etc/swanctl"

/** largest certificate or key file copied */
#define MAX_CRED_FILE (1024 * 1024)

/**
 * Show libstrongswan's own complaints (unknown algorithms) on stderr
 */
static void dbg_stderr(debug_t group, level_t level, char *fmt, ...)
{
	va_list args;

	if (level <= 1)
	{
		va_start(args, fmt);
		fprintf(stderr, "mguard-swanctl: ");
		vfprintf(stderr, fmt, args);
		fprintf(stderr, "\n");
		va_end(args);
	}
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: mguard-swanctl [--model FILE] [--swanctl-dir DIR] [--output FILE|-]\n"
"                      [--check]\n"
"Translate the mGuard VPN model into swanctl configuration.\n"
"\n"
"  -m, --model FILE        model file (default %s)\n"
"  -d, --swanctl-dir DIR   swanctl directory (default %s); the configuration\n"
"                          goes to DIR/conf.d/mguard.conf, certificates to\n"
"                          DIR/x509 and DIR/x509ca, keys to DIR/private\n"
"  -o, --output FILE|-     write the configuration here instead (- = stdout)\n"
"  -c, --check             validate only, write nothing\n"
"  -h, --help              this help\n"
"\n"
"Exit status: 0 valid, 1 invalid model (errors on stderr as\n"
"FILE: section.path.key: message), 2 usage or I/O error. Nothing is written\n"
"unless the exit status is 0.\n", MGUARD_DEFAULT_MODEL, DEFAULT_SWANCTL_DIR);
}

/**
 * Read every file to place; report unreadable ones as model errors
 */
static bool read_files(mguard_model_t *model, linked_list_t *files,
					   chunk_t *contents, mguard_report_t *report)
{
	enumerator_t *enumerator;
	translate_file_t *file;
	bool ok = TRUE;
	int i = 0;

	enumerator = files->create_enumerator(files);
	while (enumerator->enumerate(enumerator, &file))
	{
		if (!mguard_file_read(file->source, MAX_CRED_FILE, &contents[i]))
		{
			report->add(report, MGUARD_ERROR, model->file, file->path,
						"cannot read '%s': %s; allowed: a readable PEM file "
						"of at most %d bytes", file->source, strerror(errno),
						MAX_CRED_FILE);
			contents[i] = chunk_empty;
			ok = FALSE;
		}
		else if (!memmem(contents[i].ptr, contents[i].len, "-----BEGIN ", 11))
		{
			report->add(report, MGUARD_ERROR, model->file, file->path,
						"'%s' is not a PEM file; allowed: a PEM certificate "
						"or key (-----BEGIN ...)", file->source);
			ok = FALSE;
		}
		i++;
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * Whether a PEM private key is an EC key: "EC PRIVATE KEY", or PKCS#8 with
 * the id-ecPublicKey algorithm (1.2.840.10045.2.1)
 */
static bool is_ec_key(chunk_t pem)
{
	static const u_char oid[] = { 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
								  0x02, 0x01 };
	static const char begin[] = "-----BEGIN PRIVATE KEY-----";
	static const char end[] = "-----END PRIVATE KEY-----";
	u_char *start, *stop, *src, *dst;
	chunk_t b64, der;
	bool ec;

	if (memmem(pem.ptr, pem.len, "BEGIN EC PRIVATE KEY", 20))
	{
		return TRUE;
	}
	start = memmem(pem.ptr, pem.len, begin, strlen(begin));
	if (!start)
	{
		return FALSE;
	}
	start += strlen(begin);
	stop = memmem(start, pem.len - (start - pem.ptr), end, strlen(end));
	if (!stop)
	{
		return FALSE;
	}
	/* base64 without line breaks */
	b64 = chunk_alloc(stop - start);
	for (src = start, dst = b64.ptr; src < stop; src++)
	{
		if (!isspace(*src))
		{
			*dst++ = *src;
		}
	}
	b64.len = dst - b64.ptr;
	der = chunk_from_base64(b64, NULL);
	ec = der.len && memmem(der.ptr, der.len, oid, sizeof(oid));
	chunk_clear(&der);
	chunk_free(&b64);
	return ec;
}

/**
 * strongSwan 5.9.8 offers IKEv1 XAuth with certificates only as RSA
 * signatures (XAUTH_INIT_RSA / XAUTH_RESP_RSA): an ECDSA key cannot work
 * there, say so instead of failing at run time
 */
static bool check_xauth_keys(mguard_model_t *model, linked_list_t *files,
							 chunk_t *contents, mguard_report_t *report)
{
	enumerator_t *enumerator, *conns;
	translate_file_t *file;
	mguard_connection_t *conn;
	mguard_mode_config_t *mc;
	char path[256];
	bool ok = TRUE;
	int i = 0;

	enumerator = files->create_enumerator(files);
	while (enumerator->enumerate(enumerator, &file))
	{
		if (streq(file->subdir, "private") && is_ec_key(contents[i]))
		{
			conns = mguard_model_create_connection_enumerator(model);
			while (conns->enumerate(conns, &conn))
			{
				mc = &conn->mode_config;
				if (conn->initial_mode != MGUARD_MODE_DISABLED &&
					conn->version == 1 && conn->auth.local_key &&
					streq(conn->auth.local_key, file->source) &&
					(mc->mode == MGUARD_MC_SERVER ||
					 (mc->mode == MGUARD_MC_CLIENT && mc->xauth_login)))
				{
					snprintf(path, sizeof(path),
							 "connections.%s.authentication.local_key",
							 conn->key);
					report->add(report, MGUARD_ERROR, model->file, path,
								"an ECDSA key cannot be used with IKEv1 XAuth "
								"(strongSwan signs XAuth exchanges with RSA "
								"only); allowed: an RSA key, IKEv2, or no "
								"XAuth");
					ok = FALSE;
				}
			}
			conns->destroy(conns);
		}
		i++;
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * Stage the certificates and keys in the swanctl directory
 */
static bool place_files(stage_t *stage, const char *dir, linked_list_t *files,
						chunk_t *contents)
{
	enumerator_t *enumerator;
	translate_file_t *file;
	char path[PATH_MAX];
	bool ok = TRUE;
	int i = 0;

	if (!stage->make_dir(stage, dir, 0755))
	{
		return FALSE;
	}
	enumerator = files->create_enumerator(files);
	while (ok && enumerator->enumerate(enumerator, &file))
	{
		bool private = streq(file->subdir, "private");

		if (snprintf(path, sizeof(path), "%s/%s", dir, file->subdir) >=
															sizeof(path) ||
			!stage->make_dir(stage, path, private ? 0700 : 0755) ||
			snprintf(path, sizeof(path), "%s/%s/%s", dir, file->subdir,
					 file->name) >= sizeof(path) ||
			!stage->add(stage, path, contents[i], private ? 0600 : 0644))
		{
			ok = FALSE;
		}
		i++;
	}
	enumerator->destroy(enumerator);
	return ok;
}

/**
 * Remove certificates and keys an earlier run placed (mguard-*.pem) that
 * the model no longer names: a CA left in x509ca would stay trusted (so
 * would a temporary file there: swanctl loads every file in x509ca)
 */
static void remove_stale(const char *dir, linked_list_t *files)
{
	static const char *const subdirs[] = { "x509", "x509ca", "private" };
	enumerator_t *enumerator;
	translate_file_t *file;
	struct dirent *entry;
	hashtable_t *placed;
	char path[PATH_MAX], *key, *pem;
	DIR *d;
	u_int i;

	placed = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32);
	enumerator = files->create_enumerator(files);
	while (enumerator->enumerate(enumerator, &file))
	{
		if (asprintf(&key, "%s/%s", file->subdir, file->name) > 0)
		{
			free(placed->put(placed, key, key));
		}
	}
	enumerator->destroy(enumerator);

	for (i = 0; i < countof(subdirs); i++)
	{
		if (snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]) >=
															sizeof(path) ||
			!(d = opendir(path)))
		{
			continue;
		}
		while ((entry = readdir(d)))
		{
			/* mguard-NAME.pem, or a temporary file of a run that did not
			 * finish (mguard-NAME.pem.XXXXXX, .pem.old-PID-N) */
			pem = strstr(entry->d_name, ".pem");
			if (strncmp(entry->d_name, "mguard-", 7) != 0 || !pem ||
				(pem[4] != '\0' && pem[4] != '.'))
			{
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", subdirs[i], entry->d_name);
			if (pem[4] == '\0' && placed->get(placed, path))
			{
				continue;
			}
			if (snprintf(path, sizeof(path), "%s/%s/%s", dir, subdirs[i],
						 entry->d_name) < sizeof(path) &&
				unlink(path) != 0)
			{
				fprintf(stderr, "mguard-swanctl: cannot remove stale %s: %s\n",
						path, strerror(errno));
			}
		}
		closedir(d);
	}
	enumerator = placed->create_enumerator(placed);
	while (enumerator->enumerate(enumerator, &key, NULL))
	{
		free(key);
	}
	enumerator->destroy(enumerator);
	placed->destroy(placed);
}

int main(int argc, char *argv[])
{
	const char *model_file = MGUARD_DEFAULT_MODEL, *dir = DEFAULT_SWANCTL_DIR;
	const char *output = NULL;
	bool check = FALSE;
	mguard_report_t *report = NULL;
	mguard_model_t *model = NULL;
	linked_list_t *files = NULL;
	chunk_t conf = chunk_empty, *contents = NULL;
	stage_t *stage = NULL;
	char path[PATH_MAX];
	size_t len = 0;
	FILE *out;
	int status = 2, i, count = 0;
	struct option options[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "swanctl-dir", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while (TRUE)
	{
		switch (getopt_long(argc, argv, "m:d:o:ch", options, NULL))
		{
			case 'm':
				model_file = optarg;
				continue;
			case 'd':
				dir = optarg;
				continue;
			case 'o':
				output = optarg;
				continue;
			case 'c':
				check = TRUE;
				continue;
			case 'h':
				usage(stdout);
				return 0;
			case -1:
				break;
			default:
				usage(stderr);
				return 2;
		}
		break;
	}
	if (optind < argc)
	{
		fprintf(stderr, "mguard-swanctl: unexpected argument '%s'\n",
				argv[optind]);
		usage(stderr);
		return 2;
	}

	dbg = dbg_stderr;
	if (!library_init(NULL, "mguard-swanctl"))
	{
		fprintf(stderr, "mguard-swanctl: cannot initialize libstrongswan\n");
		library_deinit();
		return 2;
	}

	report = mguard_report_create();
	if (access(model_file, R_OK) != 0)
	{
		fprintf(stderr, "%s: cannot read the model file: %s\n", model_file,
				strerror(errno));
		goto out;
	}
	model = mguard_model_load(model_file, report);
	if (!model)
	{
		status = 1;
		goto out;
	}

	files = linked_list_create();
	out = open_memstream((char**)&conf.ptr, &len);
	if (!out)
	{
		fprintf(stderr, "mguard-swanctl: out of memory\n");
		goto out;
	}
	translate_model(model, out, files, report);
	fclose(out);
	conf.len = len;

	count = files->get_count(files);
	contents = calloc(count ?: 1, sizeof(chunk_t));
	if (!read_files(model, files, contents, report) ||
		!check_xauth_keys(model, files, contents, report))
	{
		status = 1;
		goto out;
	}
	if (check)
	{
		status = 0;
		goto out;
	}
	/* everything is staged (written and synced next to its target) and
	 * then renamed in place at once; any failure puts back what was there */
	stage = stage_create();
	if (count && !place_files(stage, dir, files, contents))
	{
		goto out;
	}
	if (output && streq(output, "-"))
	{
		if (!stage->commit(stage))
		{
			goto out;
		}
		if (fwrite(conf.ptr, 1, conf.len, stdout) != conf.len ||
			fflush(stdout) != 0)
		{
			fprintf(stderr, "mguard-swanctl: cannot write to stdout: %s\n",
					strerror(errno));
			stage->rollback(stage);
			goto out;
		}
	}
	else
	{
		if (!output)
		{
			snprintf(path, sizeof(path), "%s/conf.d", dir);
			if (!stage->make_dir(stage, path, 0755))
			{
				goto out;
			}
			snprintf(path, sizeof(path), "%s/conf.d/mguard.conf", dir);
			output = path;
		}
		/* the configuration last: it becomes visible after the files it
		 * names */
		if (!stage->add(stage, output, conf, 0600) ||
			!stage->commit(stage))
		{
			goto out;
		}
	}
	remove_stale(dir, files);
	status = 0;

out:
	DESTROY_IF(stage);
	if (report)
	{
		report->print(report, stderr);
		report->destroy(report);
	}
	for (i = 0; contents && i < count; i++)
	{
		chunk_clear(&contents[i]);
	}
	free(contents);
	DESTROY_FUNCTION_IF(files, (void*)translate_file_destroy);
	chunk_clear(&conf);
	mguard_model_destroy(model);
	library_deinit();
	return status;
}
