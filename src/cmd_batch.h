/* cmd_batch.h — the commands `paiban batch` and `paiban watch`
 * (docs/batch.md). */
#ifndef PAIBAN_CMD_BATCH_H
#define PAIBAN_CMD_BATCH_H

int cmd_batch(int argc, char **argv);
int cmd_watch(int argc, char **argv);

#endif
