/*
 * Copyright (C) 2026 strongswan-mguard authors
 */

#include "mguard_conf_tree.h"

#include <string.h>

#include <collections/array.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

/** longest dotted path in messages */
#define PATH_LEN 512

/**
 * What sections and keys have in common
 */
typedef struct {
	/** parent section, NULL for the root */
	mguard_conf_section_t *parent;
	/** name */
	char *name;
	/** file (interned by the tree) and line of the definition */
	const char *file;
	int line;
	/** TRUE for a section */
	bool is_section;
} node_t;

/**
 * A key
 */
typedef struct {
	node_t node;
	/** value, NULL if empty */
	char *value;
} kv_t;

/**
 * A section
 */
struct mguard_conf_section_t {
	node_t node;
	/** subsections in file order, NULL if none */
	linked_list_t *sections;
	/** keys in file order, NULL if none */
	linked_list_t *kvs;
	/** references (char*), NULL if none */
	linked_list_t *refs;
};

typedef struct private_mguard_conf_tree_t private_mguard_conf_tree_t;

struct private_mguard_conf_tree_t {

	/** public interface */
	mguard_conf_tree_t public;

	/** root section */
	mguard_conf_section_t *root;

	/** sections detached because they were defined twice */
	array_t *detached;

	/** node_t by (parent, name) */
	hashtable_t *index;

	/** interned file names */
	array_t *files;

	/** file name last interned */
	const char *last_file;

	/** report */
	mguard_report_t *report;

	/** path of the section found last (readers ask for a section and its
	 * subsections in turn), NULL if none */
	char *last_path;
	size_t last_len;
	mguard_conf_section_t *last_section;
};

static u_int node_hash(const node_t *node)
{
	return chunk_hash_inc(chunk_from_str(node->name),
						  (u_int)(uintptr_t)node->parent);
}

static bool node_equals(const node_t *a, const node_t *b)
{
	return a->parent == b->parent && streq(a->name, b->name);
}

static mguard_conf_section_t *section_create(mguard_conf_section_t *parent,
											 const char *name,
											 const char *file, int line)
{
	mguard_conf_section_t *section;

	INIT(section,
		.node = {
			.parent = parent,
			.name = strdup(name ?: ""),
			.file = file,
			.line = line,
			.is_section = TRUE,
		},
	);
	return section;
}

static void kv_destroy(kv_t *kv)
{
	if (kv->value)
	{
		memwipe(kv->value, strlen(kv->value));
		free(kv->value);
	}
	free(kv->node.name);
	free(kv);
}

static void section_destroy(mguard_conf_section_t *section)
{
	if (section->sections)
	{
		section->sections->destroy_function(section->sections,
											(void*)section_destroy);
	}
	if (section->kvs)
	{
		section->kvs->destroy_function(section->kvs, (void*)kv_destroy);
	}
	if (section->refs)
	{
		section->refs->destroy_function(section->refs, free);
	}
	free(section->node.name);
	free(section);
}

/**
 * Append to a list created on first use
 */
static void append(linked_list_t **list, void *item)
{
	if (!*list)
	{
		*list = linked_list_create();
	}
	(*list)->insert_last(*list, item);
}

/**
 * The tree's copy of a file name
 */
static const char *intern(private_mguard_conf_tree_t *this, const char *file)
{
	char *name;
	int i;

	if (this->last_file && streq(this->last_file, file))
	{
		return this->last_file;
	}
	for (i = array_count(this->files) - 1; i >= 0; i--)
	{
		array_get(this->files, i, &name);
		if (streq(name, file))
		{
			this->last_file = name;
			return name;
		}
	}
	name = strdup(file);
	array_insert(this->files, ARRAY_TAIL, name);
	this->last_file = name;
	return name;
}

METHOD(mguard_conf_tree_t, get_path, char*,
	private_mguard_conf_tree_t *this, mguard_conf_section_t *section,
	char *buf, size_t len)
{
	mguard_conf_section_t *names[MGUARD_CONF_MAX_NESTING + 2];
	int count = 0, i;
	size_t pos = 0;
	int written;

	buf[0] = '\0';
	while (section && section->node.parent &&
		   count < (int)countof(names))
	{
		names[count++] = section;
		section = section->node.parent;
	}
	for (i = count - 1; i >= 0; i--)
	{
		written = snprintf(buf + pos, len - pos, "%s%s", pos ? "." : "",
						   names[i]->node.name);
		if (written < 0 || (size_t)written >= len - pos)
		{
			break;
		}
		pos += written;
	}
	return buf;
}

/**
 * Report a name defined twice in a section
 */
static void duplicate(private_mguard_conf_tree_t *this,
					  mguard_conf_section_t *parent, const char *name,
					  const char *file, int line, node_t *first)
{
	char path[PATH_LEN], where[PATH_LEN];
	size_t len;

	get_path(this, parent, path, sizeof(path));
	len = strlen(path);
	snprintf(path + len, sizeof(path) - len, "%s%s", len ? "." : "", name);
	if (streq(first->file, file))
	{
		snprintf(where, sizeof(where), "line %d", first->line);
	}
	else
	{
		snprintf(where, sizeof(where), "%s line %d", first->file, first->line);
	}
	this->report->add(this->report, MGUARD_ERROR, file, path,
		"defined more than once; allowed: each key once per table and each "
		"key or section once per section (line %d, first %s at %s)", line,
		first->is_section ? "as a section" : "as a key", where);
}

METHOD(mguard_conf_tree_t, get_root, mguard_conf_section_t*,
	private_mguard_conf_tree_t *this)
{
	return this->root;
}

METHOD(mguard_conf_tree_t, add_section, mguard_conf_section_t*,
	private_mguard_conf_tree_t *this, mguard_conf_section_t *parent,
	const char *name, const char *file, int line)
{
	mguard_conf_section_t *section;
	node_t key = {
		.parent = parent,
		.name = (char*)name,
	}, *found;

	file = intern(this, file);
	section = section_create(parent, name, file, line);
	found = this->index->get(this->index, &key);
	if (found)
	{
		duplicate(this, parent, name, file, line, found);
		array_insert_create(&this->detached, ARRAY_TAIL, section);
		return section;
	}
	append(&parent->sections, section);
	this->index->put(this->index, &section->node, &section->node);
	return section;
}

METHOD(mguard_conf_tree_t, add_reference, void,
	private_mguard_conf_tree_t *this, mguard_conf_section_t *section,
	const char *ref)
{
	enumerator_t *enumerator;
	char *existing;
	bool found = FALSE;

	/* as settings_reference_add(): a reference is kept once */
	if (section->refs)
	{
		enumerator = section->refs->create_enumerator(section->refs);
		while (!found && enumerator->enumerate(enumerator, &existing))
		{
			found = streq(existing, ref);
		}
		enumerator->destroy(enumerator);
	}
	if (!found)
	{
		append(&section->refs, strdup(ref));
	}
}

METHOD(mguard_conf_tree_t, add_value, void,
	private_mguard_conf_tree_t *this, mguard_conf_section_t *section,
	const char *name, const char *value, const char *file, int line)
{
	node_t key = {
		.parent = section,
		.name = (char*)name,
	}, *found;
	kv_t *kv;

	file = intern(this, file);
	found = this->index->get(this->index, &key);
	if (found)
	{
		duplicate(this, section, name, file, line, found);
		return;
	}
	INIT(kv,
		.node = {
			.parent = section,
			.name = strdup(name),
			.file = file,
			.line = line,
		},
		.value = strdupnull(value),
	);
	append(&section->kvs, kv);
	this->index->put(this->index, &kv->node, &kv->node);
}

/**
 * Find a node by the dotted path (names never contain dots), starting at
 * the section found last if path is below it
 */
static node_t *find(private_mguard_conf_tree_t *this, const char *path)
{
	mguard_conf_section_t *section;
	char name[PATH_LEN];
	node_t key, *found = &this->root->node;
	const char *dot, *full = path;
	size_t len;

	if (!path || !*path)
	{
		return found;
	}
	if (this->last_path && strncmp(path, this->last_path,
								   this->last_len) == 0 &&
		(path[this->last_len] == '.' || path[this->last_len] == '\0'))
	{
		found = &this->last_section->node;
		path += this->last_len;
		path += *path == '.' ? 1 : 0;
	}
	while (*path)
	{
		if (!found->is_section)
		{
			return NULL;
		}
		section = (mguard_conf_section_t*)found;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		if (len >= sizeof(name))
		{
			return NULL;
		}
		memcpy(name, path, len);
		name[len] = '\0';
		key = (node_t){
			.parent = section,
			.name = name,
		};
		found = this->index->get(this->index, &key);
		if (!found)
		{
			return NULL;
		}
		path = dot ? dot + 1 : path + len;
	}
	if (found->is_section)
	{
		free(this->last_path);
		this->last_len = strlen(full);
		this->last_path = strndup(full, this->last_len);
		this->last_section = (mguard_conf_section_t*)found;
	}
	return found;
}

static mguard_conf_section_t *find_section(private_mguard_conf_tree_t *this,
										   const char *path)
{
	node_t *node = find(this, path);

	return node && node->is_section ? (mguard_conf_section_t*)node : NULL;
}

CALLBACK(section_filter, bool,
	void *data, enumerator_t *orig, va_list args)
{
	mguard_conf_section_t *section;
	char **name;

	VA_ARGS_VGET(args, name);
	if (orig->enumerate(orig, &section))
	{
		*name = section->node.name;
		return TRUE;
	}
	return FALSE;
}

CALLBACK(kv_filter, bool,
	void *data, enumerator_t *orig, va_list args)
{
	char **key, **value;
	kv_t *kv;

	VA_ARGS_VGET(args, key, value);
	if (orig->enumerate(orig, &kv))
	{
		*key = kv->node.name;
		if (value)
		{
			*value = kv->value;
		}
		return TRUE;
	}
	return FALSE;
}

METHOD(mguard_conf_t, create_section_enumerator, enumerator_t*,
	private_mguard_conf_tree_t *this, const char *path)
{
	mguard_conf_section_t *section = find_section(this, path);

	if (!section || !section->sections)
	{
		return enumerator_create_empty();
	}
	return enumerator_create_filter(
				section->sections->create_enumerator(section->sections),
				section_filter, NULL, NULL);
}

METHOD(mguard_conf_t, create_key_value_enumerator, enumerator_t*,
	private_mguard_conf_tree_t *this, const char *path)
{
	mguard_conf_section_t *section = find_section(this, path);

	if (!section || !section->kvs)
	{
		return enumerator_create_empty();
	}
	return enumerator_create_filter(
				section->kvs->create_enumerator(section->kvs),
				kv_filter, NULL, NULL);
}

METHOD(mguard_conf_t, create_reference_enumerator, enumerator_t*,
	private_mguard_conf_tree_t *this, const char *path)
{
	mguard_conf_section_t *section = find_section(this, path);

	if (!section || !section->refs)
	{
		return enumerator_create_empty();
	}
	return section->refs->create_enumerator(section->refs);
}

METHOD(mguard_conf_t, has_section, bool,
	private_mguard_conf_tree_t *this, const char *path)
{
	return find_section(this, path) != NULL;
}

METHOD(mguard_conf_t, get_location, const char*,
	private_mguard_conf_tree_t *this, const char *path, int *line)
{
	node_t *node = find(this, path);

	if (!node || !node->parent)
	{
		return NULL;
	}
	*line = node->line;
	return node->file;
}

METHOD(mguard_conf_t, destroy, void,
	private_mguard_conf_tree_t *this)
{
	this->index->destroy(this->index);
	section_destroy(this->root);
	array_destroy_function(this->detached, (void*)section_destroy, NULL);
	array_destroy_function(this->files, (void*)free, NULL);
	free(this->last_path);
	free(this);
}

/*
 * Described in header
 */
mguard_conf_tree_t *mguard_conf_tree_create(mguard_report_t *report)
{
	private_mguard_conf_tree_t *this;

	INIT(this,
		.public = {
			.public = {
				.create_section_enumerator = _create_section_enumerator,
				.create_key_value_enumerator = _create_key_value_enumerator,
				.create_reference_enumerator = _create_reference_enumerator,
				.has_section = _has_section,
				.get_location = _get_location,
				.destroy = _destroy,
			},
			.get_root = _get_root,
			.add_section = _add_section,
			.add_reference = _add_reference,
			.add_value = _add_value,
			.get_path = _get_path,
		},
		.root = section_create(NULL, NULL, "", 0),
		.index = hashtable_create((hashtable_hash_t)node_hash,
								  (hashtable_equals_t)node_equals, 1024),
		.files = array_create(0, 0),
		.report = report,
	);
	return &this->public;
}
