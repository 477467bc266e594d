/* main.c — the paiban command line: parses arguments, runs the pipeline,
 * prints diagnostics and chooses the exit code. The only place that prints. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "render.h"

static const char usage[] =
	"usage: paiban render REPORT -l LAYOUT -o OUTPUT [options]\n"
	"       paiban layouts\n"
	"       paiban --help | --version\n"
	"\n"
	"Typesets a Chinese report (YAML or JSON) into print-ready PDF or exact-size PNG.\n"
	"\n"
	"render options:\n"
	"  -l, --layout NAME|PATH  a built-in layout (see `paiban layouts`) or a layout file\n"
	"  -o, --output FILE       FILE.pdf, FILE.png (several pages: FILE-1.png, FILE-2.png, …)\n"
	"                          or FILE.trace (a text dump of the laid-out pages)\n"
	"      --dpi N             PNG resolution for page layouts (default: the layout's;\n"
	"                          pixel-canvas layouts are always exact pixels)\n"
	"      --no-system-fonts   use only paiban's pinned fonts (reproducible anywhere)\n"
	"  -q, --quiet             do not print warnings\n"
	"  -v, --verbose           also say what paiban changed in the text (ASCII\n"
	"                          punctuation set full-width), with its position\n"
	"\n"
	"exit codes: 0 success; 1 invalid or missing input (report, layout, fonts);\n"
	"            2 bad command line; 3 the output could not be written.\n"
	"environment: SOURCE_DATE_EPOCH sets the PDF date; PAIBAN_DATADIR the folder\n"
	"             that holds layouts/ and fonts/.\n";

static int print_diags(const struct diag *d, int quiet)
{
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

static int usage_error(const char *msg)
{
	fprintf(stderr, "paiban: error: %s\n(see paiban --help)\n", msg);
	return EXIT_USAGE;
}

static int ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), m = strlen(ext);
	return n > m && strcasecmp(s + n - m, ext) == 0;
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
		fprintf(stderr, "paiban: error: no layouts found in %s/layouts\n", render_datadir());
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

static int cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "dpi", required_argument, NULL, 'd' },
		{ "no-system-fonts", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct render_opts o = { .datadir = render_datadir(), .system_fonts = true };
	const char *output = NULL;
	double dpi = 0;
	int quiet = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o.layout = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'd': {
			char *end;
			dpi = strtod(optarg, &end);
			if (*end || !(dpi >= 36 && dpi <= 1200))
				return usage_error("--dpi must be a number from 36 to 1200");
			break;
		}
		case 'n':
			o.system_fonts = false;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default: /* getopt printed what was wrong */
			fputs("(see paiban --help)\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error("render needs a REPORT file");
	if (optind + 1 < argc)
		return usage_error("render takes one REPORT file");
	o.report = argv[optind];
	if (!o.layout)
		return usage_error("render needs a layout: -l NAME or -l FILE");
	if (!output)
		return usage_error("render needs an output file: -o FILE.pdf or -o FILE.png");
	if (!ends_with(output, ".pdf") && !ends_with(output, ".png") && !ends_with(output, ".trace"))
		return usage_error("the output file must end in .pdf, .png or .trace");

	struct diag d;
	struct render r;
	diag_init(&d);
	int code = EXIT_OK;
	if (render_layout(&r, &o, &d) < 0)
		code = EXIT_INPUT;
	else if (render_export(&r, output, dpi, &d) < 0)
		code = EXIT_OUTPUT;
	print_diags(&d, quiet);
	render_release(&r);
	diag_release(&d);
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
	if (!strcmp(cmd, "layouts"))
		return argc == 2 ? cmd_layouts() : usage_error("layouts takes no arguments");
	fprintf(stderr, "paiban: error: unknown command '%s'\n(see paiban --help)\n", cmd);
	return EXIT_USAGE;
}
