/* main.c — the paiban command line: parses arguments, runs the pipeline,
 * prints diagnostics and chooses the exit code. The only place that prints. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "base/outfile.h"
#include "base/util.h"
#include "cmd_batch.h"
#include "cmd_data.h"
#include "render.h"

static const char usage[] =
	"usage: paiban render REPORT -l LAYOUT -o OUTPUT [options]\n"
	"       paiban render REPORT -l LAYOUT,LAYOUT,... -o FOLDER/ [options]\n"
	"       paiban batch MANIFEST [-j N] [--plan] [--keep-going] [--force] [--resume] ...\n"
	"       paiban watch REPORT -l LAYOUT -o OUTPUT [data options]\n"
	"       paiban eval REPORT EXPRESSION [data options] [--json]\n"
	"       paiban inspect REPORT [data options] [-l LAYOUT -o OUTPUT] [--json]\n"
	"       paiban layouts\n"
	"       paiban clean [FOLDER...]\n"
	"       paiban --help | --version\n"
	"\n"
	"Typesets a Chinese report (YAML or JSON) into print-ready PDF or exact-size PNG.\n"
	"\n"
	"render options:\n"
	"  -l, --layout NAME|PATH  a built-in layout (see `paiban layouts`) or a layout file;\n"
	"                          several, comma-separated, need -o FOLDER/\n"
	"  -o, --output FILE       FILE.pdf, FILE.png (several pages: FILE-1.png, FILE-2.png, …)\n"
	"                          or FILE.trace (a text dump of the laid-out pages)\n"
	"  -o, --output FOLDER/    one file per layout: FOLDER/REPORT-LAYOUT.png for a pixel\n"
	"                          canvas (a series: REPORT-LAYOUT-1.png, …), .pdf otherwise\n"
	"      --dpi N             PNG resolution for page layouts (default: the layout's;\n"
	"                          pixel-canvas layouts are always exact pixels)\n"
	"      --scale N           PNG pixel density, 1 to 4 (2: a 1080 px canvas gives 2160 px)\n"
	"      --max-bytes SIZE    keep each PNG at most SIZE (1MB = 1,000,000 bytes, 500kB,\n"
	"                          1MiB, 1048576) by stronger compression, else fail\n"
	"      --no-system-fonts   use only paiban's pinned fonts (reproducible anywhere)\n"
	"      --allow-read DIR    files the report or layout names may also come from DIR\n"
	"                          (default: only below the report's or layout's own folder)\n"
	"  -q, --quiet             do not print warnings\n"
	"  -v, --verbose           also say what paiban changed in the text (ASCII\n"
	"                          punctuation set full-width), with its position\n"
	"      --diagnostics json  errors and warnings as NDJSON records on stderr\n"
	"\n"
	"data options (render, eval, inspect; docs/data.md):\n"
	"      --var NAME=VALUE    set a variable the report declares in 'vars'\n"
	"      --vars FILE         set variables from a YAML mapping (before --var)\n"
	"      --data NAME=FILE    read another file for a data source; NAME=- reads\n"
	"                          standard input (one layout)\n"
	"      --strict            footnote markers and missing values used in the text\n"
	"                          are errors, not warnings\n"
	"\n"
	"eval prints the value of an expression; inspect lists the variables, data\n"
	"files (path, SHA-256, rows), computed values, checks and, with -l and -o,\n"
	"the files a render would write. batch renders a manifest's jobs on N worker\n"
	"processes (paiban batch --help; docs/batch.md); watch renders again when the\n"
	"report, its layout, data, images or fonts change. clean removes the temporary\n"
	"files (.NAME.paiban-XXXXXX) that a killed run left in each FOLDER (default: the\n"
	"current folder) more than an hour ago.\n"
	"\n"
	"exit codes: 0 success; 1 invalid or missing input (report, layout, fonts, data,\n"
	"            a failed check, a report that does not fit a shrink-to-fit layout,\n"
	"            or one past a limit); 2 bad command line (also an unknown or\n"
	"            ill-typed --var or --data, or an output that is one of the inputs);\n"
	"            3 the output could not be written; 4 batch finished, some jobs failed;\n"
	"            129, 130, 143: render stopped by SIGHUP, SIGINT, SIGTERM (its\n"
	"            temporary files removed).\n"
	"environment: SOURCE_DATE_EPOCH sets the PDF date; PAIBAN_DATADIR the folder\n"
	"             that holds layouts/ and fonts/.\n";

static bool diag_json; /* --diagnostics json */

static int print_diags(const struct diag *d, int quiet, int code)
{
	if (diag_json) {
		static const char *const codes[] = { "input", "input", "usage", "output" };
		diag_print_ndjson(d, stderr, codes[code > 0 && code < 4 ? code : 1], NULL,
				  quiet ? SEV_ERROR : SEV_NOTE);
		return 0;
	}
	for (int i = 0; i < d->n; i++) {
		if (quiet && d->entries[i].sev != SEV_ERROR)
			continue;
		char *s = diag_format(&d->entries[i]);
		fputs(s, stderr);
		free(s);
	}
	if (d->errors >= d->max_errors)
		fprintf(stderr, "paiban: stopped after %d errors\n", d->errors);
	if (d->dropped_warnings && !quiet)
		fprintf(stderr, "paiban: %d more warnings not shown\n", d->dropped_warnings);
	return 0;
}

/* Print "paiban: error: MESSAGE" with what came from the command line made
 * safe for the terminal (diag_escape). */
static void print_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void print_error(const char *fmt, ...)
{
	struct buf b;
	buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *safe = diag_escape(b.data);
	fprintf(stderr, "paiban: error: %s\n", safe);
	free(safe);
	buf_release(&b);
}

static int usage_error(const char *msg)
{
	print_error("%s", msg);
	fputs("(see paiban --help)\n", stderr);
	return EXIT_USAGE;
}


static int cmd_layouts(void)
{
	char **names, **descs;
	int n = layout_list(render_datadir(), &names, &descs);
	for (int i = 0; i < n; i++) {
		printf("%-12s %s\n", names[i], descs[i]);
		free(names[i]);
		free(descs[i]);
	}
	free(names);
	free(descs);
	if (n == 0) {
		print_error("no layouts found in %s/layouts", render_datadir());
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

/* "1MB", "500kB", "1MiB", "1048576": bytes, or -1. MB and kB are decimal
 * (10^6, 10^3), MiB and KiB binary. */
static long parse_bytes(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	static const struct {
		const char *unit;
		double mul;
	} units[] = { { "", 1 }, { "B", 1 }, { "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 },
		      { "KiB", 1024 }, { "MiB", 1048576 }, { "GB", 1e9 } };
	if (end == s || !(v > 0))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit)) {
			double b = v * units[i].mul;
			return b >= 1000 && b <= 1e12 ? (long)b : -1;
		}
	return -1;
}

/* An output that names a folder: ends in '/' or is an existing folder. */
static bool is_folder(const char *path)
{
	struct stat st;
	size_t n = strlen(path);
	return (n > 0 && path[n - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Render o->report with o->layout into output, or (output NULL) into its
 * name in `folder`. Prints diagnostics; returns the exit code. */
static int render_one(struct render_opts *o, const char *output, const char *folder,
		      const struct export_opts *png, int quiet)
{
	struct diag d;
	struct render r;
	diag_init(&d);
	int code = EXIT_OK;
	char *name = NULL;
	if (render_layout(&r, o, &d) < 0) {
		code = r.usage_error ? EXIT_USAGE : EXIT_INPUT;
	} else {
		if (!output)
			output = name = render_output_name(folder, o->report, o->layout, r.frames.canvas);
		if (render_check_output(&r, output, &d) < 0)
			code = EXIT_USAGE;
		else if (render_export(&r, output, png, &d) < 0)
			code = EXIT_OUTPUT;
	}
	print_diags(&d, quiet, code);
	render_release(&r);
	diag_release(&d);
	free(name);
	return code;
}

/* getopt's complaint (with opterr 0, it prints nothing itself). */
static int options_error(int c, const char *arg)
{
	char *msg;
	if (c == ':')
		msg = xasprintf("option '%s' needs a value", arg);
	else if (optopt)
		msg = xasprintf("unknown option '-%c'", optopt);
	else
		msg = xasprintf("unknown option '%s'", arg);
	int code = usage_error(msg);
	free(msg);
	return code;
}

/* The -l list split at commas; an empty name ("-l ,," or "--layout=") is
 * an error. Returns the count, the names in *names (caller frees names[0],
 * which holds them all, and the array), or -1 after a usage error. */
static int split_layouts(const char *list, char ***names)
{
	char *copy = xstrdup(list);
	int n = 1;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	*names = xcalloc((size_t)n, sizeof(**names));
	char *p = copy;
	for (int i = 0; i < n; i++) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (!*p) {
			free(copy);
			free(*names);
			*names = NULL;
			usage_error(n == 1 ? "the layout name is empty: -l NAME or -l FILE"
					   : "an empty layout name in the -l list (two commas, or one at an end)");
			return -1;
		}
		(*names)[i] = p;
		p = comma ? comma + 1 : p;
	}
	return n;
}

/* paiban clean [FOLDER...]: the stale temporary files of killed runs. */
static int cmd_clean(int argc, char **argv)
{
	int code = EXIT_OK;
	for (int i = 1; i < argc || i == 1; i++) {
		const char *dir = i < argc ? argv[i] : ".";
		if (dir[0] == '-')
			return usage_error("clean takes folders, no options");
		char **removed;
		int n = outfile_clean(dir, OUTFILE_STALE_SECONDS, &removed);
		if (n < 0) {
			print_error("cannot read the folder %s: %s", dir, strerror(errno));
			code = EXIT_INPUT;
			continue;
		}
		for (int k = 0; k < n; k++) {
			char *safe = diag_escape(removed[k]);
			printf("removed %s\n", safe);
			free(safe);
			free(removed[k]);
		}
		free(removed);
	}
	return code;
}

static int render_cmd(struct render_opts *o_, const char *output, int argc, char **argv, double dpi,
		      double scale, long max_bytes, int quiet);

static int cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "dpi", required_argument, NULL, 'd' },
		{ "scale", required_argument, NULL, 's' },
		{ "max-bytes", required_argument, NULL, 'b' },
		{ "no-system-fonts", no_argument, NULL, 'n' },
		{ "allow-read", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "diagnostics", required_argument, NULL, 'D' },
		DATA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct data_args data;
	data_args_init(&data);
	struct render_opts o = { .datadir = render_datadir(), .system_fonts = true, .data = &data.o };
	const char *output = NULL;
	double dpi = 0, scale = 1;
	long max_bytes = 0;
	int quiet = 0, c;
	/* --allow-read folders, NULL-terminated (at most one per argument). */
	const char **allow = xcalloc((size_t)argc + 1, sizeof(*allow));
	int nallow = 0;
	o.allow_read = allow;
	int code = EXIT_OK;
	optind = 1;
	opterr = 0; /* getopt would print the argument raw; options_error escapes it */
	while (code == EXIT_OK && (c = getopt_long(argc, argv, ":l:o:qvh", longopts, NULL)) != -1) {
		int dc = data_option(c, optarg, &data);
		if (dc < 0) {
			code = EXIT_USAGE;
			break;
		}
		if (dc)
			continue;
		switch (c) {
		case 'l':
			o.layout = optarg;
			break;
		case 'a': {
			struct stat st;
			int found = stat(optarg, &st) == 0;
			if (!found || !S_ISDIR(st.st_mode)) {
				char *msg = xasprintf("--allow-read needs a folder; '%s' is %s", optarg,
						      found ? "not a folder" : "not there");
				code = usage_error(msg);
				free(msg);
				break;
			}
			allow[nallow++] = optarg;
			break;
		}
		case 'o':
			output = optarg;
			break;
		case 'd': {
			char *end;
			dpi = strtod(optarg, &end);
			if (*end || !(dpi >= 36 && dpi <= 1200))
				code = usage_error("--dpi must be a number from 36 to 1200");
			break;
		}
		case 's': {
			char *end;
			scale = strtod(optarg, &end);
			if (*end || !(scale >= 1 && scale <= 4))
				code = usage_error("--scale must be a number from 1 to 4");
			break;
		}
		case 'b':
			if ((max_bytes = parse_bytes(optarg)) < 0)
				code = usage_error("--max-bytes must be a size such as 1MB, 500kB, 1MiB or 1048576 (at least 1kB)");
			break;
		case 'n':
			o.system_fonts = false;
			break;
		case 'D':
			if (strcmp(optarg, "json") && strcmp(optarg, "human"))
				code = usage_error("--diagnostics is human or json");
			diag_json = !strcmp(optarg, "json");
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			free(allow);
			return EXIT_OK;
		default:
			code = options_error(c, argv[optind - 1]);
			break;
		}
	}
	if (code == EXIT_OK)
		code = render_cmd(&o, output, argc, argv, dpi, scale, max_bytes, quiet);
	free(allow);
	return code;
}

/* The rest of `paiban render`, after the options. */
static int render_cmd(struct render_opts *o_, const char *output, int argc, char **argv, double dpi,
		      double scale, long max_bytes, int quiet)
{
	struct render_opts o = *o_;
	if (optind >= argc)
		return usage_error("render needs a REPORT file");
	if (optind + 1 < argc)
		return usage_error("render takes one REPORT file");
	o.report = argv[optind];
	if (!o.layout)
		return usage_error("render needs a layout: -l NAME or -l FILE");
	if (!output)
		return usage_error("render needs an output file: -o FILE.pdf or -o FILE.png");
	char **names;
	int n = split_layouts(o.layout, &names);
	if (n < 0)
		return EXIT_USAGE;
	bool folder = is_folder(output);
	int code = EXIT_OK;
	if (n > 1 && !folder)
		code = usage_error("several layouts need an output folder: -o FOLDER/");
	else if (n > 1 && data_opts_stdin(o.data))
		code = usage_error("--data NAME=- reads standard input once: give one layout");
	else if (!folder && !export_find(output)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "the output file must end in %s (or be a folder ending in /)",
			 export_extensions());
		code = usage_error(msg);
	}
	/* Two layouts that would write the same file (a.yaml and x/a.yaml). */
	for (int i = 0; folder && code == EXIT_OK && i < n; i++)
		for (int k = 0; k < i && code == EXIT_OK; k++) {
			char *a = render_output_name(".", o.report, names[i], false);
			char *b = render_output_name(".", o.report, names[k], false);
			if (!strcmp(a, b)) {
				char *msg = xasprintf("layouts '%s' and '%s' would write the same file in %s",
						      names[k], names[i], output);
				code = usage_error(msg);
				free(msg);
			}
			free(a);
			free(b);
		}
	struct export_opts png = { dpi, scale, max_bytes };
	/* From here a signal removes the run's temporary files (outfile.h). */
	if (code == EXIT_OK)
		outfile_catch_signals();
	if (code == EXIT_OK && !folder) {
		code = render_one(&o, output, NULL, &png, quiet);
	} else if (code == EXIT_OK) {
		/* One file (or series) per layout, named by render_output_name. A
		 * missing folder (one level) is made. */
		struct stat st;
		if (stat(output, &st) != 0 && mkdir(output, 0777) != 0) {
			print_error("cannot make the output folder %s: %s", output, strerror(errno));
			code = EXIT_OUTPUT;
		}
		for (int i = 0; code != EXIT_OUTPUT && i < n; i++) {
			o.layout = names[i];
			int rc = render_one(&o, NULL, output, &png, quiet);
			if (rc > code)
				code = rc;
		}
	}
	free(names[0]);
	free(names);
	return code;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--version")) {
		printf("paiban %s\n", PAIBAN_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "render")) {
		argv[1] = "paiban render"; /* getopt's messages start with it */
		return cmd_render(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "batch")) {
		argv[1] = "paiban batch";
		return cmd_batch(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "watch")) {
		argv[1] = "paiban watch";
		return cmd_watch(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "eval")) {
		argv[1] = "paiban eval";
		return cmd_eval(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "inspect")) {
		argv[1] = "paiban inspect";
		return cmd_inspect(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "layouts"))
		return argc == 2 ? cmd_layouts() : usage_error("layouts takes no arguments");
	if (!strcmp(cmd, "clean"))
		return cmd_clean(argc - 1, argv + 1);
	char *msg = xasprintf("unknown command '%s'", cmd);
	usage_error(msg);
	free(msg);
	return EXIT_USAGE;
}
