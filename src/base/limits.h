/* limits.h — every limit paiban puts on what it reads, stage "base", in one
 * place. Each keeps a hostile or mistaken input from costing unbounded
 * memory or time: past a limit the run stops with a message naming it,
 * never by running out of memory. The figures and the memory they bound
 * are documented in docs/report.md (section "Limits"); a reader added
 * later (data files, images) puts its limits here too. */
#ifndef PAIBAN_LIMITS_H
#define PAIBAN_LIMITS_H

#include <stddef.h>

/* A report or layout file (YAML or JSON). */
#define LIMIT_REPORT_BYTES ((size_t)16 << 20)
/* Values in one YAML or JSON file: scalars, lists and mappings, an alias
 * counted at the full size of what it repeats (so "billion laughs" stops
 * here). The tree costs at most about 100 bytes a value plus its text. */
#define LIMIT_NODES 200000
/* Lists and mappings inside each other. */
#define LIMIT_DEPTH 64
/* Characters of text in one document: the report's texts and the CSV
 * cells it shows. About 530 A4 pages of the briefing layout. */
#define LIMIT_CHARS 1000000
/* Nodes the data layer's each: and ${…} make or look at while expanding a
 * report (docs/data.md): nested loops multiply, and the block readers'
 * limits come only after the expansion. */
#define LIMIT_EXPANSION 1000000

/* Blocks in a report's body. */
#define LIMIT_BLOCKS 10000
/* Paragraphs in one document (list items, headings and quote paragraphs
 * included): each costs about 500 bytes and its own lines however short,
 * so 1,000,000 one-character paragraphs would take 750 MB and 12 s. */
#define LIMIT_PARAGRAPHS 100000
/* Pages (or images) a run may produce. */
#define LIMIT_PAGES 1000

/* A CSV file: bytes and cells. */
#define LIMIT_CSV_BYTES ((size_t)16 << 20)
#define LIMIT_CSV_CELLS 100000

/* An image file (PNG, JPEG, SVG): bytes, pixels a side and in all. */
#define LIMIT_IMAGE_BYTES ((size_t)32 << 20)
#define LIMIT_IMAGE_SIDE 10000
#define LIMIT_IMAGE_PIXELS ((size_t)40 * 1000 * 1000)
/* A progressive JPEG of more scans than this is refused (a few thousand
 * tiny scans are a known way to make a decoder spin; real files have ~10). */
#define LIMIT_JPEG_SCANS 500

/* Pixels of all the PNG images one run writes (2,000 million: 1,000 A4
 * pages at 150 dpi take 1,740 million). Drawing and encoding cost about
 * 25 ms a million, so no input makes a run write for more than a minute. */
#define LIMIT_PNG_PIXELS 2000000000LL

/* A chart value's magnitude (10^16 is 1亿亿): far beyond any report's
 * figures, and small enough that no axis range or sum overflows. */
#define LIMIT_CHART_VALUE 1e16

#endif
