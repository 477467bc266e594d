/* cmd_data.h — the command line of data-driven reports (docs/data.md,
 * docs/cli.md): the options --var, --vars, --data and --strict that
 * `render`, `inspect` and `eval` share, and the commands `paiban inspect`
 * and `paiban eval`. Part of the command line, like main.c: it prints. */
#ifndef PAIBAN_CMD_DATA_H
#define PAIBAN_CMD_DATA_H

#include <getopt.h>

#include "parse/data.h"

#define DATA_MAX_ARGS 64

/* The data options of one command line (no heap: nothing to free). */
struct data_args {
	struct data_opts o;
	const char *vars[DATA_MAX_ARGS];
	const char *data[DATA_MAX_ARGS];
};

enum { OPT_VAR = 0x100, OPT_VARS, OPT_DATA, OPT_STRICT };

#define DATA_LONGOPTS                                            \
	{ "var", required_argument, NULL, OPT_VAR },             \
	{ "vars", required_argument, NULL, OPT_VARS },           \
	{ "data", required_argument, NULL, OPT_DATA },           \
	{ "strict", no_argument, NULL, OPT_STRICT }

void data_args_init(struct data_args *a);
/* Take getopt's option c if it is a data option: 1 taken, 0 not one, -1
 * after printing a usage error. */
int data_option(int c, const char *arg, struct data_args *a);
/* Whether a --data reads standard input. */
bool data_opts_stdin(const struct data_opts *o);

int cmd_eval(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

#endif
