/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_license_listener mguard_license_listener
 * @{ @ingroup mguard_license
 */

#ifndef MGUARD_LICENSE_LISTENER_H_
#define MGUARD_LICENSE_LISTENER_H_

#include "mguard_license_count.h"

#include <bus/listeners/listener.h>

typedef struct mguard_license_listener_t mguard_license_listener_t;

/**
 * Applies the VPN license to IKE_SAs: admits or refuses each peer during
 * authentication and follows its IKE_SAs through rekeying,
 * reauthentication and deletion.
 */
struct mguard_license_listener_t {

	/**
	 * Implements listener_t interface.
	 */
	listener_t listener;

	/**
	 * Destroy a mguard_license_listener_t.
	 */
	void (*destroy)(mguard_license_listener_t *this);
};

/**
 * Create a mguard_license_listener instance.
 *
 * @param counter		peer counter to apply (not owned)
 * @return				listener
 */
mguard_license_listener_t *mguard_license_listener_create(
		mguard_license_counter_t *counter);

#endif /** MGUARD_LICENSE_LISTENER_H_ @}*/
