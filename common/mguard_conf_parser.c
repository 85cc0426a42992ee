/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * The grammar of libstrongswan 5.9.8's settings_parser.y, as a loop over
 * the lexer's tokens with an explicit stack of open sections:
 *
 *   statements  : (NEWLINE | section | setting)*
 *   section     : NAME [ ':' NAME (',' NAME)* ] '{' statements '}'
 *   setting     : NAME '=' (NAME | STRING)*     (parts joined by a space)
 *
 * A setting's value always ends with a NEWLINE token (the lexer's val
 * state), so no lookahead beyond one token is needed. Any syntax error
 * stops the parse, as yyparse() does.
 */

#include "mguard_conf.h"
#include "mguard_conf_lexer.h"
#include "mguard_conf_tree.h"

#include <string.h>

#include <collections/linked_list.h>

/** longest dotted path in messages */
#define PATH_LEN 512

/**
 * Parser state
 */
typedef struct {
	mguard_conf_lexer_t *lexer;
	mguard_conf_tree_t *tree;
	mguard_report_t *report;
	/** open sections, stack[0] is the root */
	mguard_conf_section_t *stack[MGUARD_CONF_MAX_NESTING + 1];
	int depth;
	/** value being collected */
	char *value;
	size_t value_len;
	size_t value_size;
	bool has_value;
} parser_t;

/**
 * Report a syntax error at the current token
 */
static void syntax_error(parser_t *this, mguard_conf_token_t token,
						 const char *expected)
{
	char path[PATH_LEN];

	if (token == MGUARD_CONF_ERROR)
	{	/* reported by the lexer */
		return;
	}
	if (token == MGUARD_CONF_END && this->depth)
	{
		this->tree->get_path(this->tree, this->stack[this->depth], path,
							 sizeof(path));
		this->report->add(this->report, MGUARD_ERROR,
			this->lexer->get_file(this->lexer), NULL, "syntax error, "
			"unexpected end of file, '}' of section '%s' missing (line %d)",
			path, this->lexer->get_line(this->lexer));
		return;
	}
	this->report->add(this->report, MGUARD_ERROR,
		this->lexer->get_file(this->lexer), NULL, "syntax error, unexpected "
		"%N%s%s (line %d)", mguard_conf_token_names, token,
		expected ? ", expecting " : "", expected ?: "",
		this->lexer->get_line(this->lexer));
}

/**
 * Append a value part, one space between parts
 */
static void value_add(parser_t *this, const char *part)
{
	size_t len = strlen(part), need;

	need = this->value_len + len + 2;
	if (need > this->value_size)
	{
		while (need > this->value_size)
		{
			this->value_size = this->value_size ? this->value_size * 2 : 256;
		}
		this->value = realloc(this->value, this->value_size);
	}
	if (this->has_value)
	{
		this->value[this->value_len++] = ' ';
	}
	memcpy(this->value + this->value_len, part, len);
	this->value_len += len;
	this->value[this->value_len] = '\0';
	this->has_value = TRUE;
}

/**
 * setting: NAME '=' value NEWLINE, after the '='
 */
static bool parse_setting(parser_t *this, const char *name, const char *file,
						  int line)
{
	mguard_conf_token_t token;
	char *text;

	this->value_len = 0;
	this->has_value = FALSE;
	while (TRUE)
	{
		token = this->lexer->next(this->lexer, &text);
		switch (token)
		{
			case MGUARD_CONF_NAME:
			case MGUARD_CONF_STRING:
				value_add(this, text);
				continue;
			case MGUARD_CONF_NEWLINE:
				this->tree->add_value(this->tree, this->stack[this->depth],
									  name, this->has_value ? this->value
															: NULL,
									  file, line);
				if (this->value)
				{
					memwipe(this->value, this->value_size);
				}
				return TRUE;
			default:
				syntax_error(this, token, NULL);
				return FALSE;
		}
	}
}

/**
 * Open a section
 */
static bool push(parser_t *this, const char *name, const char *file,
				 int line)
{
	if (this->depth >= MGUARD_CONF_MAX_NESTING)
	{
		this->report->add(this->report, MGUARD_ERROR, file, NULL, "sections "
						  "nested deeper than %d (line %d)",
						  MGUARD_CONF_MAX_NESTING, line);
		return FALSE;
	}
	this->stack[this->depth + 1] = this->tree->add_section(this->tree,
											this->stack[this->depth], name,
											file, line);
	this->depth++;
	return TRUE;
}

/**
 * section_start with references, after the ':'
 */
static bool parse_references(parser_t *this, const char *name,
							 const char *file, int line)
{
	mguard_conf_token_t token;
	linked_list_t *refs;
	char *text, *ref;
	const char *expected = "name";
	bool ok = FALSE;

	refs = linked_list_create();
	token = this->lexer->next(this->lexer, &text);
	while (token == MGUARD_CONF_NAME)
	{
		refs->insert_last(refs, strdup(text));
		token = this->lexer->next(this->lexer, &text);
		expected = "',' or '{'";
		if (token == MGUARD_CONF_COMMA)
		{
			token = this->lexer->next(this->lexer, &text);
			expected = "name";
			if (token != MGUARD_CONF_NAME)
			{
				break;
			}
			continue;
		}
		if (token == MGUARD_CONF_LBRACE)
		{
			ok = TRUE;
		}
		break;
	}
	if (!ok)
	{
		syntax_error(this, token, expected);
	}
	else if (push(this, name, file, line))
	{
		while (refs->remove_first(refs, (void**)&ref) == SUCCESS)
		{
			this->tree->add_reference(this->tree, this->stack[this->depth],
									  ref);
			free(ref);
		}
	}
	else
	{
		ok = FALSE;
	}
	refs->destroy_function(refs, free);
	return ok;
}

/**
 * statement starting with NAME
 */
static bool parse_statement(parser_t *this, const char *text)
{
	mguard_conf_token_t token;
	char *name, *ignored;
	const char *file;
	bool ok;
	int line;

	name = strdup(text);
	file = this->lexer->get_file(this->lexer);
	line = this->lexer->get_line(this->lexer);
	token = this->lexer->next(this->lexer, &ignored);
	switch (token)
	{
		case MGUARD_CONF_EQUALS:
			ok = parse_setting(this, name, file, line);
			break;
		case MGUARD_CONF_LBRACE:
			ok = push(this, name, file, line);
			break;
		case MGUARD_CONF_COLON:
			ok = parse_references(this, name, file, line);
			break;
		default:
			syntax_error(this, token, "'=' or '{'");
			ok = FALSE;
			break;
	}
	free(name);
	return ok;
}

/**
 * Parse everything the lexer gives into a tree
 */
static mguard_conf_t *parse(mguard_conf_lexer_t *lexer,
							mguard_report_t *report)
{
	mguard_conf_token_t token;
	mguard_conf_t *conf = NULL;
	parser_t this = {
		.lexer = lexer,
		.tree = mguard_conf_tree_create(report),
		.report = report,
	};
	bool ok = TRUE;
	char *text;

	this.stack[0] = this.tree->get_root(this.tree);
	while (ok)
	{
		token = lexer->next(lexer, &text);
		switch (token)
		{
			case MGUARD_CONF_END:
				if (this.depth)
				{
					syntax_error(&this, token, NULL);
					ok = FALSE;
				}
				else
				{
					conf = &this.tree->public;
				}
				break;
			case MGUARD_CONF_NEWLINE:
				continue;
			case MGUARD_CONF_RBRACE:
				if (!this.depth)
				{
					syntax_error(&this, token, NULL);
					ok = FALSE;
					break;
				}
				this.depth--;
				continue;
			case MGUARD_CONF_NAME:
				ok = parse_statement(&this, text);
				continue;
			default:
				syntax_error(&this, token, "name");
				ok = FALSE;
				break;
		}
		break;
	}
	if (this.value)
	{
		memwipe(this.value, this.value_size);
		free(this.value);
	}
	if (!conf)
	{
		this.tree->public.destroy(&this.tree->public);
		return NULL;
	}
	return conf;
}

/*
 * Described in header
 */
mguard_conf_t *mguard_conf_parse_file(const char *path,
									  mguard_report_t *report,
									  mguard_conf_sources_t **sources)
{
	mguard_conf_lexer_t *lexer;
	mguard_conf_t *conf;

	if (sources)
	{
		*sources = NULL;
	}
	lexer = mguard_conf_lexer_create_file(path, report);
	if (!lexer)
	{
		return NULL;
	}
	conf = parse(lexer, report);
	if (sources)
	{
		*sources = lexer->get_sources(lexer);
	}
	lexer->destroy(lexer);
	return conf;
}

/*
 * Described in header
 */
mguard_conf_t *mguard_conf_parse_string(const char *text, const char *name,
										mguard_report_t *report)
{
	mguard_conf_lexer_t *lexer;
	mguard_conf_t *conf;

	lexer = mguard_conf_lexer_create_string(text, name, report);
	if (!lexer)
	{
		return NULL;
	}
	conf = parse(lexer, report);
	lexer->destroy(lexer);
	return conf;
}
