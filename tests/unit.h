/* A minimal unit-test harness: CHECK records a failure and continues;
 * unit_done() prints "N passed, M failed" and returns the exit status. */
#ifndef LB_TESTS_UNIT_H
#define LB_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond) do { \
	if (cond) { unit_passed++; } \
	else { unit_failed++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_EQ_INT(a, b) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	if (_a == _b) { unit_passed++; } \
	else { unit_failed++; fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, _a, #b, _b); } \
} while (0)

#define CHECK_EQ_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (_a && _b && strcmp(_a, _b) == 0) { unit_passed++; } \
	else { unit_failed++; fprintf(stderr, "%s:%d: %s\n   got: %s\nwanted: %s\n", __FILE__, __LINE__, #a, _a ? _a : "(null)", _b ? _b : "(null)"); } \
} while (0)

#define CHECK_EQ_MEM(a, alen, b, blen) do { \
	size_t _al = (alen), _bl = (blen); \
	if (_al == _bl && memcmp((a), (b), _al) == 0) { unit_passed++; } \
	else { unit_failed++; fprintf(stderr, "%s:%d: %s differs (len %zu vs %zu)\n", __FILE__, __LINE__, #a, _al, _bl); } \
} while (0)

static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
