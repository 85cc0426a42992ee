/*
 * Benchmark driver for bench/model_load.sh: reads one model file and prints
 * how long each reading takes, best of N runs, one line per reader:
 *
 *   read      read(2) of every byte (the floor)
 *   settings  libstrongswan 5.9.8's settings_parser_parse_file() (the
 *             parser MODEL.md's syntax comes from; re-sorts on insertion)
 *   conf      common/'s settings reader, mguard_conf_parse_file()
 *   model     mguard_model_load(): the reader, types, defaults, validation
 *
 * Usage: bench_model_load FILE [RUNS [READER]]
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <settings/settings_types.h>

#include <mguard_conf.h>
#include <mguard_model.h>

/* exported by libstrongswan, declared only inside settings.c */
bool settings_parser_parse_file(section_t *root, char *name);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool run_read(const char *file)
{
	char buf[65536];
	ssize_t len;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0)
	{
		return FALSE;
	}
	while ((len = read(fd, buf, sizeof(buf))) > 0)
	{
	}
	close(fd);
	return len == 0;
}

static bool run_settings(const char *file)
{
	section_t *root = settings_section_create(NULL);
	bool ok;

	ok = settings_parser_parse_file(root, (char*)file);
	settings_section_destroy(root, NULL);
	return ok;
}

static bool run_conf(const char *file)
{
	mguard_report_t *report = mguard_report_create();
	mguard_conf_t *conf;

	conf = mguard_conf_parse_file(file, report, NULL);
	DESTROY_IF(conf);
	report->destroy(report);
	return conf != NULL;
}

static bool run_model(const char *file)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;

	model = mguard_model_load(file, report);
	mguard_model_destroy(model);
	report->destroy(report);
	return model != NULL;
}

int main(int argc, char *argv[])
{
	struct {
		const char *name;
		bool (*run)(const char *file);
	} readers[] = {
		{ "read", run_read },
		{ "settings", run_settings },
		{ "conf", run_conf },
		{ "model", run_model },
	};
	double start, took, best;
	int runs, i, r;

	if (argc < 2)
	{
		fprintf(stderr, "usage: %s FILE [RUNS [READER]]\n", argv[0]);
		return 2;
	}
	runs = argc > 2 ? atoi(argv[2]) : 3;
	dbg_default_set_level(-1);
	if (!library_init(NULL, "bench-model-load"))
	{
		return 2;
	}
	for (i = 0; i < (int)countof(readers); i++)
	{
		if (argc > 3 && !streq(argv[3], readers[i].name))
		{
			continue;
		}
		best = -1;
		for (r = 0; r < runs; r++)
		{
			start = now();
			if (!readers[i].run(argv[1]))
			{
				fprintf(stderr, "%s: %s failed\n", argv[1], readers[i].name);
				library_deinit();
				return 1;
			}
			took = now() - start;
			if (best < 0 || took < best)
			{
				best = took;
			}
		}
		printf("%s %.4f\n", readers[i].name, best);
	}
	library_deinit();
	return 0;
}
