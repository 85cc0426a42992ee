/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup translate translate
 * @{ @ingroup mguard_swanctl
 *
 * Turns a validated model into swanctl configuration text.
 */

#ifndef TRANSLATE_H_
#define TRANSLATE_H_

#include <stdio.h>

#include <mguard_model.h>

typedef struct translate_file_t translate_file_t;

/**
 * A file the model names that must be placed in the swanctl directory.
 */
struct translate_file_t {
	/** source file (as resolved from the model) */
	char *source;
	/** subdirectory of the swanctl directory: x509, x509ca or private */
	const char *subdir;
	/** file name inside subdir */
	char *name;
	/** model path naming the file (the first one), for messages */
	char *path;
	/** lookup key, "subdir:source" */
	char *key;
};

/**
 * Write the swanctl configuration for a model.
 *
 * Interface addresses for gateway %any are looked up with getifaddrs(); a
 * missing interface leaves local_addrs at %any with a warning.
 *
 * @param model		validated model
 * @param out		stream to write to
 * @param files		list to add translate_file_t to (certificates, keys)
 * @param report	collects warnings about what swanctl cannot express
 */
void translate_model(mguard_model_t *model, FILE *out, linked_list_t *files,
					 mguard_report_t *report);

/**
 * Destroy a translate_file_t.
 *
 * @param file		file to destroy
 */
void translate_file_destroy(translate_file_t *file);

#endif /** TRANSLATE_H_ @}*/
