/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

/**
 * @defgroup mguard_conf_lexer mguard_conf_lexer
 * @{ @ingroup mguard_conf
 *
 * Tokens of the strongSwan settings syntax, as libstrongswan 5.9.8's
 * settings_lexer.l produces them, read from a stack of files: an `include`
 * is expanded where it stands (glob patterns relative to the including
 * file). Every file is opened without blocking and checked before it is
 * read: regular files only, no include loops, size, depth and count caps.
 */

#ifndef MGUARD_CONF_LEXER_H_
#define MGUARD_CONF_LEXER_H_

#include "mguard_conf.h"

typedef struct mguard_conf_lexer_t mguard_conf_lexer_t;
typedef enum mguard_conf_token_t mguard_conf_token_t;

/**
 * Tokens (those of settings_parser.y).
 */
enum mguard_conf_token_t {
	/** end of the input */
	MGUARD_CONF_END,
	/** a name, or a part of a value */
	MGUARD_CONF_NAME,
	/** a quoted string (part of a value) */
	MGUARD_CONF_STRING,
	MGUARD_CONF_LBRACE,
	MGUARD_CONF_RBRACE,
	MGUARD_CONF_DOT,
	MGUARD_CONF_COMMA,
	MGUARD_CONF_COLON,
	MGUARD_CONF_EQUALS,
	/** end of a value */
	MGUARD_CONF_NEWLINE,
	/** an error, already reported: stop */
	MGUARD_CONF_ERROR,
};

/**
 * Names of mguard_conf_token_t, for messages.
 */
extern enum_name_t *mguard_conf_token_names;

/**
 * The lexer.
 */
struct mguard_conf_lexer_t {

	/**
	 * Read the next token.
	 *
	 * @param text		receives the text of NAME and STRING tokens (owned
	 *					by the lexer, valid until the next call)
	 * @return			token
	 */
	mguard_conf_token_t (*next)(mguard_conf_lexer_t *this, char **text);

	/**
	 * File of the last token (valid while the lexer exists).
	 *
	 * @return			file name (or the name given to a string)
	 */
	const char *(*get_file)(mguard_conf_lexer_t *this);

	/**
	 * Line of the last token.
	 *
	 * @return			line number, starting at 1
	 */
	int (*get_line)(mguard_conf_lexer_t *this);

	/**
	 * Take the list of files and patterns read so far.
	 *
	 * @return			sources, to be destroyed by the caller
	 */
	mguard_conf_sources_t *(*get_sources)(mguard_conf_lexer_t *this);

	/**
	 * Destroy the lexer, wiping what was read.
	 */
	void (*destroy)(mguard_conf_lexer_t *this);
};

/**
 * Create a lexer reading a file.
 *
 * @param path		file
 * @param report	receives errors
 * @return			lexer, NULL if the file is refused (reported)
 */
mguard_conf_lexer_t *mguard_conf_lexer_create_file(const char *path,
												   mguard_report_t *report);

/**
 * Create a lexer reading a string.
 *
 * @param text		text
 * @param name		name for messages
 * @param report	receives errors
 * @return			lexer, NULL if the text is too large (reported)
 */
mguard_conf_lexer_t *mguard_conf_lexer_create_string(const char *text,
													 const char *name,
													 mguard_report_t *report);

#endif /** MGUARD_CONF_LEXER_H_ @}*/
