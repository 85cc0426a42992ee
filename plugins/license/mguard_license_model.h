/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_license_model mguard_license_model
 * @{ @ingroup mguard_license
 */

#ifndef MGUARD_LICENSE_MODEL_H_
#define MGUARD_LICENSE_MODEL_H_

#include <library.h>

/**
 * Read global.license.peers from a model file.
 *
 * A missing model file means the mGuard default (0, unlimited). Errors are
 * logged with the file and key.
 *
 * @param path		model file
 * @param peers		receives the number of peers allowed, 0 = unlimited
 * @return			FALSE if the model could not be read or is invalid
 */
bool mguard_license_model_peers(const char *path, u_int *peers);

#endif /** MGUARD_LICENSE_MODEL_H_ @}*/
