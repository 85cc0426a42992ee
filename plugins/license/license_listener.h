/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup license_listener license_listener
 * @{ @ingroup mguard_license
 */

#ifndef LICENSE_LISTENER_H_
#define LICENSE_LISTENER_H_

#include "license_counter.h"

#include <bus/listeners/listener.h>

typedef struct license_listener_t license_listener_t;

/**
 * Applies the VPN license to IKE_SAs: admits or refuses each peer during
 * authentication and follows its IKE_SAs through rekeying,
 * reauthentication and deletion.
 */
struct license_listener_t {

	/**
	 * Implements listener_t interface.
	 */
	listener_t listener;

	/**
	 * Destroy a license_listener_t.
	 */
	void (*destroy)(license_listener_t *this);
};

/**
 * Create a license_listener instance.
 *
 * @param counter		peer counter to apply (not owned)
 * @return				listener
 */
license_listener_t *license_listener_create(license_counter_t *counter);

#endif /** LICENSE_LISTENER_H_ @}*/
