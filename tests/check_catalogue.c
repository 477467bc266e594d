/* check_catalogue.c — the bad-input catalogue: one line per hostile or
 * mistaken input, run through the paiban binary in a folder of its own,
 * with the exit code, the place ("r.yaml:2:3", or the file or "paiban"
 * for messages about a whole file or the command line) and the message it
 * must give. Every case also checks what must never happen: a control
 * character or invalid UTF-8 on the terminal, an output or temporary file
 * left by a failed run, an input file changed. The inputs are written by
 * the table or made by a few shell commands (big files, FIFOs, links), so
 * the maximum-size inputs run here too (docs/testing.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "base/outfile.h"
#include "base/util.h"
#include "testutil.h"

struct bad {
	const char *setup; /* shell commands run first in the case's folder, or NULL */
	const char *file;  /* written with text in the folder (NULL: none) */
	const char *text;
	const char *cmd;   /* the command; $P is the paiban binary */
	int code;          /* exit code */
	const char *where; /* before ": error: " — "r.yaml:2:3", "d.csv", "paiban"; NULL: no error */
	const char *msg;   /* in that error's message */
};

#define R "$P render r.yaml -l briefing -o out.pdf"
#define J "$P render r.json -l briefing -o out.pdf"
#define B "body:\n  - text: 正文\n"
/* A PNG of 50000×50000 px: signature, IHDR, an empty IDAT, IEND. */
#define HUGE_PNG "printf '\\211\\120\\116\\107\\015\\012\\032\\012\\000\\000\\000\\015\\111\\110\\104\\122\\000\\000\\303\\120\\000\\000\\303\\120\\010\\006\\000\\000\\000\\113\\257\\075\\312\\000\\000\\000\\000\\111\\104\\101\\124\\065\\257\\006\\036\\000\\000\\000\\000\\111\\105\\116\\104\\256\\102\\140\\202' > big.png"

static const struct bad cases[] = {
	/* ---- YAML syntax ---- */
	{ NULL, "r.yaml", "body:\n  - text: \"未闭合\n  - text: 正文\n", R, 1, "r.yaml:2:11", "this quoted text is never closed" },
	{ NULL, "r.yaml", "meta:\n  title: 经开区: 新闻\nbody: []\n", R, 1, "r.yaml:2:13", "mapping values are not allowed in this context" },
	{ NULL, "r.yaml", "body:\n  - text: a\n - text: b\n", R, 1, "r.yaml:3:2", "did not find expected key" },
	{ NULL, "r.yaml", "body:\n\t- text: a\n", R, 1, "r.yaml:2:1", "found character that cannot start any token" },
	{ NULL, "r.yaml", "? _:\t:", R, 1, "r.yaml:1:6", "mapping values are not allowed in this context" },
	{ NULL, "r.yaml", "body:\n  - text: 一\nbody:\n  - text: 二\n", R, 1, "r.yaml:3:1", "duplicate key 'body'" },
	{ NULL, "r.yaml", B "---\nbody: []\n", R, 1, "r.yaml:4:1", "a file holds one document" },
	{ NULL, "r.yaml", "body:\n  - text: *nope\n", R, 1, "r.yaml:2:12", "the alias '*nope' refers to no anchor (&nope)" },
	{ NULL, "r.yaml", "a: &a [*a]\n" B, R, 1, "r.yaml:1:9", "the alias '*a' is inside the value its anchor marks (a loop)" },
	{ "printf 'body: ' > r.yaml; for i in $(seq 70); do printf '[' >> r.yaml; done", NULL, NULL, R, 1, "r.yaml:1:70", "lists and mappings are nested too deeply (more than 64 levels)" },
	{ NULL, "r.yaml", "# 只有注释\n\n", R, 1, "r.yaml:1:1", "the file is empty" },
	{ NULL, "r.yaml", "", R, 1, "r.yaml:1:1", "the file is empty" },
	/* "Billion laughs": ten aliases of ten aliases of … */
	{ NULL, "r.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" B,
	  R, 1, "r.yaml:6:5", "the file holds more than 200,000 values" },
	/* A byte-order mark is no column. */
	{ NULL, "r.yaml", "\xEF\xBB\xBFmeta: {titel: x}\n" B, R, 1, "r.yaml:1:8", "unknown key 'titel' in 'meta'" },
	/* ---- encodings and NUL ---- */
	{ NULL, "r.yaml", "body:\n  - text: 经开区\xC3\x28\n", R, 1, "r.yaml:2:14", "invalid UTF-8 (byte 0xC3)" },
	{ NULL, "r.yaml", "body:\n  - text: caf\xE9\n", R, 1, "r.yaml:2:14", "invalid UTF-8 (byte 0xE9)" },
	{ NULL, "r.yaml", "body:\n  - text: \xED\xA0\x80\n", R, 1, "r.yaml:2:11", "invalid UTF-8 (byte 0xED)" },
	{ NULL, "r.yaml", "body:\n  - text: \xC0\xAF\n", R, 1, "r.yaml:2:11", "invalid UTF-8 (byte 0xC0)" },
	{ "printf '\\377\\376b\\000o\\000' > r.yaml", NULL, NULL, R, 1, "r.yaml:1:1", "invalid UTF-8 (byte 0xFF)" },
	{ "printf 'body:\\n  - text: a\\000b\\n' > r.yaml", NULL, NULL, R, 1, "r.yaml:2:12", "NUL byte in text file" },
	{ NULL, "r.yaml", "meta:\n  title: \"a\\0b\"\n" B, R, 1, "r.yaml:2:10", "a NUL character (\\0 or \\u0000) in text is not allowed" },
	{ NULL, "r.yaml", "body:\n  - text: \"x\\u0000y\"\n", R, 1, "r.yaml:2:11", "a NUL character (\\0 or \\u0000) in text is not allowed" },
	{ NULL, "r.yaml", "body:\n  - text: \"x\\x00y\"\n", R, 1, "r.yaml:2:11", "a NUL character (\\0 or \\u0000) in text is not allowed" },
	/* ---- JSON ---- */
	{ NULL, "r.json", "{\"body\":[{\"text\":\"x\\u0000y\"}]}", J, 1, "r.json:1:20", "a NUL character (\\u0000) in text is not allowed" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"正文\"},]}\n", J, 1, "r.json:1:25", "JSON disallows trailing comma before ']'" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"正文\"} {\"text\": \"x\"}]}\n", J, 1, "r.json:1:26", "expected ',' or ']', found '{'" },
	{ NULL, "r.json", "{'body': []}\n", J, 1, "r.json:1:2", "expected a key in double quotes (JSON has no single quotes)" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"正文}]}\n", J, 1, "r.json:1:26", "a string cannot run over a line end in JSON (write \\n)" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"a\tb\"}]}\n", J, 1, "r.json:1:22", "a control character in a string must be escaped" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"\\q\"}]}\n", J, 1, "r.json:1:21", "unknown escape in a string" },
	{ NULL, "r.json", "{\"body\": [{\"text\": \"\\udc00\"}]}\n", J, 1, "r.json:1:21", "a \\u escape of a lone low surrogate" },
	{ NULL, "r.json", "{\"body\": [], \"meta\": {\"date\": 01}}\n", J, 1, "r.json:1:31", "a number in JSON does not start with 0" },
	{ NULL, "r.json", "// 注释\n{\"body\": []}\n", J, 1, "r.json:1:1", "expected a value" },
	{ NULL, "r.json", "{\"body\": [], \"body\": []}\n", J, 1, "r.json:1:14", "duplicate key 'body'" },
	{ NULL, "r.json", "{\"body\": []} []\n", J, 1, "r.json:1:14", "expected the end of the file after the top value" },
	{ "printf '{\"body\": ' > r.json; for i in $(seq 70); do printf '[' >> r.json; done", NULL, NULL, J, 1, "r.json:1:73", "lists and objects are nested too deeply (more than 64 levels)" },
	/* ---- the report's structure; an empty value points at its key ---- */
	{ NULL, "r.yaml", "meta:\n  titel: 简报\n" B, R, 1, "r.yaml:2:3", "unknown key 'titel' in 'meta'" },
	{ NULL, "r.yaml", "meta:\n  title: 标题\n", R, 1, "r.yaml:1:1", "a report needs a 'body' list of blocks" },
	{ NULL, "r.yaml", "body:\n  - {}\n", R, 1, "r.yaml:2:5", "an empty body block" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - heading:\n", R, 1, "r.yaml:3:5", "a heading must be text, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - heading: 一\n  - text:\n", R, 1, "r.yaml:3:5", "a text block must be text, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - lead:\n", R, 1, "r.yaml:3:5", "a lead must be text, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - quote:\n", R, 1, "r.yaml:3:5", "a quote must be text, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - list:\n", R, 1, "r.yaml:3:5", "a list's items must be a list, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - table:\n", R, 1, "r.yaml:3:5", "a table must be a mapping, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - chart:\n", R, 1, "r.yaml:3:5", "a chart must be a mapping, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - image:\n", R, 1, "r.yaml:3:5", "an image's file must be text, found nothing (null)" },
	{ NULL, "r.yaml", "body:\n  - text: 一\n  - kpis:\n", R, 1, "r.yaml:3:5", "kpis must be a list, found nothing (null)" },
	/* ---- limits ---- */
	{ "truncate -s 17M r.yaml", NULL, NULL, R, 1, "r.yaml", "file is larger than 16 MiB" },
	{ "{ printf 'body:\\n'; yes '  - pagebreak:' | head -n 10001; } > r.yaml", NULL, NULL, R, 1, "r.yaml:2:5", "the body has 10001 blocks; a report has at most 10000" },
	{ "{ printf 'meta:\\n  title: &a \"'; yes 经 | head -n 1000 | tr -d '\\n'; printf '\"\\nbody:\\n  - list:\\n'; yes '    - *a' | head -n 1000; } > r.yaml",
	  NULL, NULL, R, 1, "r.yaml:2:14", "the report has more than 1,000,000 characters of text; split it into several reports" },
	{ "awk 'BEGIN { print \"body:\\n  - text: |\"; for (i = 0; i < 100001; i++) printf \"      段\\n\\n\" }' > r.yaml", NULL, NULL,
	  R, 1, "r.yaml:200003:7", "the report has more than 100,000 paragraphs (list items and headings included)" },
	{ "{ printf 'body:\\n  - list:\\n'; yes '    - 项' | head -n 100001; } > r.yaml", NULL, NULL, R, 1, "r.yaml:2:5", "the report has more than 100,000 paragraphs" },
	/* Loops inside loops multiply: 200 × 200 × 200 rows. */
	{ "awk 'BEGIN { print \"k,v\"; for (i = 0; i < 200; i++) print \"r\" i \",1\" }' > t.csv", "r.yaml",
	  "data:\n  t: {file: t.csv, key: k}\nbody:\n  - each: t\n    do:\n      - each: t\n        do:\n          - each: t\n            do:\n              - text: x\n",
	  R, 1, "r.yaml:10:17", "each: and ${…} make more than 1,000,000 values here (loops inside loops multiply)" },
	{ NULL, "r.yaml", "data:\n  t: {file: ../t.csv}\nbody:\n  - text: x\n", R, 1, "r.yaml:2:13", "'../t.csv' is outside the report's folder" },
	{ "printf 'a: 1\\n' > ../t.yaml", "r.yaml", "data:\n  t: {file: /tmp/../etc/passwd.yaml}\nbody:\n  - text: x\n", R, 1, "r.yaml:2:13", "'/tmp/../etc/passwd.yaml' is outside the report's folder" },
	{ "rm -f f.csv; mkfifo f.csv", "r.yaml", "data:\n  t: {file: f.csv}\nbody:\n  - text: x\n", R, 1, "r.yaml:2:13", "cannot read data file f.csv: it is a FIFO (named pipe); paiban reads only regular files" },
	{ "yes 1,2,3,4,5,6,7,8,9,10 | head -n 10001 > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:10001:1", "the CSV file has more than 100,000 cells" },
	{ "{ printf 'body:\\n'; yes '  - {text: 页}\n  - pagebreak:' | head -n 2004; } > r.yaml", NULL, NULL, R, 1, "paiban", "the result has 1002 pages (or images); paiban writes at most 1000 in one run" },
	{ NULL, "r.yaml", "body:\n  - chart:\n      type: column\n      series:\n        - {values: [-1.7e308, 1.7e308]}\n", R, 1, "r.yaml:5:21", "a value must be between -10^16 and 10^16" },
	{ NULL, "r.yaml", "body:\n  - chart:\n      type: line\n      series:\n        - {values: [1, 1e999]}\n", R, 1, "r.yaml:5:24", "a value must be a finite number, found '1e999'" },
	{ HUGE_PNG, "r.yaml", "body:\n  - image: big.png\n", R, 1, "r.yaml:2:12", "big.png: a 50000×50000 px image is too large" },
	/* ---- CSV ---- */
	{ "printf '年份,投资\\n\"2023,1\\n' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:2:1", "a quoted field is never closed" },
	{ "printf '项目,投资\\n甲,1\\n乙\\n' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:3:1", "this row has 1 field; the header row has 2" },
	{ "printf 'a,b\\nx\"y,1\\n' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:2:2", "a '\"' inside an unquoted field" },
	{ "printf '' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:1:1", "the CSV file is empty" },
	{ "printf 'a,b\\n\\377,1\\n' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:2:1", "invalid UTF-8 (byte 0xFF)" },
	{ "printf 'a,b\\n1,\\0002\\n' > d.csv", "r.yaml", "body:\n  - table: {data: d.csv}\n", R, 1, "d.csv:2:3", "NUL byte in text file" },
	{ "printf 'a,b\\n1,2\\n' > d.txt", "r.yaml", "body:\n  - table: {data: d.txt}\n", R, 1, "r.yaml:2:19", "'data' must be a .csv file, found 'd.txt'" },
	{ NULL, "r.yaml", "body:\n  - table: {data: nope.csv}\n", R, 1, "r.yaml:2:19", "nope.csv: cannot read: No such file or directory" },
	/* ---- images ---- */
	{ "printf 'not a png' > x.png", "r.yaml", "body:\n  - image: x.png\n", R, 1, "r.yaml:2:12", "x.png: not a PNG, JPEG or SVG file" },
	{ "printf '\\377\\330\\377\\340' > x.png", "r.yaml", "body:\n  - image: x.png\n", R, 1, "r.yaml:2:12", "x.png: a damaged JPEG: Premature end of JPEG file" },
	{ "head -c 100 $S/samples/data/park.png > x.png", "r.yaml", "body:\n  - image: x.png\n", R, 1, "r.yaml:2:12", "x.png: a damaged PNG" },
	{ NULL, "r.yaml", "body:\n  - image: anim.gif\n", R, 1, "r.yaml:2:12", "an image's file must be a .png, .jpg, .jpeg, .svg or .svgz file, found 'anim.gif'" },
	{ "printf '<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"9\" height=\"9\"/></svg>' > s.svg", "r.yaml", "body:\n  - image: s.svg\n", R, 1, "r.yaml:2:12", "s.svg: this SVG has no size" },
	{ "printf '<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" height=\"9\"><text>&x;</text></svg>' > s.svg",
	  "r.yaml", "body:\n  - image: s.svg\n", R, 1, "r.yaml:2:12", "s.svg: not a readable SVG: XML parse error: " },
	{ "printf '<svg' > s.svg", "r.yaml", "body:\n  - image: s.svg\n", R, 1, "r.yaml:2:12", "s.svg: not a readable SVG: " },
	/* ---- files a report may read (below its folder, regular files only) ---- */
	{ NULL, "r.yaml", "body:\n  - table: {data: ../x.csv}\n", R, 1, "r.yaml:2:19", "'../x.csv' is outside the report's folder" },
	{ NULL, "r.yaml", "body:\n  - table: {data: /etc/passwd}\n", R, 1, "r.yaml:2:19", "'data' must be a .csv file, found '/etc/passwd'" },
	{ "printf 'a,b\\n1,2\\n' > ../out.csv", "r.yaml", "body:\n  - table: {data: /tmp/../etc/../x/../../out.csv}\n", R, 1, "r.yaml:2:19", "'/tmp/../etc/../x/../../out.csv' is outside the report's folder" },
	{ "printf 'a,b\\n1,2\\n' > ../secret.csv; ln -sf ../secret.csv link.csv", "r.yaml", "body:\n  - table: {data: link.csv}\n", R, 1, "r.yaml:2:19", "'link.csv' is outside the report's folder" },
	{ "rm -f f.csv; mkfifo f.csv", "r.yaml", "body:\n  - table: {data: f.csv}\n", R, 1, "r.yaml:2:19", "f.csv: cannot read: it is a FIFO (named pipe); paiban reads only regular files" },
	{ "rm -f f.png; mkfifo f.png", "r.yaml", "body:\n  - image: f.png\n", R, 1, "r.yaml:2:12", "f.png: cannot read: it is a FIFO (named pipe)" },
	{ "mkdir -p dir.csv", "r.yaml", "body:\n  - table: {data: dir.csv}\n", R, 1, "r.yaml:2:19", "dir.csv: cannot read: it is a folder, not a file" },
	{ "rm -f r.yaml; mkfifo r.yaml", NULL, NULL, R, 1, "r.yaml", "cannot read: it is a FIFO (named pipe); paiban reads only regular files" },
	{ "mkdir -p r.yaml", NULL, NULL, R, 1, "r.yaml", "cannot read: it is a folder, not a file" },
	{ "mkdir -p ../other && printf 'a,b\\n1,2\\n' > ../other/d.csv", "r.yaml", "body:\n  - table: {data: ../other/d.csv}\n",
	  "$P render r.yaml -l briefing -o out.pdf --allow-read ../other", 0, NULL, NULL },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o out.pdf --allow-read nowhere", 2, "paiban", "--allow-read needs a folder; 'nowhere' is not there" },
	/* ---- layouts ---- */
	{ NULL, "r.yaml", B, "$P render r.yaml -l nosuch -o out.pdf", 1, "paiban", "unknown layout 'nosuch' (built-in layouts: briefing" },
	{ NULL, "l.yaml", "base: ../outside.yaml\n", "printf '" B "' > r.yaml; $P render r.yaml -l ./l.yaml -o out.pdf", 1, "./l.yaml:1:7", "'../outside.yaml' is outside the layout's folder" },
	{ NULL, "l.yaml", "base: l.yaml\n", "printf '" B "' > r.yaml; $P render r.yaml -l ./l.yaml -o out.pdf", 1, "./l.yaml:1:7", "'base' makes a cycle: l.yaml inherits from itself" },
	{ NULL, "l.yaml", "colums: 2\n", "printf '" B "' > r.yaml; $P render r.yaml -l ./l.yaml -o out.pdf", 1, "./l.yaml:1:1", "unknown key 'colums'" },
	{ NULL, "l.yaml", "page: {size: [100mm, \"\"]}\n", "printf '" B "' > r.yaml; $P render r.yaml -l ./l.yaml -o out.pdf", 1, "./l.yaml:1:23", "the page height must be a length such as 20mm, 10.5pt or 1080px" },
	/* ---- the command line ---- */
	{ NULL, "r.yaml", B, "$P", 2, "paiban", "no command given" },
	{ NULL, "r.yaml", B, "$P rendre r.yaml", 2, "paiban", "unknown command 'rendre'" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o out.pdf --bogus", 2, "paiban", "unknown option '--bogus'" },
	{ NULL, "r.yaml", B, "$P render r.yaml -o out.pdf", 2, "paiban", "render needs a layout" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing", 2, "paiban", "render needs an output file" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o out.docx", 2, "paiban", "the output file must end in .pdf, .png or .trace" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o out.png --dpi 5", 2, "paiban", "--dpi must be a number from 36 to 1200" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing,card -o out.pdf", 2, "paiban", "several layouts need an output folder" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l ,, -o out/", 2, "paiban", "an empty layout name in the -l list" },
	{ NULL, "r.yaml", B, "$P render r.yaml --layout= -o out.pdf", 2, "paiban", "the layout name is empty" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l", 2, "paiban", "option '-l' needs a value" },
	/* ---- never overwrite an input ---- */
	{ NULL, "r.pdf", B, "$P render r.pdf -l card -o r.pdf", 2, "paiban", "the output 'r.pdf' would overwrite 'r.pdf', which this run reads" },
	{ "ln -sf r.yaml r.png", "r.yaml", B, "$P render r.yaml -l card -o r.png", 2, "paiban", "the output 'r.png' would overwrite 'r.yaml'" },
	{ "cp $S/samples/data/park.png p-1.png", "r.yaml", "body:\n  - image: p-1.png\n  - pagebreak:\n  - text: 二\n",
	  "$P render r.yaml -l briefing -o p.png", 2, "paiban", "the output 'p-1.png' would overwrite 'p-1.png'" },
	/* ---- output that cannot be written ---- */
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o nofolder/out.pdf", 3, "nofolder/out.pdf", "cannot create output file: No such file or directory" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l briefing -o /dev/null/out.pdf", 3, "/dev/null/out.pdf", "cannot create output file: Not a directory" },
	{ "{ printf 'body:\\n'; yes '  - {text: 页}\n  - pagebreak:' | head -n 32; } > r.yaml", NULL, NULL,
	  "$P render r.yaml -l briefing -o out.png --dpi 1200", 3, "out.png", "the 16 PNG images would hold 2227 million pixels; paiban writes at most 2,000 million in one run" },
	/* A full disk: a small tmpfs where that can be mounted, else a file
	 * size limit (the message then says "File too large"). */
	{ "mkdir -p full; { printf 'body:\\n'; yes '  - text: 经开区召开大会，部署全年工作，项目建设稳步推进。' | head -n 300; } > r.yaml", NULL, NULL,
	  "if unshare -rm true 2>/dev/null; then unshare -rm sh -c 'mount -t tmpfs -o size=4k tmpfs full && \"$P\" render r.yaml -l briefing -o full/out.pdf'; "
	  "else (ulimit -f 4; trap \"\" XFSZ; \"$P\" render r.yaml -l briefing -o full/out.pdf); fi",
	  3, "full/out.pdf", "cannot write PDF: " },
	/* ---- what reaches the terminal ---- */
	{ NULL, "r.yaml", "meta:\n  \"\\e[31mtitle\\a\": x\n" B, R, 1, "r.yaml:2:4", "unknown key '\\x1b[31mtitle\\x07' in 'meta'" },
	{ NULL, "r.yaml", "body:\n  - chart: {type: \"\\u202eradar\"}\n", R, 1, "r.yaml:2:20", "unknown chart type '\\u202eradar'" },
	{ NULL, "r.yaml", B, "$P render r.yaml -l \"$(printf 'x\\033[2J')\" -o out.pdf", 1, "paiban", "unknown layout 'x\\x1b[2J'" },
};

/* Shown to a terminal: valid UTF-8, and no control character but '\n'. */
static void assert_printable(const char *s, size_t len, int i)
{
	ck_assert_msg(utf8_invalid_at(s, len) == (size_t)-1, "case %d: invalid UTF-8 on stderr", i);
	for (size_t k = 0; k < len;) {
		int c = utf8_next(s, len, &k);
		ck_assert_msg(c == '\n' || (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) &&
					    !(c >= 0x202A && c <= 0x202E)),
			      "case %d: control character U+%04X on stderr", i, (unsigned)c);
	}
}

/* No output and no temporary file in the case's folder (or full/). */
static void assert_nothing_written(const char *dir, int i)
{
	static const char *const subs[] = { "", "/full", "/out" };
	for (size_t s = 0; s < ARRAY_LEN(subs); s++) {
		char *d = xasprintf("%s%s", dir, subs[s]);
		DIR *dp = opendir(d);
		struct dirent *e;
		while (dp && (e = readdir(dp)) != NULL) {
			ck_assert_msg(strncmp(e->d_name, "out.", 4) != 0, "case %d: %s/%s was written", i, d,
				      e->d_name);
			ck_assert_msg(!outfile_is_temp(e->d_name), "case %d: temporary file %s/%s left", i, d,
				      e->d_name);
		}
		if (dp)
			closedir(dp);
		free(d);
	}
}

START_TEST(test_bad_input)
{
	const struct bad *c = &cases[_i];
	char name[32];
	snprintf(name, sizeof(name), "catalogue/%d", _i);
	char *dir = xstrdup(t_tmp(name));
	char *cmd = xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *before = NULL, *file = NULL;
	if (c->file) {
		char *rel = xasprintf("%s/%s", name, c->file);
		file = xstrdup(t_write(rel, c->text));
		before = t_read(file, NULL);
		free(rel);
	}
	/* The case runs as a script in its folder, with $P the program and $S
	 * the source folder. */
	char *script = xasprintf("cd '%s' || exit 1\nS='%s'; P=\"$S/paiban\"; export S P PAIBAN_DATADIR=\"$S\"\n"
				 "%s\n%s 2>stderr.txt >stdout.txt\necho $? > code.txt\n",
				 dir, t_srcdir(), c->setup ? c->setup : ":", c->cmd);
	char *rel = xasprintf("%s/case.sh", name);
	const char *path = t_write(rel, script);
	free(rel);
	free(script);
	cmd = xasprintf("timeout 120 sh '%s'", path);
	int st = system(cmd);
	free(cmd);
	ck_assert_msg(st == 0, "case %d: the script failed (%d)", _i, st);
	char *code_path = xasprintf("%s/code.txt", dir), *err_path = xasprintf("%s/stderr.txt", dir);
	char *code = t_read(code_path, NULL);
	size_t len = 0;
	char *err = t_read(err_path, &len);
	ck_assert_msg(code && err, "case %d: no result", _i);
	ck_assert_msg(atoi(code) == c->code, "case %d: exit %d, want %d; stderr:\n%s", _i, atoi(code),
		      c->code, err);
	if (c->where) {
		char *want = xasprintf("%s: error: %s", c->where, c->msg);
		ck_assert_msg(strstr(err, want), "case %d: stderr lacks '%s':\n%s", _i, want, err);
		free(want);
	} else {
		ck_assert_msg(!strstr(err, "error:"), "case %d: an error:\n%s", _i, err);
	}
	assert_printable(err, len, _i);
	if (c->code != 0)
		assert_nothing_written(dir, _i);
	if (file) {
		/* The input is as it was (an output never replaces it). */
		char *after = t_read(file, NULL);
		ck_assert_msg(after && !strcmp(after, before), "case %d: %s was changed", _i, c->file);
		free(after);
	}
	free(before);
	free(file);
	free(code);
	free(err);
	free(code_path);
	free(err_path);
	free(dir);
}
END_TEST

static Suite *catalogue_suite(void)
{
	Suite *s = suite_create("catalogue");
	TCase *tc = tcase_create("bad input");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_bad_input, 0, (int)ARRAY_LEN(cases));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run_suite(catalogue_suite()) ? 1 : 0;
}
