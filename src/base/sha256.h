/* sha256.h — SHA-256 (FIPS 180-4), stage "base": the digests `paiban
 * inspect` prints for each data file and the batch cache keys on. */
#ifndef PAIBAN_SHA256_H
#define PAIBAN_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The digest of data in one call. */
void sha256_bytes(const void *data, size_t len, unsigned char out[32]);
/* 64 lower-case hex digits and a NUL into out[65]. */
char *sha256_hex(const unsigned char d[32], char out[65]);

#endif
