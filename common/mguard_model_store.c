/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_model_store.h"

#include <errno.h>
#include <unistd.h>

#include <threading/mutex.h>
#include <utils/debug.h>

typedef struct private_mguard_model_store_t private_mguard_model_store_t;

struct private_mguard_model_store_t {

	/** public interface */
	mguard_model_store_t public;

	/** references */
	refcount_t refs;

	/** serializes reads */
	mutex_t *mutex;

	/** file of the last read, NULL if none */
	char *path;

	/** what the last read read, NULL if nothing */
	mguard_conf_sources_t *sources;

	/** model of the last read, NULL if invalid */
	mguard_model_t *model;

	/** errors and warnings of the last read */
	mguard_report_t *report;

	/** parses so far */
	u_int parses;
};

/**
 * Forget the last read
 */
static void forget(private_mguard_model_store_t *this)
{
	free(this->path);
	this->path = NULL;
	DESTROY_IF(this->sources);
	this->sources = NULL;
	mguard_model_destroy(this->model);
	this->model = NULL;
	DESTROY_IF(this->report);
	this->report = NULL;
}

METHOD(mguard_model_store_t, get_model, mguard_model_t*,
	private_mguard_model_store_t *this, const char *path,
	mguard_report_t *report)
{
	mguard_model_t *model = NULL;

	this->mutex->lock(this->mutex);
	if (!this->path || !streq(this->path, path) || !this->sources ||
		!this->sources->is_current(this->sources))
	{
		forget(this);
		this->path = strdup(path);
		this->report = mguard_report_create();
		this->model = mguard_model_load_sources(path, this->report,
												&this->sources);
		this->parses++;
		DBG2(DBG_CFG, "mguard-model-store: read %s (%u files): %s", path,
			 this->sources ? this->sources->get_count(this->sources) : 0,
			 this->model ? "valid" : "invalid");
	}
	report->add_report(report, this->report);
	if (this->model)
	{
		model = mguard_model_get_ref(this->model);
	}
	this->mutex->unlock(this->mutex);
	return model;
}

METHOD(mguard_model_store_t, get_parses, u_int,
	private_mguard_model_store_t *this)
{
	u_int parses;

	this->mutex->lock(this->mutex);
	parses = this->parses;
	this->mutex->unlock(this->mutex);
	return parses;
}

METHOD(mguard_model_store_t, destroy, void,
	private_mguard_model_store_t *this)
{
	if (ref_put(&this->refs))
	{
		lib->set(lib, MGUARD_MODEL_STORE, NULL);
		forget(this);
		this->mutex->destroy(this->mutex);
		free(this);
	}
}

/*
 * Described in header
 */
mguard_model_store_t *mguard_model_store_acquire(void)
{
	private_mguard_model_store_t *this;

	this = lib->get(lib, MGUARD_MODEL_STORE);
	if (this)
	{
		ref_get(&this->refs);
		return &this->public;
	}
	INIT(this,
		.public = {
			.get_model = _get_model,
			.get_parses = _get_parses,
			.destroy = _destroy,
		},
		.refs = 1,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	lib->set(lib, MGUARD_MODEL_STORE, this);
	return &this->public;
}

/*
 * Described in header
 */
bool mguard_model_store_read(const char *path, const char *plugin,
							 mguard_model_t **model)
{
	mguard_model_store_t *store;
	mguard_report_t *report;

	*model = NULL;
	if (access(path, F_OK) != 0 && errno == ENOENT)
	{
		DBG1(DBG_CFG, "%s: model %s does not exist, using defaults", plugin,
			 path);
		return TRUE;
	}
	report = mguard_report_create();
	store = mguard_model_store_acquire();
	*model = store->get_model(store, path, report);
	store->destroy(store);
	report->log(report);
	report->destroy(report);
	if (!*model)
	{
		DBG1(DBG_CFG, "%s: model %s is invalid", plugin, path);
		return FALSE;
	}
	return TRUE;
}
