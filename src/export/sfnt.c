/* sfnt.c — a font file read for the subsetter, only as much of its outlines
 * as the subset needs (sfnt.h). The file's table directory is read at once
 * (OpenType 1.9 "Organization of an OpenType Font"; a collection's header
 * gives the offset of font `index`); each table is read when HarfBuzz
 * first asks for it: whole into the heap, or, for the outlines, into an
 * anonymous mapping of the table's size in which only the wanted glyphs'
 * bytes are written, so the rest costs no memory and reads as zeros.
 *
 * - 'CFF ' (CFF, Adobe TN 5176): everything but the CharStrings INDEX's
 *   data is read, so the subsetter finds every DICT, subroutine, charset
 *   and FDSelect; of the data, each wanted glyph's charstring. Only for
 *   CID-keyed fonts (a ROS operator in the Top DICT), which cannot use the
 *   seac form of endchar, whose accent components the subsetter would
 *   also read.
 * - 'glyf': each wanted glyph's bytes by 'loca', and the components of a
 *   composite glyph, recursively, as the subsetter adds them to a subset. */
#include "export/sfnt.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define MAX_TABLES 64

struct table {
	uint32_t tag, off, len;
	hb_blob_t *blob; /* read, kept until the face goes */
};

struct sfnt {
	int fd;
	off_t size;
	hb_set_t *glyphs; /* wanted, with .notdef */
	bool cff;         /* outlines in a CID-keyed 'CFF ' (else 'glyf') */
	uint32_t charstrings; /* ... its CharStrings INDEX, from the table's start */
	struct table t[MAX_TABLES];
	int n;
};

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return be16(p) << 16 | be16(p + 2);
}

/* Read len bytes at off into buf; false on a short read or error. */
static bool read_at(const struct sfnt *s, uint64_t off, size_t len, void *buf)
{
	if (off > (uint64_t)s->size || len > (uint64_t)s->size - off)
		return false;
	for (size_t done = 0; done < len;) {
		ssize_t r = pread(s->fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (r <= 0)
			return false;
		done += (size_t)r;
	}
	return true;
}

static struct table *find(struct sfnt *s, uint32_t tag)
{
	for (int i = 0; i < s->n; i++)
		if (s->t[i].tag == tag)
			return &s->t[i];
	return NULL;
}

/* A table read whole into the heap. */
static hb_blob_t *whole(struct sfnt *s, const struct table *t)
{
	if (t->len == 0)
		return hb_blob_get_empty();
	char *data = xmalloc(t->len);
	if (!read_at(s, t->off, t->len, data)) {
		free(data);
		return NULL;
	}
	return hb_blob_create(data, t->len, HB_MEMORY_MODE_WRITABLE, data, free);
}

/* An anonymous mapping of len bytes that reads as zeros until written,
 * and the blob that unmaps it. */
struct sparse {
	void *p;
	size_t len;
};

static void sparse_unmap(void *arg)
{
	struct sparse *m = arg;
	munmap(m->p, m->len);
	free(m);
}

static struct sparse *sparse_new(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct sparse *m = xmalloc(sizeof(*m));
	m->p = p;
	m->len = len;
	return m;
}

static hb_blob_t *sparse_blob(struct sparse *m)
{
	return hb_blob_create(m->p, (unsigned)m->len, HB_MEMORY_MODE_WRITABLE, m, sparse_unmap);
}

/* Copy table bytes [from, to) into m. */
static bool fill(struct sfnt *s, const struct table *t, struct sparse *m, uint64_t from, uint64_t to)
{
	if (from > to || to > t->len)
		return false;
	return to == from || read_at(s, t->off + from, (size_t)(to - from), (char *)m->p + from);
}

/* A CFF INDEX at p in c[0..len): its count and offset size, and where its
 * offsets start; false if it does not fit. */
static bool cff_index(const unsigned char *c, size_t len, size_t p, uint32_t *count,
		      unsigned *offsize, size_t *offsets)
{
	if (p + 2 > len)
		return false;
	*count = be16(c + p);
	if (*count == 0) {
		*offsize = 0;
		*offsets = p + 2;
		return true;
	}
	if (p + 3 > len)
		return false;
	*offsize = c[p + 2];
	*offsets = p + 3;
	return *offsize >= 1 && *offsize <= 4 && *offsets + ((size_t)*count + 1) * *offsize <= len;
}

static uint32_t cff_offset(const unsigned char *c, size_t at, unsigned offsize)
{
	uint32_t v = 0;
	for (unsigned k = 0; k < offsize; k++)
		v = v << 8 | c[at + k];
	return v;
}

/* The end of the INDEX at p (one past its last data byte), or 0. */
static size_t cff_index_end(const unsigned char *c, size_t len, size_t p)
{
	uint32_t count;
	unsigned osz;
	size_t offs;
	if (!cff_index(c, len, p, &count, &osz, &offs))
		return 0;
	if (count == 0)
		return offs;
	size_t end = offs + ((size_t)count + 1) * osz - 1 + cff_offset(c, offs + (size_t)count * osz, osz);
	return end <= len ? end : 0;
}

/* In the Top DICT d[0..len), the CharStrings offset (operator 17) and
 * whether there is a ROS (12 30). False if the DICT cannot be read. */
static bool cff_top_dict(const unsigned char *d, size_t len, uint32_t *charstrings, bool *cid)
{
	long stack[48];
	int n = 0;
	*charstrings = 0;
	*cid = false;
	for (size_t i = 0; i < len;) {
		unsigned b = d[i];
		if (b <= 21) { /* an operator */
			unsigned op = b;
			if (b == 12) {
				if (i + 1 >= len)
					return false;
				op = 1200 + d[i + 1];
				i += 2;
			} else {
				i++;
			}
			if (op == 17 && n >= 1 && stack[n - 1] > 0)
				*charstrings = (uint32_t)stack[n - 1];
			if (op == 1230)
				*cid = true;
			n = 0;
			continue;
		}
		long v = 0;
		if (b == 28 && i + 3 <= len) {
			v = (int16_t)be16(d + i + 1);
			i += 3;
		} else if (b == 29 && i + 5 <= len) {
			v = (int32_t)be32(d + i + 1);
			i += 5;
		} else if (b == 30) { /* a real: nibbles up to an 0xf */
			for (i++; i < len && (d[i] & 0xF) != 0xF && (d[i] >> 4) != 0xF; i++)
				;
			i++;
		} else if (b >= 32 && b <= 246) {
			v = (long)b - 139;
			i++;
		} else if (b >= 247 && b <= 250 && i + 2 <= len) {
			v = ((long)b - 247) * 256 + d[i + 1] + 108;
			i += 2;
		} else if (b >= 251 && b <= 254 && i + 2 <= len) {
			v = -((long)b - 251) * 256 - d[i + 1] - 108;
			i += 2;
		} else {
			return false;
		}
		if (n == (int)ARRAY_LEN(stack))
			return false;
		stack[n++] = v;
	}
	return true;
}

/* Whether the 'CFF ' table t is CID-keyed, and where its CharStrings INDEX
 * is (*charstrings, from the table's start). */
static bool cff_probe(struct sfnt *s, const struct table *t, uint32_t *charstrings)
{
	/* The header, Name INDEX and Top DICT INDEX come first and are small. */
	size_t len = t->len < 65536 ? t->len : 65536;
	unsigned char *c = xmalloc(len ? len : 1);
	bool ok = len >= 4 && read_at(s, t->off, len, c);
	size_t top = ok ? cff_index_end(c, len, c[2]) : 0; /* after the Name INDEX */
	uint32_t count;
	unsigned osz;
	size_t offs;
	ok = top && cff_index(c, len, top, &count, &osz, &offs) && count >= 1;
	bool cid = false;
	if (ok) {
		size_t base = offs + ((size_t)count + 1) * osz - 1;
		size_t from = base + cff_offset(c, offs, osz), to = base + cff_offset(c, offs + osz, osz);
		ok = from <= to && to <= len && cff_top_dict(c + from, to - from, charstrings, &cid);
	}
	free(c);
	return ok && cid && *charstrings > 0 && *charstrings < t->len;
}

/* The 'CFF ' table with only the wanted glyphs' charstrings. */
static hb_blob_t *cff_sparse(struct sfnt *s, const struct table *t)
{
	uint32_t cs = s->charstrings;
	struct sparse *m = sparse_new(t->len);
	if (!m)
		return NULL;
	const unsigned char *c = m->p;
	uint32_t count;
	unsigned osz;
	size_t offs;
	bool ok = fill(s, t, m, 0, cs + 3);
	ok = ok && cff_index(c, t->len, cs, &count, &osz, &offs) && count > 0;
	size_t base = 0, end = 0;
	if (ok) { /* the offsets, then everything after the data */
		ok = fill(s, t, m, cs + 3, offs + ((size_t)count + 1) * osz);
		base = offs + ((size_t)count + 1) * osz - 1;
		end = ok ? base + cff_offset(c, offs + (size_t)count * osz, osz) : 0;
		ok = ok && end <= t->len && fill(s, t, m, end, t->len);
	}
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	while (ok && hb_set_next(s->glyphs, &g) && g < count) {
		size_t from = base + cff_offset(c, offs + (size_t)g * osz, osz);
		size_t to = base + cff_offset(c, offs + ((size_t)g + 1) * osz, osz);
		ok = from <= to && to <= end && fill(s, t, m, from, to);
	}
	if (!ok) {
		sparse_unmap(m);
		return NULL;
	}
	return sparse_blob(m);
}

/* The 'glyf' table with only the wanted glyphs and their components. */
static hb_blob_t *glyf_sparse(struct sfnt *s, const struct table *t)
{
	struct table *head = find(s, TAG('h', 'e', 'a', 'd')), *loca = find(s, TAG('l', 'o', 'c', 'a'));
	if (!head || !loca || head->len < 54)
		return NULL;
	unsigned char fmt[2];
	if (!read_at(s, head->off + 50, 2, fmt))
		return NULL;
	bool wide = be16(fmt) == 1; /* indexToLocFormat */
	unsigned char *lo = xmalloc(loca->len ? loca->len : 1);
	struct sparse *m = lo && read_at(s, loca->off, loca->len, lo) ? sparse_new(t->len) : NULL;
	if (!m) {
		free(lo);
		return NULL;
	}
	uint32_t nloca = loca->len / (wide ? 4 : 2);
	hb_set_t *todo = hb_set_copy(s->glyphs), *done = hb_set_create();
	bool ok = true;
	hb_codepoint_t g;
	while (ok && (g = hb_set_get_min(todo)) != HB_SET_VALUE_INVALID) {
		hb_set_del(todo, g);
		hb_set_add(done, g);
		if (g + 1 >= nloca)
			continue; /* not a glyph of this font: the subsetter drops it */
		uint32_t from = wide ? be32(lo + 4 * (size_t)g) : 2 * be16(lo + 2 * (size_t)g);
		uint32_t to = wide ? be32(lo + 4 * ((size_t)g + 1)) : 2 * be16(lo + 2 * ((size_t)g + 1));
		if (to <= from)
			continue; /* empty */
		ok = fill(s, t, m, from, to);
		const unsigned char *p = (const unsigned char *)m->p + from;
		size_t len = to - from;
		if (!ok || len < 10 || (int16_t)be16(p) >= 0)
			continue;
		/* A composite: its components' records (flags, glyph, arguments,
		 * transformation), while MORE_COMPONENTS is set. */
		for (size_t at = 10; at + 4 <= len;) {
			uint32_t flags = be16(p + at), comp = be16(p + at + 2);
			if (!hb_set_has(done, comp))
				hb_set_add(todo, comp);
			at += 4 + ((flags & 0x0001) ? 4 : 2);
			at += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
			if (!(flags & 0x0020))
				break;
		}
	}
	hb_set_destroy(todo);
	hb_set_destroy(done);
	free(lo);
	if (!ok) {
		sparse_unmap(m);
		return NULL;
	}
	return sparse_blob(m);
}

static hb_blob_t *reference_table(hb_face_t *face, hb_tag_t tag, void *arg)
{
	(void)face;
	struct sfnt *s = arg;
	struct table *t = find(s, tag);
	if (!t)
		return NULL;
	if (!t->blob) {
		if (tag == TAG('C', 'F', 'F', ' ') && s->cff)
			t->blob = cff_sparse(s, t);
		else if (tag == TAG('g', 'l', 'y', 'f') && !s->cff)
			t->blob = glyf_sparse(s, t);
		if (!t->blob)
			t->blob = whole(s, t);
		if (!t->blob)
			return NULL;
	}
	return hb_blob_reference(t->blob);
}

static void sfnt_free(void *arg)
{
	struct sfnt *s = arg;
	for (int i = 0; i < s->n; i++)
		hb_blob_destroy(s->t[i].blob);
	hb_set_destroy(s->glyphs);
	close(s->fd);
	free(s);
}

/* The table directory of font `index`; false if it cannot be read. */
static bool read_directory(struct sfnt *s, unsigned index)
{
	unsigned char h[12];
	uint64_t dir = 0;
	if (!read_at(s, 0, 12, h))
		return false;
	if (be32(h) == TAG('t', 't', 'c', 'f')) {
		unsigned char o[4];
		if (index >= be32(h + 8) || !read_at(s, 12 + 4 * (uint64_t)index, 4, o))
			return false;
		dir = be32(o);
		if (!read_at(s, dir, 12, h))
			return false;
	} else if (index != 0) {
		return false;
	}
	unsigned n = be16(h + 4);
	if (n > MAX_TABLES)
		return false;
	unsigned char r[16 * MAX_TABLES];
	if (!read_at(s, dir + 12, 16 * (size_t)n, r))
		return false;
	for (unsigned i = 0; i < n; i++) {
		struct table *t = &s->t[s->n++];
		t->tag = be32(r + 16 * i);
		t->off = be32(r + 16 * i + 8);
		t->len = be32(r + 16 * i + 12);
		if (t->off > s->size || t->len > s->size - t->off)
			return false;
	}
	return true;
}

/* Whether the file is the one whose first bytes and 'head' the layout saw. */
static bool same_file(struct sfnt *s, const char *expect, size_t expect_len)
{
	if ((uint64_t)s->size != expect_len)
		return false;
	size_t n = expect_len < 4096 ? expect_len : 4096;
	char *buf = xmalloc(n ? n : 1);
	bool same = read_at(s, 0, n, buf) && memcmp(buf, expect, n) == 0;
	free(buf);
	const struct table *head = find(s, TAG('h', 'e', 'a', 'd'));
	if (same && head) {
		buf = xmalloc(head->len ? head->len : 1);
		same = read_at(s, head->off, head->len, buf) &&
		       memcmp(buf, expect + head->off, head->len) == 0;
		free(buf);
	}
	return same && head;
}

hb_face_t *sfnt_face_new(const char *path, unsigned index, const hb_set_t *glyphs,
			 const char *expect, size_t expect_len)
{
	struct sfnt *s = xcalloc(1, sizeof(*s));
	struct stat st;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0 || fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > UINT32_MAX) {
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		return NULL;
	}
	s->size = st.st_size;
	s->glyphs = hb_set_copy(glyphs);
	hb_set_add(s->glyphs, 0);
	struct table *cff = NULL;
	bool ok = read_directory(s, index) && same_file(s, expect, expect_len);
	if (ok && (cff = find(s, TAG('C', 'F', 'F', ' '))))
		ok = s->cff = cff_probe(s, cff, &s->charstrings);
	else if (ok)
		ok = find(s, TAG('g', 'l', 'y', 'f')) && find(s, TAG('l', 'o', 'c', 'a'));
	if (!ok) {
		sfnt_free(s);
		return NULL;
	}
	return hb_face_create_for_tables(reference_table, s, sfnt_free);
}
