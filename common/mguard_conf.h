/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_conf mguard_conf
 * @{ @ingroup mguard_common
 *
 * The project's reader of the strongSwan settings syntax (MODEL.md
 * "Syntax"): files are read exactly as libstrongswan 5.9.8's settings parser
 * reads them (comments, names, values to the end of the line, a '#' or a
 * '}', quoted strings with escapes and line continuation, value parts joined
 * by one space, empty values, section references, `include` with glob
 * patterns relative to the including file), with one difference: a key or
 * section defined twice in the same section is an error, not a merge. The
 * result is an ordered tree (file order); every include is guarded (loops,
 * non-regular files, sizes, depth and number of files).
 *
 * tests/fuzz/fuzz_conf_diff.c checks the reading against libstrongswan's.
 */

#ifndef MGUARD_CONF_H_
#define MGUARD_CONF_H_

#include <library.h>
#include <collections/enumerator.h>

#include "mguard_report.h"

typedef struct mguard_conf_t mguard_conf_t;
typedef struct mguard_conf_sources_t mguard_conf_sources_t;

/** Largest file read (the model and every included file), in bytes */
#define MGUARD_CONF_MAX_FILE_SIZE (64 * 1024 * 1024)

/** Largest total of all files read for one model, in bytes */
#define MGUARD_CONF_MAX_TOTAL_SIZE (128 * 1024 * 1024)

/** Deepest nesting of includes (the model itself is level 1) */
#define MGUARD_CONF_MAX_INCLUDE_DEPTH 16

/** Largest number of files read for one model */
#define MGUARD_CONF_MAX_FILES 1000

/** Most directory entries one include pattern may read */
#define MGUARD_CONF_MAX_GLOB_ENTRIES 10000

/** Deepest nesting of sections */
#define MGUARD_CONF_MAX_NESTING 64

/**
 * A parsed settings tree, immutable. Paths are dotted section names
 * ("connections.c1.tunnels"; names never contain dots), "" or NULL for the
 * root.
 */
struct mguard_conf_t {

	/**
	 * Enumerate the subsections of a section in file order.
	 *
	 * @param path		dotted path of the section
	 * @return			enumerator over (char *name), empty if no section
	 */
	enumerator_t *(*create_section_enumerator)(mguard_conf_t *this,
											   const char *path);

	/**
	 * Enumerate the keys of a section in file order.
	 *
	 * @param path		dotted path of the section
	 * @return			enumerator over (char *key, char *value), value NULL
	 *					for an empty value (`key =`), empty if no section
	 */
	enumerator_t *(*create_key_value_enumerator)(mguard_conf_t *this,
												 const char *path);

	/**
	 * Enumerate the references of a section (`name : ref1, ref2 {`).
	 *
	 * @param path		dotted path of the section
	 * @return			enumerator over (char *reference)
	 */
	enumerator_t *(*create_reference_enumerator)(mguard_conf_t *this,
												 const char *path);

	/**
	 * Check whether a section exists.
	 *
	 * @param path		dotted path of the section
	 * @return			TRUE if it exists
	 */
	bool (*has_section)(mguard_conf_t *this, const char *path);

	/**
	 * Where a section or key was defined.
	 *
	 * @param path		dotted path of a section or key
	 * @param line		receives the line number
	 * @return			file name, NULL if there is no such entry
	 */
	const char *(*get_location)(mguard_conf_t *this, const char *path,
								int *line);

	/**
	 * Destroy the tree; values (pre-shared keys, passwords) are wiped.
	 */
	void (*destroy)(mguard_conf_t *this);
};

/**
 * What a tree was read from: every file with its identity (device, inode,
 * size, modification and change time) and every include pattern with what
 * it matched. Used to skip parsing a model that did not change. A file
 * modified less than 50 ms before it was read never counts as current
 * (its timestamps may not show a change made in the same kernel tick).
 */
struct mguard_conf_sources_t {

	/**
	 * Check whether every file is unchanged and every include pattern
	 * still matches the same files.
	 *
	 * @return			TRUE if a new parse would read the same
	 */
	bool (*is_current)(mguard_conf_sources_t *this);

	/**
	 * Number of files read.
	 *
	 * @return			number of files
	 */
	u_int (*get_count)(mguard_conf_sources_t *this);

	/**
	 * Destroy the list.
	 */
	void (*destroy)(mguard_conf_sources_t *this);
};

/**
 * Parse a file.
 *
 * Errors go to the report, as "FILE: message" with the line number, or
 * "FILE: section.path.key: defined more than once; ..." for a duplicate.
 * A syntax error or an include that is refused stops the parse (NULL is
 * returned); duplicates are reported and the tree is returned: the caller
 * checks the report's error count.
 *
 * @param path		file to read
 * @param report	collects errors
 * @param sources	if not NULL, receives the files and include patterns
 *					read (also when the parse fails; NULL if path itself
 *					could not be read)
 * @return			tree, NULL on a syntax or read error
 */
mguard_conf_t *mguard_conf_parse_file(const char *path,
									  mguard_report_t *report,
									  mguard_conf_sources_t **sources);

/**
 * Parse a string, as mguard_conf_parse_file() does a file. Relative
 * include patterns are taken as they are (relative to the working
 * directory), as libstrongswan does for strings.
 *
 * @param text		settings text
 * @param name		name used in messages
 * @param report	collects errors
 * @return			tree, NULL on a syntax or read error
 */
mguard_conf_t *mguard_conf_parse_string(const char *text, const char *name,
										mguard_report_t *report);

#endif /** MGUARD_CONF_H_ @}*/
