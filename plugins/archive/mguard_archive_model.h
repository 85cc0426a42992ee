/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup mguard_archive_model mguard_archive_model
 * @{ @ingroup mguard_archive_p
 *
 * global.archive of the model, through the shared model store.
 */

#ifndef MGUARD_ARCHIVE_MODEL_H_
#define MGUARD_ARCHIVE_MODEL_H_

#include <library.h>

/**
 * The archive settings of a model.
 */
typedef struct {
	bool enabled;
	bool only_on_failure;
	/** allocated */
	char *dir;
	uint64_t max_size;
} mguard_archive_model_t;

/**
 * Read global.archive of a model file; a missing file means defaults
 * (disabled).
 *
 * @param path		model file
 * @param out		receives the settings (free out->dir)
 * @return			FALSE if the model is invalid (logged)
 */
bool mguard_archive_model_read(const char *path, mguard_archive_model_t *out);

#endif /** MGUARD_ARCHIVE_MODEL_H_ @}*/
