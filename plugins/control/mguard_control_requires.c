/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "mguard_control_requires.h"

#include <daemon.h>

/* where Debian ships what the hints name */
#define PKG_STANDARD "libstrongswan-standard-plugins"
#define PKG_EXTRA "libcharon-extra-plugins"
#define PKG_SWANCTL "strongswan-swanctl"

typedef struct private_mguard_control_requires_t private_mguard_control_requires_t;

struct private_mguard_control_requires_t {

	/**
	 * Public interface
	 */
	mguard_control_requires_t public;
};

/**
 * Does a loaded plugin provide this encryption algorithm (AEAD or not)?
 */
static bool have_encryption(encryption_algorithm_t alg)
{
	enumerator_t *enumerator;
	encryption_algorithm_t have;
	const char *plugin;
	bool found = FALSE;

	enumerator = encryption_algorithm_is_aead(alg)
				? lib->crypto->create_aead_enumerator(lib->crypto)
				: lib->crypto->create_crypter_enumerator(lib->crypto);
	while (!found && enumerator->enumerate(enumerator, &have, &plugin))
	{
		found = have == alg;
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Does a loaded plugin provide this integrity algorithm?
 */
static bool have_integrity(integrity_algorithm_t alg)
{
	enumerator_t *enumerator;
	integrity_algorithm_t have;
	const char *plugin;
	bool found = FALSE;

	enumerator = lib->crypto->create_signer_enumerator(lib->crypto);
	while (!found && enumerator->enumerate(enumerator, &have, &plugin))
	{
		found = have == alg;
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Say why a CHILD_SA could not be installed, where we can tell
 */
static void explain_install_failure(child_sa_t *child_sa)
{
	proposal_t *proposal = child_sa->get_proposal(child_sa);
	uint16_t alg, ks;
	bool missing = FALSE;

	if (!lib->get(lib, "kernel-libipsec-tun"))
	{
		/* the kernel refused it; without ESP in the kernel (CONFIG_INET_ESP)
		 * only the userspace data path can carry the tunnel */
		DBG1(DBG_CHD, "mguard-control: the kernel did not install CHILD_SA "
			 "%s{%u}; if it lacks ESP support, load strongSwan's "
			 "kernel-libipsec plugin (Debian package " PKG_EXTRA ")",
			 child_sa->get_name(child_sa), child_sa->get_unique_id(child_sa));
		return;
	}
	if (!proposal)
	{
		return;
	}
	/* kernel-libipsec encrypts with charon's own crypto plugins */
	if (proposal->get_algorithm(proposal, ENCRYPTION_ALGORITHM, &alg, &ks) &&
		!have_encryption(alg))
	{
		DBG1(DBG_CHD, "mguard-control: CHILD_SA %s{%u} not installed: no "
			 "loaded strongSwan plugin provides %N for kernel-libipsec; load "
			 "the openssl or gcm plugin (Debian package " PKG_STANDARD ")",
			 child_sa->get_name(child_sa), child_sa->get_unique_id(child_sa),
			 encryption_algorithm_names, alg);
		missing = TRUE;
	}
	if (proposal->get_algorithm(proposal, INTEGRITY_ALGORITHM, &alg, &ks) &&
		alg != AUTH_UNDEFINED && !have_integrity(alg))
	{
		DBG1(DBG_CHD, "mguard-control: CHILD_SA %s{%u} not installed: no "
			 "loaded strongSwan plugin provides %N for kernel-libipsec; load "
			 "the openssl plugin (Debian package " PKG_STANDARD ")",
			 child_sa->get_name(child_sa), child_sa->get_unique_id(child_sa),
			 integrity_algorithm_names, alg);
		missing = TRUE;
	}
	if (!missing)
	{
		DBG2(DBG_CHD, "mguard-control: the algorithms of CHILD_SA %s{%u} are "
			 "all provided by loaded plugins", child_sa->get_name(child_sa),
			 child_sa->get_unique_id(child_sa));
	}
}

METHOD(listener_t, alert, bool,
	private_mguard_control_requires_t *this, ike_sa_t *ike_sa, alert_t alert,
	va_list args)
{
	if (alert == ALERT_INSTALL_CHILD_SA_FAILED)
	{
		explain_install_failure(va_arg(args, child_sa_t*));
	}
	return TRUE;
}

METHOD(mguard_control_requires_t, check_loaded, void,
	private_mguard_control_requires_t *this)
{
	if (!lib->plugins->has_feature(lib->plugins,
								   PLUGIN_PROVIDE(CUSTOM, "vici")))
	{
		DBG1(DBG_CFG, "mguard-control: strongSwan's vici plugin is not loaded: "
			 "mguard-vpn apply and swanctl cannot load connections (Debian "
			 "package " PKG_SWANCTL ", charon.load)");
	}
}

METHOD(mguard_control_requires_t, destroy, void,
	private_mguard_control_requires_t *this)
{
	free(this);
}

/*
 * Described in header
 */
mguard_control_requires_t *mguard_control_requires_create()
{
	private_mguard_control_requires_t *this;

	INIT(this,
		.public = {
			.listener = {
				.alert = _alert,
			},
			.check_loaded = _check_loaded,
			.destroy = _destroy,
		},
	);
	return &this->public;
}
