/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_conf_sources mguard_conf_sources
 * @{ @ingroup mguard_conf
 *
 * Builder side of mguard_conf_sources_t (mguard_conf.h), used by the lexer.
 */

#ifndef MGUARD_CONF_SOURCES_H_
#define MGUARD_CONF_SOURCES_H_

#include <sys/stat.h>

#include "mguard_conf.h"

typedef struct mguard_conf_sources_builder_t mguard_conf_sources_builder_t;

/**
 * A list of sources being recorded.
 */
struct mguard_conf_sources_builder_t {

	/**
	 * The list (add_* below keep working on it).
	 */
	mguard_conf_sources_t public;

	/**
	 * Record a file read.
	 *
	 * @param path		file name as opened
	 * @param st		its fstat()
	 */
	void (*add_file)(mguard_conf_sources_builder_t *this, const char *path,
					 struct stat *st);

	/**
	 * Record an include pattern and what it matched.
	 *
	 * @param pattern	pattern as passed to glob()
	 * @param matches	matches in order
	 * @param count		number of matches
	 */
	void (*add_pattern)(mguard_conf_sources_builder_t *this,
						const char *pattern, char **matches, size_t count);
};

/**
 * Create an empty list.
 *
 * @return			list
 */
mguard_conf_sources_builder_t *mguard_conf_sources_create(void);

/**
 * Expand an include pattern as libstrongswan does (glob(3), GLOB_ERR).
 *
 * @param pattern	pattern
 * @param matches	receives the matches (free with globfree() semantics:
 *					use mguard_conf_glob_free())
 * @param count		receives the number of matches
 * Reading more than MGUARD_CONF_MAX_GLOB_ENTRIES directory entries fails
 * with E2BIG (a pattern like / * / * / * must not walk the file system).
 *
 * @return			0 on success or no match, else an errno-like value
 */
int mguard_conf_glob(const char *pattern, char ***matches, size_t *count);

/**
 * Free what mguard_conf_glob() returned.
 */
void mguard_conf_glob_free(char **matches, size_t count);

#endif /** MGUARD_CONF_SOURCES_H_ @}*/
