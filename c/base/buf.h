/* Growable byte buffers: the one container every layer uses for wire bytes,
 * JSON text and output queues.  Allocation failure aborts (a BGP daemon that
 * cannot allocate cannot keep its promises; BIRD and OpenBGPD do the same). */
#ifndef LB_BASE_BUF_H
#define LB_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t len;   /* bytes in use, starting at data[0] */
	size_t cap;   /* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);                 /* len = 0, keeps the memory */
void buf_reserve(struct buf *b, size_t extra);  /* ensure cap >= len + extra */
void buf_put(struct buf *b, const void *p, size_t n);
void buf_put_u8(struct buf *b, uint8_t v);
void buf_put_u16(struct buf *b, uint16_t v);    /* network byte order */
void buf_put_u32(struct buf *b, uint32_t v);    /* network byte order */
void buf_puts(struct buf *b, const char *s);    /* without the NUL */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_consume(struct buf *b, size_t n);      /* drop n bytes from the front */
/* Append n bytes of space and return a pointer to them (for in-place writes). */
uint8_t *buf_extend(struct buf *b, size_t n);
/* NUL-terminate without counting the NUL in len; returns data as a string. */
const char *buf_cstr(struct buf *b);

/* Big-endian stores into memory already reserved. */
static inline void put_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static inline void put_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static inline uint16_t get_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* Allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
