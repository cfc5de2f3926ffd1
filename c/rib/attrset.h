/* Interned attribute sets (hash-consing): every distinct canonical blob
 * (wire/attrs.h) exists once, reference counted.  1M routes sharing 1k
 * attribute sets cost 1k blobs; comparing two routes' attributes is a
 * pointer comparison. */
#ifndef LB_RIB_ATTRSET_H
#define LB_RIB_ATTRSET_H

#include <stddef.h>
#include <stdint.h>

struct attrset {
	struct attrset *next;     /* hash chain */
	uint32_t hash;
	uint32_t refcnt;
	uint32_t id;              /* stable small number, for logs and Lua handles */
	uint32_t len;
	uint8_t blob[];
};

/* Return the interned copy of blob with one more reference (creating it). */
struct attrset *attrset_intern(const uint8_t *blob, size_t len);
struct attrset *attrset_ref(struct attrset *a);
void attrset_unref(struct attrset *a);
/* Number of distinct sets alive (for tests and `show` commands). */
size_t attrset_count(void);
/* Look up by id (NULL if gone); ids are not reused while the set lives. */
struct attrset *attrset_by_id(uint32_t id);

#endif
