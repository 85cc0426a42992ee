/*
 * Input handling shared by the fuzz targets that read a model file's text.
 */

#ifndef FUZZ_MODEL_INPUT_H_
#define FUZZ_MODEL_INPUT_H_

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** larger inputs only slow the fuzzer down */
#define MAX_MODEL_INPUT (64 * 1024)

/**
 * The fuzzer's bytes as a model text (NUL-terminated, to be freed), or NULL
 * for inputs not worth running: too large, or with include statements,
 * which would read the fuzzing machine's files.
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
	if (strstr(text, "include"))
	{
		free(text);
		return NULL;
	}
	return text;
}

#endif /* FUZZ_MODEL_INPUT_H_ */
