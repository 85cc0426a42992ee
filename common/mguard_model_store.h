/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_model_store mguard_model_store
 * @{ @ingroup mguard_common
 *
 * One owner of the model inside charon, the others ask it: the first
 * mguard plugin that needs the model creates the store and registers it as
 * lib->get(lib, MGUARD_MODEL_STORE) (mguard_model_store_acquire()), the
 * others take a reference to it; the last one to let go unregisters it.
 * The store parses the model file only when it or one of its includes
 * changed (mguard_conf_sources_t), and hands out references to one
 * immutable mguard_model_t.
 */

#ifndef MGUARD_MODEL_STORE_H_
#define MGUARD_MODEL_STORE_H_

#include "mguard_model.h"

typedef struct mguard_model_store_t mguard_model_store_t;

/** name of the store in lib->get() */
#define MGUARD_MODEL_STORE "mguard-model-store"

/**
 * The model store.
 */
struct mguard_model_store_t {

	/**
	 * The model of a file: the one read last if neither the file nor its
	 * includes changed since, else the file read anew. The errors and
	 * warnings of that read are added to the report every time (as if it
	 * had been read for this caller).
	 *
	 * @param path		model file
	 * @param report	receives the errors and warnings
	 * @return			a reference to the model (release with
	 *					mguard_model_destroy()), NULL if it is invalid
	 */
	mguard_model_t *(*get_model)(mguard_model_store_t *this, const char *path,
								 mguard_report_t *report);

	/**
	 * Number of times a model file was parsed (for tests and benchmarks).
	 *
	 * @return			parses so far
	 */
	u_int (*get_parses)(mguard_model_store_t *this);

	/**
	 * Release this reference to the store; the last one unregisters and
	 * destroys it.
	 */
	void (*destroy)(mguard_model_store_t *this);
};

/**
 * Get a reference to the store registered in lib, creating and registering
 * it if there is none. Call from plugin constructors and destructors (which
 * the plugin loader runs on one thread), or around a single read.
 *
 * @return			store, released with destroy()
 */
mguard_model_store_t *mguard_model_store_acquire(void);

/**
 * Read a plugin's model file through the store, as every mguard plugin
 * does: a missing file is no error (the plugin uses the model's defaults),
 * errors and warnings are logged (warnings are the translator's to tell),
 * an invalid model is logged under the plugin's name.
 *
 * @param path		model file
 * @param plugin	plugin name for the log ("mguard-license")
 * @param model		receives a reference to the model, NULL if the file
 *					does not exist
 * @return			FALSE if the model is invalid
 */
bool mguard_model_store_read(const char *path, const char *plugin,
							 mguard_model_t **model);

#endif /** MGUARD_MODEL_STORE_H_ @}*/
