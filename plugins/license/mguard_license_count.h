/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_license_count mguard_license_count
 * @{ @ingroup mguard_license
 */

#ifndef MGUARD_LICENSE_COUNT_H_
#define MGUARD_LICENSE_COUNT_H_

#include <mguard_license_counter.h>

/**
 * Create a license counter.
 *
 * @param limit			peers allowed, 0 = unlimited
 * @return				counter
 */
mguard_license_counter_t *mguard_license_counter_create(u_int limit);

#endif /** MGUARD_LICENSE_COUNT_H_ @}*/
