/*
 * Input handling shared by the fuzz targets that read a model file's text.
 */

#ifndef FUZZ_MODEL_INPUT_H_
#define FUZZ_MODEL_INPUT_H_

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/** larger inputs only slow the fuzzer down */
#define MAX_MODEL_INPUT (64 * 1024)

/**
 * The fuzzer's bytes as a model text (NUL-terminated, to be freed), or NULL
 * for inputs that are too large. Inputs with `include` are run: relative
 * patterns resolve in the sandbox of fuzz_model_sandbox().
 */
static inline char *fuzz_model_text(const uint8_t *data, size_t size)
{
	char *text;

	if (size > MAX_MODEL_INPUT)
	{
		return NULL;
	}
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/** the sandbox directory, removed at exit and before a reported crash */
static char fuzz_sandbox_dir[64];

/** the working directory libFuzzer runs in (artifacts go there) */
static int fuzz_sandbox_home = -1;

static void fuzz_sandbox_remove(void)
{
	char cmd[128];

	if (fuzz_sandbox_dir[0])
	{
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_sandbox_dir);
		if (system(cmd) != 0)
		{
			fprintf(stderr, "cannot remove %s\n", fuzz_sandbox_dir);
		}
		fuzz_sandbox_dir[0] = '\0';
	}
}

/**
 * abort() for a failed check: the sandbox goes first (libFuzzer leaves
 * with _Exit() after a crash, atexit() handlers do not run)
 */
static inline void fuzz_abort(void)
{
	fuzz_sandbox_remove();
	abort();
}

/** called by the sanitizers before they report an error and exit */
void __sanitizer_set_death_callback(void (*callback)(void));

static inline void fuzz_sandbox_file(const char *name, const char *content)
{
	FILE *f = fopen(name, "w");

	if (!f)
	{
		abort();
	}
	fputs(content, f);
	fclose(f);
}

/**
 * Run in the sandbox (relative include patterns resolve there) ...
 */
static inline void fuzz_sandbox_enter(void)
{
	if (chdir(fuzz_sandbox_dir) != 0)
	{
		fuzz_abort();
	}
}

/**
 * ... and back where libFuzzer writes its artifacts
 */
static inline void fuzz_sandbox_leave(void)
{
	if (fchdir(fuzz_sandbox_home) != 0)
	{
		fuzz_abort();
	}
}

/**
 * Remove sandboxes of earlier runs that died (a timeout, a signal): the
 * directory name carries the process ID
 */
static inline void fuzz_sandbox_clean(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "for d in /tmp/fuzz-model-*; do "
			 "p=${d#/tmp/fuzz-model-}; p=${p%%%%-*}; "
			 "[ -d \"$d\" ] && ! kill -0 \"$p\" 2>/dev/null && rm -rf \"$d\"; "
			 "done; true");
	if (system(cmd) != 0)
	{
		fprintf(stderr, "cannot clean old sandboxes\n");
	}
}

/**
 * Make a temporary directory for fuzz_sandbox_enter(), with files for the
 * include guards to meet: a model fragment, a self-including file, two
 * files including each other, a FIFO, a file over the size cap, a
 * directory and a conf.d/ of two files. The seed corpora name them.
 */
static inline void fuzz_model_sandbox(void)
{
	int fd;

	fuzz_sandbox_clean();
	snprintf(fuzz_sandbox_dir, sizeof(fuzz_sandbox_dir),
			 "/tmp/fuzz-model-%d-XXXXXX", getpid());
	fuzz_sandbox_home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fuzz_sandbox_home < 0 || !mkdtemp(fuzz_sandbox_dir) ||
		chdir(fuzz_sandbox_dir) != 0)
	{
		abort();
	}
	atexit(fuzz_sandbox_remove);
	__sanitizer_set_death_callback(fuzz_sandbox_remove);
	fuzz_sandbox_file("conn.conf", "c1 {\n gateway = 192.0.2.1\n"
		" authentication {\n method = psk\n psk = secret-one\n }\n"
		" tunnels { t1 { local = 10.1.0.0/24\n remote = 10.2.0.0/24\n } }\n"
		"}\n");
	fuzz_sandbox_file("self.conf", "a = 1\ninclude self.conf\n");
	fuzz_sandbox_file("ping.conf", "include pong.conf\n");
	fuzz_sandbox_file("pong.conf", "include ping.conf\n");
	if (mkfifo("fifo.conf", 0600) != 0 || mkdir("dir.conf", 0700) != 0 ||
		mkdir("conf.d", 0700) != 0)
	{
		abort();
	}
	fuzz_sandbox_file("conf.d/a.conf", "global { license { peers = 2 } }\n");
	fuzz_sandbox_file("conf.d/b.conf", "xauth { pam = no }\n");
	fd = open("big.conf", O_WRONLY | O_CREAT, 0600);
	if (fd < 0 || ftruncate(fd, 64 * 1024 * 1024 + 1) != 0)
	{
		abort();
	}
	close(fd);
	fuzz_sandbox_leave();
}

#endif /* FUZZ_MODEL_INPUT_H_ */
