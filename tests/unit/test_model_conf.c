/*
 * Unit tests of the settings reader (common/mguard_conf*.c): the grammar
 * of libstrongswan 5.9.8's settings parser, every duplicate case, and the
 * include guards (loops, FIFOs, sizes, depth); and that the model loader
 * refuses duplicates through it (defects 3, 7 and 10 of issue 8).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#include <library.h>

#include <mguard_conf.h>
#include <mguard_model.h>

/** directory for the files of one test */
static char dir[64];

static int group_setup(void **state)
{
	return library_init(NULL, "test-conf") ? 0 : -1;
}

static int group_teardown(void **state)
{
	library_deinit();
	return 0;
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/test-conf-XXXXXX");
	if (!mkdtemp(dir))
	{
		return -1;
	}
	/* a test that blocks (FIFO include on the old code) fails, not hangs */
	alarm(10);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	alarm(0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/**
 * Path of a file in the test directory (static buffer, rotating)
 */
static const char *path(const char *name)
{
	static char bufs[4][256];
	static int i;
	char *buf = bufs[i++ % 4];

	snprintf(buf, 256, "%s/%s", dir, name);
	return buf;
}

static void write_file(const char *name, const char *content)
{
	FILE *f = fopen(path(name), "w");

	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

/**
 * Append a dump of a section to buf: :ref{key=value;key=~;sub{...}}
 * (keys first, then sections, both in file order; ~ for an empty value)
 */
static void dump_section(mguard_conf_t *conf, const char *sec, char *buf,
						 size_t len)
{
	enumerator_t *enumerator;
	char sub[512], *key, *value, *ref;

	enumerator = conf->create_reference_enumerator(conf, sec);
	while (enumerator->enumerate(enumerator, &ref))
	{
		snprintf(buf + strlen(buf), len - strlen(buf), ":%s", ref);
	}
	enumerator->destroy(enumerator);
	if (*sec)
	{
		snprintf(buf + strlen(buf), len - strlen(buf), "{");
	}
	enumerator = conf->create_key_value_enumerator(conf, sec);
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		snprintf(buf + strlen(buf), len - strlen(buf), "%s=%s;", key,
				 value ?: "~");
	}
	enumerator->destroy(enumerator);
	enumerator = conf->create_section_enumerator(conf, sec);
	while (enumerator->enumerate(enumerator, &key))
	{
		snprintf(sub, sizeof(sub), "%s%s%s", sec, *sec ? "." : "", key);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", key);
		dump_section(conf, sub, buf, len);
	}
	enumerator->destroy(enumerator);
	if (*sec)
	{
		snprintf(buf + strlen(buf), len - strlen(buf), "}");
	}
}

/**
 * Parse text, return the dump (static) or NULL on a fatal error; the
 * report in *out or destroyed
 */
static char *parse(const char *text, mguard_report_t **out)
{
	static char buf[4096];
	mguard_report_t *report = mguard_report_create();
	mguard_conf_t *conf;

	buf[0] = '\0';
	conf = mguard_conf_parse_string(text, "t.conf", report);
	if (conf)
	{
		dump_section(conf, "", buf, sizeof(buf));
		conf->destroy(conf);
	}
	if (getenv("TEST_VERBOSE"))
	{
		report->print(report, stderr);
	}
	if (out)
	{
		*out = report;
	}
	else
	{
		report->destroy(report);
	}
	return conf ? buf : NULL;
}

/**
 * Assert that text parses without errors into the dump expected
 */
static void assert_tree(const char *text, const char *expected)
{
	mguard_report_t *report;
	char *tree;

	tree = parse(text, &report);
	if (!tree || report->get_errors(report))
	{
		report->print(report, stderr);
	}
	assert_non_null(tree);
	assert_int_equal(report->get_errors(report), 0);
	assert_string_equal(tree, expected);
	report->destroy(report);
}

/**
 * Assert that text is refused (fatal or not) with a line containing msg
 */
static void assert_refused(const char *text, const char *msg)
{
	mguard_report_t *report;

	parse(text, &report);
	if (!report->contains(report, msg))
	{
		report->print(report, stderr);
		fprintf(stderr, "expected: %s\n", msg);
	}
	assert_true(report->get_errors(report) > 0);
	assert_true(report->contains(report, msg));
	report->destroy(report);
}

/**
 * Load a model file, assert that it is refused with a line containing msg
 */
static void assert_model_refused(const char *file, const char *msg)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;

	model = mguard_model_load(file, report);
	if (model || !report->contains(report, msg))
	{
		report->print(report, stderr);
		fprintf(stderr, "expected: %s\n", msg);
	}
	assert_null(model);
	assert_true(report->contains(report, msg));
	report->destroy(report);
}

static void test_grammar(void **state)
{
	assert_tree("", "");
	assert_tree("# only a comment", "");
	assert_tree("a = 1\nb = two words\n", "a=1;b=two words;");
	/* a value runs to the end of the line, a '#' or a '}' */
	assert_tree("a = 1 b = 2\n", "a=1 b = 2;");
	assert_tree("a = x # comment\ns { k = v }\n", "a=x;s{k=v;}");
	/* blanks between parts become one space, \r separates too */
	assert_tree("a =   x \t  y\r z\n", "a=x y z;");
	/* empty values */
	assert_tree("a =\nb = \"\"\nc = # nothing\n", "a=~;b=;c=~;");
	/* quoted strings: escapes, continuation, parts joined by a space */
	assert_tree("a = \"x\\ty\\\"z\\\\\"\n", "a=x\ty\"z\\;");
	assert_tree("a = \"one\\\n two\"\n", "a=one two;");
	assert_tree("a = \"l1\nl2\" tail\n", "a=l1\nl2 tail;");
	assert_tree("a = x\"y\"z\n", "a=x y z;");
	assert_tree("a = \"#}\"\n", "a=#};");
	/* names and sections across lines, order kept */
	assert_tree("z\n{\n}\na\n= 1\n", "a=1;z{}");
	assert_tree("s { b = 2\n a = 1\n t { } c { } }\n", "s{b=2;a=1;t{}c{}}");
	/* section references */
	assert_tree("s : x.y, z {\n}\n", "s:x.y:z{}");
	/* `include` followed by '=' is a key */
	assert_tree("include = 1\n", "include=1;");
	assert_tree("include=1\n", "include=1;");
	/* comments (found by fuzz_conf_diff): after blanks a comment ends
	 * before a '\r', at the start of a token it runs through the newline */
	assert_tree("x  #c\r= 1\n", "x=1;");
	assert_tree("#c\ry = 1\n", "");
	assert_tree("#c\ry = 1", "y=1;");
	/* a reference is kept once, as settings_reference_add() does */
	assert_tree("s : a, a, b { }\n", "s:a:b{}");
	/* value characters */
	assert_tree("a = {x=:,.\n", "a={x=:,.;");
}

static void test_syntax_errors(void **state)
{
	assert_refused("a {\n b = 1\n", "t.conf: syntax error, unexpected end "
				   "of file, '}' of section 'a' missing");
	assert_refused("a = 1\n}\n", "t.conf: syntax error, unexpected '}' "
				   "(line 2)");
	assert_refused("a.b = 1\n", "t.conf: syntax error, unexpected '.'");
	assert_refused("a = \"open\n", "unterminated string");
	assert_refused("\"a\" = 1\n", "unexpected string");
	assert_refused("a b\n", "t.conf: syntax error, unexpected name");
	assert_refused("a : {\n}\n", "syntax error");
	assert_refused("a : b, {\n}\n", "syntax error");
	assert_refused("a\n", "syntax error, unexpected end of file");
	assert_refused("= 1\n", "syntax error, unexpected '='");
}

static void test_nesting_bound(void **state)
{
	char text[2 * (MGUARD_CONF_MAX_NESTING + 2) + 1];
	int i;

	for (i = 0; i < MGUARD_CONF_MAX_NESTING + 1; i++)
	{
		text[2 * i] = 'a';
		text[2 * i + 1] = '{';
	}
	text[2 * i] = '\0';
	assert_refused(text, "sections nested deeper than 64");
}

static void test_duplicates(void **state)
{
	mguard_report_t *report;

	/* a key twice, in one block */
	assert_refused("a = 1\nb = 2\na = 3\n", "t.conf: a: defined more than "
				   "once; allowed: each key once per table and each key or "
				   "section once per section (line 3, first as a key at "
				   "line 1)");
	/* a section twice */
	assert_refused("s { }\ns { }\n", "t.conf: s: defined more than once");
	/* a key and a section of the same name */
	assert_refused("s = 1\ns { }\n", "t.conf: s: defined more than once");
	assert_refused("s { }\ns = 1\n", "first as a section at line 1");
	/* deeper, in two blocks of the same parent */
	assert_refused("c { x { } }\nc { x { } }\n",
				   "t.conf: c: defined more than once");
	/* the same name in different sections is fine */
	assert_tree("a { k = 1 }\nb { k = 2 }\n", "a{k=1;}b{k=2;}");

	/* issue 8 defect 3: both duplicates with their own paths, nothing else */
	parse("global {}\nglobal { archive {} archive {} }\n", &report);
	assert_true(report->contains(report, "t.conf: global: defined more than "
								 "once"));
	assert_true(report->contains(report, "t.conf: global.archive: defined "
								 "more than once"));
	assert_false(report->contains(report, "connections"));
	assert_int_equal(report->get_errors(report), 2);
	report->destroy(report);
}

static void test_model_duplicates(void **state)
{
	mguard_report_t *report = mguard_report_create();
	mguard_model_t *model;

	/* issue 8 defect 3, through the model loader */
	model = mguard_model_load_string("global {}\nglobal { archive {} "
									 "archive {} }\n", "m.conf", report);
	assert_null(model);
	assert_true(report->contains(report, "m.conf: global.archive: defined "
								 "more than once"));
	assert_false(report->contains(report, "connections"));
	report->destroy(report);

	/* issue 8 defect 7: one connection key in two connections blocks */
	report = mguard_report_create();
	model = mguard_model_load_string(
		"connections {\n c1 {\n gateway = 192.0.2.1\n"
		" authentication {\n method = psk\n psk = secret-one\n }\n"
		" tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n } }\n"
		" }\n}\n"
		"connections {\n c1 {\n gateway = 192.0.2.2\n }\n}\n",
		"m.conf", report);
	assert_null(model);
	assert_true(report->contains(report, "m.conf: connections: defined more "
								 "than once"));
	report->destroy(report);
}

static void test_include(void **state)
{
	mguard_report_t *report = mguard_report_create();
	mguard_conf_t *conf;
	enumerator_t *enumerator;
	char text[512], *name, *value;
	int line;

	mkdir(path("conf.d"), 0700);
	write_file("conf.d/b.conf", "b1 { }\n");
	write_file("conf.d/a.conf", "a1 { k = v }\n");
	write_file("conf.d/skip.txt", "skip { }\n");
	write_file("main.conf", "connections {\n include conf.d/*.conf\n"
			   " last { }\n}\nafter = 1\n");
	conf = mguard_conf_parse_file(path("main.conf"), report, NULL);
	report->print(report, stderr);
	assert_non_null(conf);
	text[0] = '\0';
	enumerator = conf->create_section_enumerator(conf, "connections");
	while (enumerator->enumerate(enumerator, &name))
	{
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s,",
				 name);
	}
	enumerator->destroy(enumerator);
	/* glob order, included where the statement stands */
	assert_string_equal(text, "a1,b1,last,");
	enumerator = conf->create_key_value_enumerator(conf, "connections.a1");
	assert_true(enumerator->enumerate(enumerator, &name, &value));
	assert_string_equal(value, "v");
	enumerator->destroy(enumerator);
	/* locations name the included file */
	assert_string_equal(conf->get_location(conf, "connections.b1", &line),
						path("conf.d/b.conf"));
	assert_int_equal(line, 1);
	assert_string_equal(conf->get_location(conf, "after", &line),
						path("main.conf"));
	assert_int_equal(line, 5);
	conf->destroy(conf);
	report->destroy(report);

	/* a pattern without a match includes nothing, as in libstrongswan */
	write_file("none.conf", "include nothing-*.conf\na = 1\n");
	report = mguard_report_create();
	conf = mguard_conf_parse_file(path("none.conf"), report, NULL);
	assert_non_null(conf);
	assert_int_equal(report->get_errors(report), 0);
	conf->destroy(conf);
	report->destroy(report);

	/* quoted and escaped patterns */
	write_file("sp ace.conf", "s { }\n");
	write_file("q.conf", "include \"sp ace.conf\"\n");
	write_file("e.conf", "include sp\\ ace.conf\n");
	report = mguard_report_create();
	conf = mguard_conf_parse_file(path("q.conf"), report, NULL);
	assert_non_null(conf);
	assert_true(conf->has_section(conf, "s"));
	conf->destroy(conf);
	conf = mguard_conf_parse_file(path("e.conf"), report, NULL);
	assert_non_null(conf);
	assert_true(conf->has_section(conf, "s"));
	conf->destroy(conf);
	report->destroy(report);
}

static void test_include_duplicates(void **state)
{
	/* the same connection key in two included files */
	write_file("one.conf", "connections {\n c1 {\n gateway = 192.0.2.1\n"
			   " }\n}\n");
	write_file("two.conf", "connections {\n c1 {\n gateway = 192.0.2.2\n"
			   " }\n}\n");
	write_file("main.conf", "include one.conf\ninclude two.conf\n");
	assert_model_refused(path("main.conf"), "two.conf: connections: defined "
						 "more than once; allowed: each key once per table "
						 "and each key or section once per section (line 1, "
						 "first as a section at ");
	/* in one connections block, two files with the same key */
	write_file("c1.conf", "c1 {\n gateway = 192.0.2.1\n}\n");
	write_file("c2.conf", "c1 {\n gateway = 192.0.2.2\n}\n");
	write_file("main2.conf", "connections {\n include c1.conf\n"
			   " include c2.conf\n}\n");
	assert_model_refused(path("main2.conf"), "c2.conf: connections.c1: "
						 "defined more than once");
}

static void test_include_errors_name_file(void **state)
{
	/* an error about a key names the included file it is in */
	write_file("conn.conf", "c1 {\n colour = blue\n}\n");
	write_file("main.conf", "connections {\n include conn.conf\n}\n");
	assert_model_refused(path("main.conf"), "conn.conf: "
						 "connections.c1.colour: unknown key");
	/* and one about a value */
	write_file("conn.conf", "c1 {\n startup = later\n}\n");
	assert_model_refused(path("main.conf"), "conn.conf: "
						 "connections.c1.startup: invalid value 'later'");
}

static void test_include_loop(void **state)
{
	/* issue 8 defect 10: a self-include opened the file until EMFILE */
	write_file("self.conf", "a = 1\ninclude self.conf\n");
	assert_model_refused(path("self.conf"), "self.conf: include '");
	assert_model_refused(path("self.conf"), "self.conf' refused: it includes "
						 "itself");
	write_file("a.conf", "include b.conf\n");
	write_file("b.conf", "x = 1\ninclude a.conf\n");
	assert_model_refused(path("a.conf"), "b.conf: include '");
	assert_model_refused(path("a.conf"), "a.conf' refused: it includes "
						 "itself (through '");
	assert_model_refused(path("a.conf"), "(line 2)");
}

static void test_include_fifo(void **state)
{
	/* issue 8 defect 10: a FIFO include blocked forever */
	assert_int_equal(mkfifo(path("fifo.conf"), 0600), 0);
	write_file("main.conf", "include fifo.conf\n");
	assert_model_refused(path("main.conf"), "main.conf: cannot read '");
	assert_model_refused(path("main.conf"), "fifo.conf': not a regular file "
						 "(FIFOs, devices and directories are refused) "
						 "(line 1)");
	/* devices and directories */
	write_file("dev.conf", "include /dev/null\n");
	assert_model_refused(path("dev.conf"), "'/dev/null': not a regular file");
	mkdir(path("sub"), 0700);
	write_file("dir.conf", "include sub\n");
	assert_model_refused(path("dir.conf"), "sub': not a regular file");
}

static void test_include_size(void **state)
{
	int fd;

	/* issue 8 defect 10: the size cap applied only to the model itself */
	fd = open(path("big.conf"), O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, MGUARD_CONF_MAX_FILE_SIZE + 1), 0);
	close(fd);
	write_file("main.conf", "a = 1\ninclude big.conf\n");
	assert_model_refused(path("main.conf"), "big.conf': larger than "
						 "67108864 bytes (line 2)");
}

static void test_include_bounds(void **state)
{
	char name[32], content[64];
	int i;

	/* a chain deeper than the bound */
	for (i = 0; i <= MGUARD_CONF_MAX_INCLUDE_DEPTH; i++)
	{
		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(content, sizeof(content), "k%d = 1\ninclude d%d.conf\n", i,
				 i + 1);
		write_file(name, content);
	}
	assert_model_refused(path("d0.conf"), "refused: includes nested deeper "
						 "than 16 files");
	/* a pattern that walks too many directory entries */
	mkdir(path("many"), 0700);
	for (i = 0; i < MGUARD_CONF_MAX_GLOB_ENTRIES; i++)
	{
		snprintf(name, sizeof(name), "many/%d", i);
		close(open(path(name), O_WRONLY | O_CREAT, 0600));
	}
	write_file("wide.conf", "include many/*.conf\n");
	assert_model_refused(path("wide.conf"), "many/*.conf' refused: it reads "
						 "more than 10000 directory entries");
	/* an include without a pattern */
	write_file("empty.conf", "include \n");
	assert_model_refused(path("empty.conf"), "include without a file "
						 "pattern");
}

/**
 * Set a file's times 10 s back (written long before it is read)
 */
static void age(const char *name)
{
	struct timespec times[2];

	clock_gettime(CLOCK_REALTIME, &times[0]);
	times[0].tv_sec -= 10;
	times[1] = times[0];
	assert_int_equal(utimensat(AT_FDCWD, path(name), times, 0), 0);
}

static void test_sources(void **state)
{
	mguard_report_t *report = mguard_report_create();
	mguard_conf_sources_t *sources;
	mguard_conf_t *conf;

	mkdir(path("conf.d"), 0700);
	write_file("conf.d/a.conf", "a { }\n");
	write_file("main.conf", "include conf.d/*.conf\n");
	/* just written: may change within the same timestamp */
	conf = mguard_conf_parse_file(path("main.conf"), report, &sources);
	conf->destroy(conf);
	assert_false(sources->is_current(sources));
	sources->destroy(sources);
	age("conf.d/a.conf");
	age("main.conf");
	conf = mguard_conf_parse_file(path("main.conf"), report, &sources);
	assert_non_null(conf);
	conf->destroy(conf);
	assert_int_equal(sources->get_count(sources), 2);
	assert_true(sources->is_current(sources));
	/* a new match of a pattern */
	write_file("conf.d/b.conf", "b { }\n");
	assert_false(sources->is_current(sources));
	sources->destroy(sources);

	age("conf.d/b.conf");
	conf = mguard_conf_parse_file(path("main.conf"), report, &sources);
	conf->destroy(conf);
	assert_true(sources->is_current(sources));
	/* a changed file */
	write_file("conf.d/a.conf", "a { x = 1 }\n");
	assert_false(sources->is_current(sources));
	sources->destroy(sources);
	report->destroy(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nesting_bound),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_model_duplicates),
		cmocka_unit_test_setup_teardown(test_include, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_duplicates, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_include_errors_name_file, setup,
										teardown),
		cmocka_unit_test_setup_teardown(test_include_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
