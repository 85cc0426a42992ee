/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup license_counter license_counter
 * @{ @ingroup mguard_license
 */

#ifndef LICENSE_COUNTER_H_
#define LICENSE_COUNTER_H_

#include <mguard_license_counter.h>

/**
 * Create a license counter.
 *
 * @param limit			peers allowed, 0 = unlimited
 * @return				counter
 */
license_counter_t *license_counter_create(u_int limit);

#endif /** LICENSE_COUNTER_H_ @}*/
