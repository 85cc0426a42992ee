/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup stage stage
 * @{ @ingroup mguard_swanctl
 */

#ifndef STAGE_H_
#define STAGE_H_

#include <sys/types.h>

#include <library.h>

typedef struct stage_t stage_t;

/**
 * A set of files replaced all at once or not at all.
 *
 * add() writes each file to a temporary file next to its target and syncs
 * it, and keeps a hard link to the file it replaces; commit() renames them
 * all in place and puts every replaced file back when one rename fails.
 * Until destroy() a committed stage can still be rolled back. Directories
 * the stage creates are removed again on rollback. Errors are reported on
 * stderr with the path.
 */
struct stage_t {

	/**
	 * Create a directory and its missing parents.
	 *
	 * @param path		directory
	 * @param mode		mode of the directory (parents get 0755)
	 * @return			TRUE if it exists now
	 */
	bool (*make_dir)(stage_t *this, const char *path, mode_t mode);

	/**
	 * Stage the new content of a file: written and synced, not yet visible.
	 *
	 * @param path		file to replace or create (its directory must exist)
	 * @param data		new content
	 * @param mode		mode of the new file
	 * @return			TRUE if staged
	 */
	bool (*add)(stage_t *this, const char *path, chunk_t data, mode_t mode);

	/**
	 * Rename every staged file in place, in the order added; when one fails,
	 * undo the others.
	 *
	 * @return			TRUE if all are in place
	 */
	bool (*commit)(stage_t *this);

	/**
	 * Undo everything: remove staged files, put replaced files back (also
	 * after a commit), remove the directories this stage created.
	 */
	void (*rollback)(stage_t *this);

	/**
	 * Destroy the stage: after a commit keep it (drop the links to replaced
	 * files), otherwise roll back.
	 */
	void (*destroy)(stage_t *this);
};

/**
 * Create an empty stage.
 */
stage_t *stage_create();

#endif /** STAGE_H_ @}*/
