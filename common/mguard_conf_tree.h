/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_conf_tree mguard_conf_tree
 * @{ @ingroup mguard_conf
 *
 * The ordered settings tree behind mguard_conf_t, and the calls the parser
 * builds it with. Only this file knows the tree's layout. Duplicates are
 * found with one hash table over (parent, name): building is linear.
 */

#ifndef MGUARD_CONF_TREE_H_
#define MGUARD_CONF_TREE_H_

#include "mguard_conf.h"

typedef struct mguard_conf_tree_t mguard_conf_tree_t;
typedef struct mguard_conf_section_t mguard_conf_section_t;

/**
 * A tree being built.
 */
struct mguard_conf_tree_t {

	/**
	 * The tree (valid once built).
	 */
	mguard_conf_t public;

	/**
	 * The root section.
	 *
	 * @return			root
	 */
	mguard_conf_section_t *(*get_root)(mguard_conf_tree_t *this);

	/**
	 * Add a section. A name already used in parent (by a section or a key)
	 * is reported as defined more than once; the section returned then is
	 * a detached one (its own duplicates are still found, it is not part
	 * of the tree).
	 *
	 * @param parent	parent section
	 * @param name		section name
	 * @param file		file it is defined in
	 * @param line		line it is defined on
	 * @return			the section to fill
	 */
	mguard_conf_section_t *(*add_section)(mguard_conf_tree_t *this,
										  mguard_conf_section_t *parent,
										  const char *name, const char *file,
										  int line);

	/**
	 * Add a reference to a section.
	 *
	 * @param section	section
	 * @param ref		referenced section path
	 */
	void (*add_reference)(mguard_conf_tree_t *this,
						  mguard_conf_section_t *section, const char *ref);

	/**
	 * Add a key. A name already used in section is reported as defined
	 * more than once and the key is dropped.
	 *
	 * @param section	section
	 * @param key		key
	 * @param value		value, NULL for an empty one
	 * @param file		file it is defined in
	 * @param line		line it is defined on
	 */
	void (*add_value)(mguard_conf_tree_t *this, mguard_conf_section_t *section,
					  const char *key, const char *value, const char *file,
					  int line);

	/**
	 * Dotted path of a section, for messages.
	 *
	 * @param section	section
	 * @param buf		buffer
	 * @param len		size of buf
	 * @return			buf
	 */
	char *(*get_path)(mguard_conf_tree_t *this, mguard_conf_section_t *section,
					  char *buf, size_t len);

};

/**
 * Create an empty tree.
 *
 * @param report	receives the duplicates
 * @return			tree
 */
mguard_conf_tree_t *mguard_conf_tree_create(mguard_report_t *report);

#endif /** MGUARD_CONF_TREE_H_ @}*/
