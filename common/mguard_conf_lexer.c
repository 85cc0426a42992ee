/*
 * Copyright (C) 2026 strongswan-mguard authors
 *
 * A hand-written equivalent of libstrongswan 5.9.8's settings_lexer.l (and
 * the include handling of utils/parser_helper.c). The start conditions are
 * the same (INITIAL, ref, val, inc, str, on a stack that survives the end
 * of an included file, as flex's does); each rule below names the flex
 * rule it implements. Differences, all refusals with an error: an included
 * file that cannot be opened, is not a regular file, is too large, is
 * already being read (a loop) or nests too deep; a file with a NUL byte.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "mguard_conf_lexer.h"
#include "mguard_conf_sources.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <collections/array.h>

ENUM(mguard_conf_token_names, MGUARD_CONF_END, MGUARD_CONF_ERROR,
	"end of file",
	"name",
	"string",
	"'{'",
	"'}'",
	"'.'",
	"','",
	"':'",
	"'='",
	"end of value",
	"error",
);

/**
 * Start conditions of settings_lexer.l
 */
typedef enum {
	ST_INITIAL,
	ST_REF,
	ST_VAL,
	ST_INC,
	ST_STR,
} state_t;

/**
 * A file (or the string) being read
 */
typedef struct {
	/** file name, or the string's name */
	char *name;
	/** TRUE for a file (relative includes are based on its directory) */
	bool is_file;
	/** content, NUL-terminated */
	char *data;
	/** length of data */
	size_t len;
	/** read position */
	size_t pos;
	/** current line */
	int line;
	/** identity, for loop detection (files only) */
	dev_t dev;
	ino_t ino;
	/** no newline follows the read position */
	bool no_newline;
	/** matches of the last include in this file, still to be read */
	char **matches;
	size_t count;
	size_t next;
} buffer_t;

typedef struct private_mguard_conf_lexer_t private_mguard_conf_lexer_t;

struct private_mguard_conf_lexer_t {

	/** public interface */
	mguard_conf_lexer_t public;

	/** report */
	mguard_report_t *report;

	/** stack of buffer_t, the current one last */
	array_t *buffers;

	/** the current buffer (last of buffers), NULL at the end */
	buffer_t *buf;

	/** names of every buffer ever read (kept for get_file()) */
	array_t *names;

	/** start condition stack, the current one last */
	state_t states[8];
	int depth;

	/** text of the last NAME/STRING token */
	char *text;
	size_t text_len;
	size_t text_size;

	/** file and line of the last token */
	const char *file;
	int line;

	/** files read and bytes read */
	u_int files;
	size_t total;

	/** a fatal error was reported */
	bool failed;

	/** sources read */
	mguard_conf_sources_builder_t *sources;
};

/**
 * Characters of a name: [^#{}:.,="\r\n\t ]
 */
static inline bool is_name(char c)
{
	switch (c)
	{
		case '#': case '{': case '}': case ':': case '.': case ',':
		case '=': case '"': case '\r': case '\n': case '\t': case ' ':
		case '\0':
			return FALSE;
		default:
			return TRUE;
	}
}

/**
 * Characters of a value part: [^#}"\r\n\t ]
 */
static inline bool is_value(char c)
{
	switch (c)
	{
		case '#': case '}': case '"': case '\r': case '\n': case '\t':
		case ' ': case '\0':
			return FALSE;
		default:
			return TRUE;
	}
}

/**
 * Characters of an unquoted include pattern: [^"\\#}\r\n\t ]
 */
static inline bool is_pattern(char c)
{
	return is_value(c) && c != '\\';
}

static void push_state(private_mguard_conf_lexer_t *this, state_t state)
{
	/* the grammar never nests deeper than INITIAL ref/val/inc str */
	if (this->depth < (int)countof(this->states))
	{
		this->states[this->depth++] = state;
	}
}

static void pop_state(private_mguard_conf_lexer_t *this)
{
	if (this->depth > 1)
	{
		this->depth--;
	}
}

static state_t top_state(private_mguard_conf_lexer_t *this)
{
	return this->states[this->depth - 1];
}

/** string_init() of parser_helper */
static void text_init(private_mguard_conf_lexer_t *this)
{
	this->text_len = 0;
	this->text[0] = '\0';
}

/** string_add() of parser_helper */
static void text_add(private_mguard_conf_lexer_t *this, const char *s,
					 size_t len)
{
	if (this->text_len + len + 1 > this->text_size)
	{
		while (this->text_len + len + 1 > this->text_size)
		{
			this->text_size *= 2;
		}
		this->text = realloc(this->text, this->text_size);
	}
	memcpy(this->text + this->text_len, s, len);
	this->text_len += len;
	this->text[this->text_len] = '\0';
}

static inline buffer_t *current(private_mguard_conf_lexer_t *this)
{
	return this->buf;
}

static void buffer_destroy(buffer_t *buf)
{
	if (buf->data)
	{
		memwipe(buf->data, buf->len);
		free(buf->data);
	}
	mguard_conf_glob_free(buf->matches, buf->count);
	free(buf);
}

static void push_buffer(private_mguard_conf_lexer_t *this, buffer_t *buf)
{
	array_insert(this->buffers, ARRAY_TAIL, buf);
	this->buf = buf;
}

static void pop_buffer(private_mguard_conf_lexer_t *this)
{
	buffer_t *buf;

	if (array_remove(this->buffers, ARRAY_TAIL, &buf))
	{
		buffer_destroy(buf);
	}
	this->buf = NULL;
	array_get(this->buffers, ARRAY_TAIL, &this->buf);
}

/**
 * Report a fatal error at a file and line (0: no line)
 */
static void fail(private_mguard_conf_lexer_t *this, const char *file,
				 int line, const char *fmt, ...)
{
	char msg[PATH_MAX + 256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (line > 0)
	{
		this->report->add(this->report, MGUARD_ERROR, file, NULL,
						  "%s (line %d)", msg, line);
	}
	else
	{
		this->report->add(this->report, MGUARD_ERROR, file, NULL, "%s", msg);
	}
	this->failed = TRUE;
}

#define FAIL fail

/**
 * Read a whole file after checking it, without ever blocking: the file is
 * checked with stat() before it is opened (a FIFO is never opened), opened
 * with O_NONBLOCK and checked again with fstat() (it may have been
 * replaced), then read up to its size and the caps.
 */
static buffer_t *read_file(private_mguard_conf_lexer_t *this,
						   const char *path, const char *from, int line)
{
	struct stat st;
	buffer_t *buf, *reading;
	size_t got = 0;
	ssize_t len;
	char *data;
	int fd, i;

	if (this->files >= MGUARD_CONF_MAX_FILES)
	{
		FAIL(this, from, line, "include '%s' refused: more than %d files",
			 path, MGUARD_CONF_MAX_FILES);
		return NULL;
	}
	if (array_count(this->buffers) >= MGUARD_CONF_MAX_INCLUDE_DEPTH)
	{
		FAIL(this, from, line, "include '%s' refused: includes nested deeper "
			 "than %d files", path, MGUARD_CONF_MAX_INCLUDE_DEPTH);
		return NULL;
	}
	if (stat(path, &st) != 0)
	{
		FAIL(this, from, line, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode))
	{
		FAIL(this, from, line, "cannot read '%s': not a regular file "
			 "(FIFOs, devices and directories are refused)", path);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
	{
		FAIL(this, from, line, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
	{
		FAIL(this, from, line, "cannot read '%s': not a regular file "
			 "(FIFOs, devices and directories are refused)", path);
		close(fd);
		return NULL;
	}
	for (i = 0; i < array_count(this->buffers); i++)
	{
		array_get(this->buffers, i, &reading);
		if (reading->is_file && reading->dev == st.st_dev &&
			reading->ino == st.st_ino)
		{
			FAIL(this, from, line, "include '%s' refused: it includes itself "
				 "(through '%s')", path, reading->name);
			close(fd);
			return NULL;
		}
	}
	if (st.st_size > MGUARD_CONF_MAX_FILE_SIZE)
	{
		FAIL(this, from, line, "cannot read '%s': larger than %d bytes",
			 path, MGUARD_CONF_MAX_FILE_SIZE);
		close(fd);
		return NULL;
	}
	if (this->total + st.st_size > MGUARD_CONF_MAX_TOTAL_SIZE)
	{
		FAIL(this, from, line, "cannot read '%s': the model and its includes "
			 "are larger than %d bytes", path, MGUARD_CONF_MAX_TOTAL_SIZE);
		close(fd);
		return NULL;
	}
	/* one byte more than the size, to notice a file that grows */
	data = malloc(st.st_size + 2);
	while (got < (size_t)st.st_size + 1)
	{
		len = read(fd, data + got, st.st_size + 1 - got);
		if (len < 0 && errno == EINTR)
		{
			continue;
		}
		if (len < 0)
		{
			FAIL(this, from, line, "cannot read '%s': %s", path,
				 strerror(errno));
			memwipe(data, got);
			free(data);
			close(fd);
			return NULL;
		}
		if (len == 0)
		{
			break;
		}
		got += len;
	}
	close(fd);
	if (got > (size_t)st.st_size)
	{
		FAIL(this, from, line, "cannot read '%s': it changed while it was "
			 "read", path);
		memwipe(data, got);
		free(data);
		return NULL;
	}
	data[got] = '\0';
	if (memchr(data, '\0', got))
	{
		FAIL(this, from, line, "cannot read '%s': it contains a NUL byte",
			 path);
		memwipe(data, got);
		free(data);
		return NULL;
	}
	INIT(buf,
		.name = strdup(path),
		.is_file = TRUE,
		.data = data,
		.len = got,
		.line = 1,
		.dev = st.st_dev,
		.ino = st.st_ino,
	);
	array_insert(this->names, ARRAY_TAIL, buf->name);
	this->files++;
	this->total += got;
	this->sources->add_file(this->sources, path, &st);
	return buf;
}

/**
 * settings_parser_open_next_file(): read the next match of the current
 * file's last include, if any
 */
static bool open_next(private_mguard_conf_lexer_t *this)
{
	buffer_t *buf = current(this), *next;

	if (!buf || !buf->matches)
	{
		return FALSE;
	}
	if (buf->next < buf->count)
	{
		next = read_file(this, buf->matches[buf->next++], buf->name,
						 buf->line);
		if (next)
		{
			push_buffer(this, next);
			return TRUE;
		}
		return FALSE;
	}
	mguard_conf_glob_free(buf->matches, buf->count);
	buf->matches = NULL;
	buf->count = buf->next = 0;
	return FALSE;
}

/**
 * include_files(): expand the pattern collected in the text buffer
 * (file_include() of parser_helper) and read the first match
 */
static void include_files(private_mguard_conf_lexer_t *this)
{
	buffer_t *buf = current(this);
	char pattern[PATH_MAX], *dir, *slash;
	int written, err;

	if (!this->text_len)
	{
		FAIL(this, buf->name, buf->line, "include without a file pattern");
		return;
	}
	if (!buf->is_file || this->text[0] == '/')
	{
		written = snprintf(pattern, sizeof(pattern), "%s", this->text);
	}
	else
	{	/* relative to the directory of the including file (path_dirname) */
		dir = strdup(buf->name);
		slash = strrchr(dir, '/');
		while (slash && slash > dir && slash[1] == '\0')
		{	/* trailing separators */
			*slash = '\0';
			slash = strrchr(dir, '/');
		}
		if (!slash)
		{
			strcpy(dir, ".");
		}
		else
		{
			while (slash > dir && slash[-1] == '/')
			{
				slash--;
			}
			slash[slash == dir ? 1 : 0] = '\0';
		}
		written = snprintf(pattern, sizeof(pattern), "%s/%s", dir,
						   this->text);
		free(dir);
	}
	if (written < 0 || written >= (int)sizeof(pattern))
	{
		FAIL(this, buf->name, buf->line, "include pattern too long");
		return;
	}
	mguard_conf_glob_free(buf->matches, buf->count);
	buf->matches = NULL;
	buf->count = buf->next = 0;
	err = mguard_conf_glob(pattern, &buf->matches, &buf->count);
	if (err)
	{
		if (err == E2BIG)
		{
			FAIL(this, buf->name, buf->line, "include pattern '%s' refused: "
				 "it reads more than %d directory entries", pattern,
				 MGUARD_CONF_MAX_GLOB_ENTRIES);
			return;
		}
		FAIL(this, buf->name, buf->line, "cannot expand include pattern "
			 "'%s': %s", pattern, strerror(err));
		return;
	}
	this->sources->add_pattern(this->sources, pattern, buf->matches,
							   buf->count);
	open_next(this);
}

/**
 * The end of the current buffer in INITIAL and ref (flex's unqualified
 * <<EOF>> rule): back to the including file, or on to its next match
 *
 * @return			FALSE at the end of the input
 */
static bool end_of_buffer(private_mguard_conf_lexer_t *this)
{
	pop_buffer(this);
	if (this->failed)
	{
		return FALSE;
	}
	if (!open_next(this) && !current(this))
	{
		return FALSE;
	}
	return !this->failed;
}

/**
 * Consume one character of the current buffer, counting lines
 */
static inline void skip(buffer_t *buf)
{
	if (buf->data[buf->pos++] == '\n')
	{
		buf->line++;
	}
}

/**
 * Skip a comment: #.*\n (through the end of the line, '\r' included) if
 * a newline follows, else [\t ]*#[^\r\n]* (up to a '\r' or the end)
 */
static void skip_comment(buffer_t *buf)
{
	char *nl = NULL;

	if (!buf->no_newline)
	{	/* searched once to the end at most */
		nl = memchr(buf->data + buf->pos, '\n', buf->len - buf->pos);
		buf->no_newline = !nl;
	}
	if (nl)
	{
		buf->pos = nl - buf->data + 1;
		buf->line++;
		return;
	}
	while (buf->pos < buf->len && buf->data[buf->pos] != '\r')
	{
		buf->pos++;
	}
}

/**
 * The blank and comment rules of INITIAL and ref, at a blank, a newline or
 * a '#':
 *   [\t ]*#[^\r\n]*   a comment after blanks ends before a '\r'
 *   [\t\r ]+          blanks
 *   \n|#.*\n          a newline; a comment at its '#' runs through the
 *                     newline if there is one
 * (flex takes the longest match).
 */
static void skip_blank(buffer_t *buf)
{
	size_t blanks = 0;
	char c;

	switch (buf->data[buf->pos])
	{
		case '\n':
			skip(buf);
			return;
		case '#':
			skip_comment(buf);
			return;
		default:
			break;
	}
	while (buf->data[buf->pos + blanks] == ' ' ||
		   buf->data[buf->pos + blanks] == '\t')
	{
		blanks++;
	}
	if (buf->data[buf->pos + blanks] == '#')
	{
		buf->pos += blanks;
		while (buf->pos < buf->len)
		{
			c = buf->data[buf->pos];
			if (c == '\r' || c == '\n')
			{
				break;
			}
			buf->pos++;
		}
		return;
	}
	while (buf->pos < buf->len)
	{
		c = buf->data[buf->pos];
		if (c != ' ' && c != '\t' && c != '\r')
		{
			break;
		}
		buf->pos++;
	}
}

/**
 * Where the include rule ("include"[\t ]+/[^=]) matches at the current
 * position, the length of its text (without the trailing context), else 0
 */
static size_t match_include(buffer_t *buf)
{
	const char *p = buf->data + buf->pos;
	size_t ws = 0;

	if (strncmp(p, "include", 7) != 0)
	{
		return 0;
	}
	while (p[7 + ws] == ' ' || p[7 + ws] == '\t')
	{
		ws++;
	}
	if (!ws)
	{
		return 0;
	}
	if (p[7 + ws] && p[7 + ws] != '=')
	{	/* all the blanks, the next character is the context */
		return 7 + ws;
	}
	/* the last blank is the context */
	return ws > 1 ? 7 + ws - 1 : 0;
}

/**
 * Consume the characters of a run (none of them is a newline)
 */
static inline void scan(buffer_t *buf, bool (*in_run)(char c))
{
	while (in_run(buf->data[buf->pos]))
	{
		buf->pos++;
	}
}

/**
 * A NAME token of the text from start to the read position
 */
static bool name_token(private_mguard_conf_lexer_t *this, buffer_t *buf,
					   size_t start, mguard_conf_token_t *token)
{
	text_init(this);
	text_add(this, buf->data + start, buf->pos - start);
	*token = MGUARD_CONF_NAME;
	return TRUE;
}

/**
 * Rules of INITIAL
 */
static bool lex_initial(private_mguard_conf_lexer_t *this, buffer_t *buf,
						mguard_conf_token_t *token)
{
	size_t start, len;
	char c = buf->data[buf->pos];

	switch (c)
	{
		case ' ':
		case '\t':
		case '\r':
		case '\n':
		case '#':
			skip_blank(buf);
			return FALSE;
		case '{':
			buf->pos++;
			*token = MGUARD_CONF_LBRACE;
			return TRUE;
		case '}':
			buf->pos++;
			*token = MGUARD_CONF_RBRACE;
			return TRUE;
		case '.':
			buf->pos++;
			*token = MGUARD_CONF_DOT;
			return TRUE;
		case ',':
			buf->pos++;
			*token = MGUARD_CONF_COMMA;
			return TRUE;
		case ':':
			buf->pos++;
			push_state(this, ST_REF);
			*token = MGUARD_CONF_COLON;
			return TRUE;
		case '=':
			buf->pos++;
			push_state(this, ST_VAL);
			*token = MGUARD_CONF_EQUALS;
			return TRUE;
		case '"':
			FAIL(this, buf->name, buf->line, "syntax error, unexpected "
				 "string detected");
			*token = MGUARD_CONF_ERROR;
			return TRUE;
		default:
			break;
	}
	len = match_include(buf);
	if (len)
	{
		buf->pos += len;
		text_init(this);
		push_state(this, ST_INC);
		return FALSE;
	}
	/* {NAME}+ */
	start = buf->pos;
	scan(buf, is_name);
	return name_token(this, buf, start, token);
}

/**
 * Rules of ref
 */
static bool lex_ref(private_mguard_conf_lexer_t *this, buffer_t *buf,
					mguard_conf_token_t *token)
{
	size_t start;
	char c = buf->data[buf->pos];

	switch (c)
	{
		case ' ':
		case '\t':
		case '\r':
		case '\n':
		case '#':
			skip_blank(buf);
			return FALSE;
		case ',':
			buf->pos++;
			*token = MGUARD_CONF_COMMA;
			return TRUE;
		default:
			break;
	}
	if (!is_name(c))
	{	/* . { unput(yytext[0]); yy_pop_state(); } */
		pop_state(this);
		return FALSE;
	}
	/* {NAME}+(\.{NAME}+)* */
	start = buf->pos;
	scan(buf, is_name);
	while (buf->data[buf->pos] == '.' && is_name(buf->data[buf->pos + 1]))
	{
		buf->pos++;
		scan(buf, is_name);
	}
	return name_token(this, buf, start, token);
}

/**
 * Rules of val
 */
static bool lex_val(private_mguard_conf_lexer_t *this, buffer_t *buf,
					mguard_conf_token_t *token)
{
	size_t start;
	char c = buf->data[buf->pos];

	switch (c)
	{
		case '\r':
		case ' ':
		case '\t':
			buf->pos++;
			return FALSE;
		case '#':
		case '}':
		case '\n':	/* put back, parsed outside of val */
			pop_state(this);
			*token = MGUARD_CONF_NEWLINE;
			return TRUE;
		case '"':
			buf->pos++;
			text_init(this);
			push_state(this, ST_STR);
			return FALSE;
		default:
			break;
	}
	start = buf->pos;
	scan(buf, is_value);
	return name_token(this, buf, start, token);
}

/**
 * Rules of inc
 */
static bool lex_inc(private_mguard_conf_lexer_t *this, buffer_t *buf,
					mguard_conf_token_t *token)
{
	size_t start;
	char c = buf->data[buf->pos];

	switch (c)
	{
		case '\r':
			buf->pos++;
			return FALSE;
		case ' ':
		case '\t':
			buf->pos++;
			/* fall through */
		case '#':
		case '}':
		case '\n':
			pop_state(this);
			include_files(this);
			return FALSE;
		case '"':
			buf->pos++;
			push_state(this, ST_STR);
			return FALSE;
		case '\\':
			c = buf->data[buf->pos + 1];
			if (c == '"' || c == '#' || c == '}' || c == ' ')
			{
				text_add(this, &c, 1);
				buf->pos += 2;
			}
			else
			{
				text_add(this, "\\", 1);
				buf->pos++;
			}
			return FALSE;
		default:
			break;
	}
	start = buf->pos;
	scan(buf, is_pattern);
	text_add(this, buf->data + start, buf->pos - start);
	return FALSE;
}

/**
 * Rules of str
 */
static bool lex_str(private_mguard_conf_lexer_t *this, buffer_t *buf,
					mguard_conf_token_t *token)
{
	size_t start;
	char c = buf->data[buf->pos];

	switch (c)
	{
		case '\r':
			buf->pos++;
			return FALSE;
		case '"':
			buf->pos++;
			pop_state(this);
			if (top_state(this) == ST_INC)
			{	/* string include */
				pop_state(this);
				include_files(this);
				return FALSE;
			}
			*token = MGUARD_CONF_STRING;
			return TRUE;
		case '\\':
			c = buf->data[buf->pos + 1];
			switch (c)
			{
				case '\0':
					FAIL(this, buf->name, buf->line, "syntax error, "
						 "unterminated string detected");
					*token = MGUARD_CONF_ERROR;
					return TRUE;
				case 'n':
					text_add(this, "\n", 1);
					break;
				case 'r':
					text_add(this, "\r", 1);
					break;
				case 't':
					text_add(this, "\t", 1);
					break;
				case '\n':	/* \\\r?\n merges lines */
					buf->pos += 2;
					buf->line++;
					return FALSE;
				case '\r':
					if (buf->data[buf->pos + 2] == '\n')
					{
						buf->pos += 3;
						buf->line++;
						return FALSE;
					}
					/* fall through */
				default:	/* \\. */
					text_add(this, &c, 1);
					break;
			}
			buf->pos += 2;
			return FALSE;
		default:
			break;
	}
	/* [^\\\r"]+ */
	start = buf->pos;
	while (buf->pos < buf->len)
	{
		c = buf->data[buf->pos];
		if (c == '\\' || c == '\r' || c == '"')
		{
			break;
		}
		skip(buf);
	}
	text_add(this, buf->data + start, buf->pos - start);
	return FALSE;
}

METHOD(mguard_conf_lexer_t, next, mguard_conf_token_t,
	private_mguard_conf_lexer_t *this, char **text)
{
	mguard_conf_token_t token = MGUARD_CONF_END;
	buffer_t *buf;
	bool done = FALSE;

	*text = NULL;
	while (!done)
	{
		buf = current(this);
		if (this->failed)
		{
			return MGUARD_CONF_ERROR;
		}
		if (!buf)
		{
			return MGUARD_CONF_END;
		}
		this->file = buf->name;
		this->line = buf->line;
		if (buf->pos >= buf->len)
		{
			switch (top_state(this))
			{
				case ST_VAL:
					pop_state(this);
					return MGUARD_CONF_NEWLINE;
				case ST_INC:
					pop_state(this);
					include_files(this);
					continue;
				case ST_STR:
					FAIL(this, buf->name, buf->line, "syntax error, "
						 "unterminated string detected");
					return MGUARD_CONF_ERROR;
				case ST_INITIAL:
				case ST_REF:
				default:
					if (!end_of_buffer(this))
					{
						return this->failed ? MGUARD_CONF_ERROR
											: MGUARD_CONF_END;
					}
					continue;
			}
		}
		switch (top_state(this))
		{
			case ST_INITIAL:
				done = lex_initial(this, buf, &token);
				break;
			case ST_REF:
				done = lex_ref(this, buf, &token);
				break;
			case ST_VAL:
				done = lex_val(this, buf, &token);
				break;
			case ST_INC:
				done = lex_inc(this, buf, &token);
				break;
			case ST_STR:
				done = lex_str(this, buf, &token);
				break;
		}
	}
	if (token == MGUARD_CONF_NAME || token == MGUARD_CONF_STRING)
	{
		*text = this->text;
	}
	return this->failed ? MGUARD_CONF_ERROR : token;
}

METHOD(mguard_conf_lexer_t, get_file, const char*,
	private_mguard_conf_lexer_t *this)
{
	return this->file;
}

METHOD(mguard_conf_lexer_t, get_line, int,
	private_mguard_conf_lexer_t *this)
{
	return this->line;
}

METHOD(mguard_conf_lexer_t, get_sources, mguard_conf_sources_t*,
	private_mguard_conf_lexer_t *this)
{
	mguard_conf_sources_t *sources = &this->sources->public;

	this->sources = mguard_conf_sources_create();
	return sources;
}

METHOD(mguard_conf_lexer_t, destroy, void,
	private_mguard_conf_lexer_t *this)
{
	array_destroy_function(this->buffers, (void*)buffer_destroy, NULL);
	array_destroy_function(this->names, (void*)free, NULL);
	this->sources->public.destroy(&this->sources->public);
	memwipe(this->text, this->text_size);
	free(this->text);
	free(this);
}

static private_mguard_conf_lexer_t *lexer_create(mguard_report_t *report)
{
	private_mguard_conf_lexer_t *this;

	INIT(this,
		.public = {
			.next = _next,
			.get_file = _get_file,
			.get_line = _get_line,
			.get_sources = _get_sources,
			.destroy = _destroy,
		},
		.report = report,
		.buffers = array_create(0, 0),
		.names = array_create(0, 0),
		.states = { ST_INITIAL },
		.depth = 1,
		.text = calloc(1, 256),
		.text_size = 256,
		.sources = mguard_conf_sources_create(),
	);
	return this;
}

/*
 * Described in header
 */
mguard_conf_lexer_t *mguard_conf_lexer_create_file(const char *path,
												   mguard_report_t *report)
{
	private_mguard_conf_lexer_t *this = lexer_create(report);
	buffer_t *buf;

	buf = read_file(this, path, path, 0);
	if (!buf)
	{
		destroy(this);
		return NULL;
	}
	push_buffer(this, buf);
	return &this->public;
}

/*
 * Described in header
 */
mguard_conf_lexer_t *mguard_conf_lexer_create_string(const char *text,
													 const char *name,
													 mguard_report_t *report)
{
	private_mguard_conf_lexer_t *this;
	size_t len = strlen(text);
	buffer_t *buf;

	if (len > MGUARD_CONF_MAX_FILE_SIZE)
	{
		report->add(report, MGUARD_ERROR, name, NULL, "model larger than %d "
					"bytes", MGUARD_CONF_MAX_FILE_SIZE);
		return NULL;
	}
	this = lexer_create(report);
	INIT(buf,
		.name = strdup(name),
		.data = strndup(text, len),
		.len = len,
		.line = 1,
	);
	array_insert(this->names, ARRAY_TAIL, buf->name);
	this->total = len;
	push_buffer(this, buf);
	return &this->public;
}
