/* lbpeer: a scripted BGP test peer for conformance and functional tests.
 *
 * Two modes share one poll() loop and one expectation engine:
 *
 *   --ci FILE.ci --port P   ExaBGP's test peer behaviour as specified in
 *                           ../shared/conformance/exabgp/README.md section 6:
 *                           mirror the speaker's OPEN, answer every message
 *                           with a KEEPALIVE, match ordered steps of `raw`
 *                           expectations, run `notification`/`signal` actions.
 *   --listen/--connect A:P  a free-form peer with its own OPEN, raw --send
 *                           messages and pass criteria (--expect,
 *                           --count-updates, --expect-notification), printing
 *                           every received message as `RECV TYPE HEX`.
 *
 * Both end with exactly one line `PASS` or `FAIL: reason` on stdout and exit
 * 0 or 1.  With --spawn the peer starts the program under test itself once it
 * listens, and always terminates and reaps it before exiting.
 *
 * Self-contained C (libc only, no libev): it is a test instrument and must not
 * share bugs with the daemon it checks. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/tcp_md5.h"
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define MAX_CONNS 16
#define MAX_MSG 65535
#define HDR 19

enum { T_OPEN = 1, T_UPDATE, T_NOTIFICATION, T_KEEPALIVE, T_REFRESH };
enum { K_RAW, K_NOTIFICATION, K_SIGNAL };

struct entry {
	char letter;
	long number;
	int order;            /* position in the file: stable sort key */
	int kind;
	char *step;           /* the STEP text as written, for messages */
	uint8_t *data;        /* K_RAW: expected message; K_NOTIFICATION: text */
	size_t len;
	int sig;
	int matched;
};

struct conn {
	int fd;
	int got_open;         /* first message (OPEN) processed */
	int established;      /* free-form: their KEEPALIVE after OPEN seen */
	uint8_t *rbuf;
	size_t rlen;
	double next_keepalive;
};

struct msgrec { uint8_t *data; size_t len; };

static struct {
	/* options */
	int ci_mode, verbose, listen_mode, ipv6;
	char host[64];
	int port;
	double timeout, deadline, duration;
	pid_t pid;            /* speaker: spawned or --pid */
	int spawned;
	const char *logfile;
	char **spawn_argv;
	/* .ci options */
	int opt_asn, inspect_open, unknown_cap, unknown_msg, default_route;
	/* free-form */
	uint32_t asn, router_id;
	int hold;
	const char *caps;
	struct msgrec open_override, *sends, raw;
	int nsends, nsends_cap;
	double send_delay, send_gap;
	/* fault injection (free-form): see usage() */
	const char *bind_addr;
	const char *md5, *md5_peer;  /* --md5 KEY, --md5-peer ADDR */
	int no_open, split, no_read, no_keepalive, coalesce, timestamps, rcvbuf;
	double start;
	long count_updates, prefixes;
	int want_notif, notif_code, notif_sub, got_notif, ever_established;
	/* engine */
	struct entry *e;
	int ne, cur;          /* cur: index of first entry of the current step */
	struct msgrec *seen;  /* matched non-EOR UPDATEs, for ROUTE-REFRESH replay */
	int nseen;
	struct conn c[MAX_CONNS];
	int lfd;
	double last_activity;
	int child_status, child_exited;
} P = { .port = -1, .timeout = 3, .deadline = 45, .opt_asn = -1, .asn = 65000,
	.router_id = 0x7f000002, .hold = 180, .lfd = -1, .logfile = "/dev/null",
	.caps = "ipv4-unicast,ipv6-unicast,asn4,route-refresh" };

static volatile sig_atomic_t interrupted;

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void vlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vlog(const char *fmt, ...)
{
	if (!P.verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "lbpeer: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *hexstr(const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789ABCDEF";
	char *s = malloc(2 * n + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = d[p[i] >> 4];
		s[2 * i + 1] = d[p[i] & 15];
	}
	s[2 * n] = 0;
	return s;
}

/* Parse hex ignoring ':' and white space; returns -1 on a bad digit. */
static int hexparse(const char *s, uint8_t **out, size_t *outlen)
{
	size_t n = 0, cap = strlen(s) / 2 + 1;
	uint8_t *b = malloc(cap);
	int half = -1;
	if (!b)
		abort();
	for (; *s; s++) {
		int v;
		if (*s == ':' || isspace((unsigned char)*s))
			continue;
		if (*s >= '0' && *s <= '9') v = *s - '0';
		else if (*s >= 'a' && *s <= 'f') v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') v = *s - 'A' + 10;
		else { free(b); return -1; }
		if (half < 0)
			half = v;
		else {
			b[n++] = (uint8_t)(half << 4 | v);
			half = -1;
		}
	}
	if (half >= 0) { free(b); return -1; }
	*out = b;
	*outlen = n;
	return 0;
}

static const char *type_name(int t)
{
	static char buf[24];
	switch (t) {
	case T_OPEN: return "OPEN";
	case T_UPDATE: return "UPDATE";
	case T_NOTIFICATION: return "NOTIFICATION";
	case T_KEEPALIVE: return "KEEPALIVE";
	case T_REFRESH: return "ROUTE-REFRESH";
	}
	snprintf(buf, sizeof buf, "TYPE-%d", t);
	return buf;
}

/* ---- ending ---------------------------------------------------------- */

static void child_reap(int block)
{
	if (!P.spawned || P.child_exited)
		return;
	int st;
	pid_t r = waitpid(P.pid, &st, block ? 0 : WNOHANG);
	if (r == P.pid) {
		P.child_exited = 1;
		P.child_status = st;
	}
}

/* SIGTERM to the speaker's process group (it may have helper children),
 * SIGKILL two seconds later if it still runs. */
static void child_stop(void)
{
	if (!P.spawned)
		return;
	child_reap(0);
	if (!P.child_exited) {
		if (kill(-P.pid, SIGTERM) < 0)
			kill(P.pid, SIGTERM);
		double end = now() + 2;
		while (!P.child_exited && now() < end) {
			usleep(20000);
			child_reap(0);
		}
		if (!P.child_exited) {
			if (kill(-P.pid, SIGKILL) < 0)
				kill(P.pid, SIGKILL);
			child_reap(1);
		}
	}
	kill(-P.pid, SIGKILL); /* stray helpers left in the group */
}

static void finish(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void finish(int ok, const char *fmt, ...)
{
	for (int i = 0; i < MAX_CONNS; i++)
		if (P.c[i].fd >= 0)
			close(P.c[i].fd);
	if (P.lfd >= 0)
		close(P.lfd);
	child_stop();
	fflush(stdout);
	if (!P.ci_mode && P.timestamps)
		printf("PREFIXES %ld\n", P.prefixes);
	if (ok) {
		printf("PASS\n");
	} else {
		va_list ap;
		va_start(ap, fmt);
		printf("FAIL: ");
		vprintf(fmt, ap);
		printf("\n");
		va_end(ap);
	}
	fflush(stdout);
	exit(ok ? 0 : 1);
}

/* ---- expectations ---------------------------------------------------- */

static int signal_parse(const char *s)
{
	static const struct { const char *n; int v; } t[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "TERM", SIGTERM },
		{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "ALRM", SIGALRM },
		{ "KILL", SIGKILL }, { "QUIT", SIGQUIT },
	};
	while (isspace((unsigned char)*s))
		s++;
	if (isdigit((unsigned char)*s))
		return atoi(s);
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strncasecmp(s, t[i].n, strlen(t[i].n)))
			return t[i].v;
	return -1;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->letter != y->letter)
		return x->letter - y->letter;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->order - y->order;
}

static int same_step(const struct entry *a, const struct entry *b)
{
	return a->letter == b->letter && a->number == b->number;
}

static void expect_add(const char *step, const char *kind, const char *payload,
		       const char *file, int lineno)
{
	struct entry en = { 0 };
	const char *s = step;
	en.letter = 'A';
	if (isalpha((unsigned char)*s))
		en.letter = (char)toupper((unsigned char)*s++);
	if (!isdigit((unsigned char)*s)) {
		fprintf(stderr, "%s:%d: bad step '%s'\n", file, lineno, step);
		exit(2);
	}
	en.number = strtol(s, NULL, 10);
	en.order = P.ne;
	en.step = strdup(step);
	if (!strcmp(kind, "raw")) {
		en.kind = K_RAW;
		if (hexparse(payload, &en.data, &en.len) < 0 || en.len < HDR) {
			fprintf(stderr, "%s:%d: bad hex\n", file, lineno);
			exit(2);
		}
	} else if (!strcmp(kind, "notification")) {
		const char *t = strrchr(payload, ':');
		t = t ? t + 1 : payload;
		en.kind = K_NOTIFICATION;
		en.data = (uint8_t *)strdup(t);
		en.len = strlen(t) > 255 ? 255 : strlen(t);
		for (size_t i = 0; i < en.len; i++)
			en.data[i] = (uint8_t)tolower(en.data[i]);
	} else if (!strcmp(kind, "signal")) {
		en.kind = K_SIGNAL;
		en.sig = signal_parse(payload);
		if (en.sig < 0) {
			fprintf(stderr, "%s:%d: unknown signal '%s'\n", file, lineno, payload);
			exit(2);
		}
	} else {
		free(en.step);
		return; /* cmd, json, jsv4, jsv6: informational */
	}
	P.e = realloc(P.e, (P.ne + 1) * sizeof *P.e);
	if (!P.e)
		abort();
	P.e[P.ne++] = en;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	size_t i = 0;
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* A .ci file (README 5); in free-form --expect files a bare hex line is a
 * message expected in its own step, in file order. */
static void ci_load(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	if (!f) {
		fprintf(stderr, "lbpeer: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		trim(line);
		if (!*line || strchr(line, '#'))
			continue;
		if (!strncmp(line, "option:", 7)) {
			char *o = line + 7;
			if (!strncmp(o, "asn:", 4)) P.opt_asn = atoi(o + 4);
			else if (!strcmp(o, "bind:ipv6")) P.ipv6 = 1;
			else if (!strcmp(o, "open:inspect-open-message")) P.inspect_open = 1;
			else if (!strcmp(o, "open:send-unknown-capability")) P.unknown_cap = 1;
			else if (!strcmp(o, "open:send-unknown-message")) P.unknown_msg = 1;
			else if (!strcmp(o, "update:send-default-route")) P.default_route = 1;
			else if (!strncmp(o, "timeout:", 8)) P.timeout = atof(o + 8);
			continue;
		}
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2) {
			char num[16];
			snprintf(num, sizeof num, "%d", 100000 + lineno);
			expect_add(num, "raw", line, file, lineno);
			continue;
		}
		*c1 = *c2 = 0;
		expect_add(line, c1 + 1, c2 + 1, file, lineno);
	}
	free(line);
	fclose(f);
	qsort(P.e, P.ne, sizeof *P.e, entry_cmp);
	for (int i = 0; i < P.ne; i++)
		P.e[i].order = i;
}

static int step_end(int start)
{
	int i = start;
	while (i < P.ne && same_step(&P.e[i], &P.e[start]))
		i++;
	return i;
}

/* Move `cur` past completed steps. */
static void step_advance(void)
{
	while (P.cur < P.ne) {
		int end = step_end(P.cur), done = 1;
		for (int i = P.cur; i < end; i++)
			if (!P.e[i].matched)
				done = 0;
		if (!done)
			return;
		vlog("step %s complete", P.e[P.cur].step);
		P.cur = end;
	}
}

/* ---- sending --------------------------------------------------------- */

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->rbuf);
	c->rbuf = NULL;
	c->rlen = 0;
}

static void conn_send(struct conn *c, const uint8_t *p, size_t n)
{
	if (c->fd < 0)
		return;
	if (P.verbose) {
		char *h = hexstr(p, n);
		vlog("send %s %s", n >= HDR ? type_name(p[18]) : "?", h);
		free(h);
	}
	size_t off = 0;
	double end = now() + 5;
	while (off < n && now() < end) {
		/* --split: one byte per TCP segment (TCP_NODELAY is set and the
		 * pause lets each byte leave on its own) */
		size_t chunk = P.split && !P.ci_mode ? 1 : n - off;
		if (P.split && !P.ci_mode && off)
			usleep(1000);
		ssize_t w = send(c->fd, p + off, chunk, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pf = { c->fd, POLLOUT, 0 };
			poll(&pf, 1, 100);
		} else {
			vlog("write failed: %s", strerror(errno));
			conn_close(c);
			return;
		}
	}
}

static void send_typed(struct conn *c, int type, const uint8_t *body, size_t blen)
{
	uint8_t m[HDR + 300];
	if (blen > sizeof m - HDR)
		return;
	memset(m, 0xff, 16);
	m[16] = (uint8_t)((HDR + blen) >> 8);
	m[17] = (uint8_t)(HDR + blen);
	m[18] = (uint8_t)type;
	if (blen)
		memcpy(m + HDR, body, blen);
	conn_send(c, m, HDR + blen);
}

static void send_keepalive(struct conn *c) { send_typed(c, T_KEEPALIVE, NULL, 0); }

/* Execute actions that are the first unmatched entries of the current step
 * (README 6.5). */
static void actions_run(struct conn *c)
{
	for (;;) {
		step_advance();
		if (P.cur >= P.ne)
			return;
		int end = step_end(P.cur), i;
		for (i = P.cur; i < end && P.e[i].matched; i++)
			;
		struct entry *en = &P.e[i];
		if (en->kind == K_RAW)
			return;
		en->matched = 1;
		if (en->kind == K_SIGNAL) {
			vlog("action: signal %d to pid %d", en->sig, (int)P.pid);
			if (P.pid > 0)
				kill(P.pid, en->sig);
		} else {
			uint8_t body[258] = { 6, 2, (uint8_t)en->len };
			memcpy(body + 3, en->data, en->len);
			vlog("action: notification '%.*s'", (int)en->len, en->data);
			if (c)
				send_typed(c, T_NOTIFICATION, body, 3 + en->len);
		}
	}
}

/* ---- message handling -------------------------------------------------- */

static int is_eor(const uint8_t *m, size_t n)
{
	return m[18] == T_UPDATE && (n - HDR == 4 || n - HDR == 11);
}

static void complete_check(void)
{
	step_advance();
	if (P.ci_mode || P.ne > 0) {
		if (P.cur < P.ne)
			return;
	}
	if (!P.ci_mode) {
		if (P.count_updates > 0 && P.prefixes < P.count_updates)
			return;
		if (P.want_notif && !P.got_notif)
			return;
		if (!P.ne && !P.count_updates && !P.want_notif)
			return; /* no criterion: runs until duration / close */
	}
	finish(1, NULL);
}

/* Match one message against the current step (README 6.3 steps 3-5). */
static void expect_match(struct conn *c, const uint8_t *m, size_t n)
{
	step_advance();
	if (P.cur >= P.ne) {
		if (is_eor(m, n))
			return;
		char *h = hexstr(m, n);
		finish(0, "extra message after the last step: received %s", h);
	}
	int end = step_end(P.cur);
	for (int i = P.cur; i < end; i++) {
		struct entry *en = &P.e[i];
		if (en->matched || en->kind != K_RAW || en->len != n || memcmp(en->data, m, n))
			continue;
		en->matched = 1;
		vlog("matched step %s", en->step);
		if (m[18] == T_UPDATE && !is_eor(m, n)) {
			P.seen = realloc(P.seen, (P.nseen + 1) * sizeof *P.seen);
			if (!P.seen)
				abort();
			P.seen[P.nseen].data = malloc(n);
			memcpy(P.seen[P.nseen].data, m, n);
			P.seen[P.nseen++].len = n;
		}
		actions_run(c);
		if (m[18] == T_REFRESH) {
			for (int k = 0; k < P.nseen; k++)
				conn_send(c, P.seen[k].data, P.seen[k].len);
			send_keepalive(c);
		}
		return;
	}
	/* Mismatch: name the step, what was received and what was possible. */
	size_t cap = 256;
	for (int i = P.cur; i < end; i++)
		cap += 2 * P.e[i].len + 8;
	char *exp = calloc(1, cap);
	for (int i = P.cur; i < end; i++) {
		if (P.e[i].matched)
			continue;
		if (*exp)
			strcat(exp, " | ");
		if (P.e[i].kind == K_RAW) {
			char *h = hexstr(P.e[i].data, P.e[i].len);
			strcat(exp, h);
			free(h);
		} else {
			strcat(exp, "(action)");
		}
	}
	char *h = hexstr(m, n);
	finish(0, "step %s: mismatch: received %s %s expected %s", P.e[P.cur].step,
	       type_name(m[18]), h, exp);
}

/* README 6.2: the speaker's own OPEN sent back, modified.  The unknown
 * capability parameter is 14 bytes (02 0C 42 0A "loremipsum") and both
 * length fields grow by exactly what is appended, as ExaBGP's peer does. */
static void open_mirror(struct conn *c, const uint8_t *m, size_t n)
{
	static const uint8_t cap66[14] = { 2, 12, 0x42, 10, 'l', 'o', 'r', 'e', 'm',
		'i', 'p', 's', 'u', 'm' };
	uint8_t *o = malloc(n + sizeof cap66);
	if (!o)
		abort();
	memcpy(o, m, n);
	if (n >= HDR + 10) {
		if (P.opt_asn < 0) {
			o[HDR + 8]++;
		} else {
			o[HDR + 1] = (uint8_t)(P.opt_asn >> 8);
			o[HDR + 2] = (uint8_t)P.opt_asn;
			size_t p = HDR + 10;
			while (p + 2 <= n) {
				size_t plen = o[p + 1];
				if (o[p] == 2 && p + 8 <= n && o[p + 2] == 65) {
					o[p + 4] = o[p + 5] = 0;
					o[p + 6] = (uint8_t)(P.opt_asn >> 8);
					o[p + 7] = (uint8_t)P.opt_asn;
					break;
				}
				p += 2 + plen;
			}
		}
		if (P.unknown_cap && o[HDR + 9] + sizeof cap66 <= 255) {
			memcpy(o + n, cap66, sizeof cap66);
			n += sizeof cap66;
			o[16] = (uint8_t)(n >> 8);
			o[17] = (uint8_t)n;
			o[HDR + 9] += sizeof cap66;
		}
	}
	conn_send(c, o, n);
	free(o);
}

/* Free-form mode: our own OPEN, one capability per optional parameter. */
static void open_build(struct conn *c)
{
	if (P.raw.len)
		conn_send(c, P.raw.data, P.raw.len);
	if (P.no_open)
		return;
	if (P.open_override.len) {
		conn_send(c, P.open_override.data, P.open_override.len);
		return;
	}
	uint8_t b[300];
	size_t n = 10;
	b[0] = 4;
	uint16_t my = P.asn > 65535 ? 23456 : (uint16_t)P.asn;
	b[1] = (uint8_t)(my >> 8); b[2] = (uint8_t)my;
	b[3] = (uint8_t)(P.hold >> 8); b[4] = (uint8_t)P.hold;
	b[5] = (uint8_t)(P.router_id >> 24); b[6] = (uint8_t)(P.router_id >> 16);
	b[7] = (uint8_t)(P.router_id >> 8); b[8] = (uint8_t)P.router_id;
	char *list = strdup(P.caps), *save = NULL;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		uint8_t cap[200];
		size_t cl = 0;
		unsigned a, s, code;
		char hex[400];
		if (!strcmp(t, "ipv4-unicast") || !strcmp(t, "ipv6-unicast")) {
			uint8_t v[6] = { 1, 4, 0, t[3] == '4' ? 1 : 2, 0, 1 };
			memcpy(cap, v, cl = 6);
		} else if (sscanf(t, "mp:%u/%u", &a, &s) == 2) {
			uint8_t v[6] = { 1, 4, (uint8_t)(a >> 8), (uint8_t)a, 0, (uint8_t)s };
			memcpy(cap, v, cl = 6);
		} else if (!strcmp(t, "asn4")) {
			uint8_t v[6] = { 65, 4, (uint8_t)(P.asn >> 24), (uint8_t)(P.asn >> 16),
				(uint8_t)(P.asn >> 8), (uint8_t)P.asn };
			memcpy(cap, v, cl = 6);
		} else if (!strcmp(t, "route-refresh")) {
			cap[0] = 2; cap[1] = 0; cl = 2;
		} else if (!strcmp(t, "enhanced-route-refresh")) {
			cap[0] = 70; cap[1] = 0; cl = 2;
		} else if (!strcmp(t, "extended-message")) {
			cap[0] = 6; cap[1] = 0; cl = 2;
		} else if (sscanf(t, "raw:%u:%399s", &code, hex) == 2) {
			uint8_t *v;
			size_t vl;
			if (hexparse(hex, &v, &vl) < 0 || vl > 190) {
				fprintf(stderr, "lbpeer: bad capability '%s'\n", t);
				exit(2);
			}
			cap[0] = (uint8_t)code; cap[1] = (uint8_t)vl;
			memcpy(cap + 2, v, vl);
			cl = 2 + vl;
			free(v);
		} else if (strcmp(t, "none")) {
			fprintf(stderr, "lbpeer: unknown capability '%s'\n", t);
			exit(2);
		}
		if (cl && n + 2 + cl <= sizeof b) {
			b[n] = 2; b[n + 1] = (uint8_t)cl;
			memcpy(b + n + 2, cap, cl);
			n += 2 + cl;
		}
	}
	free(list);
	b[9] = (uint8_t)(n - 10);
	send_typed(c, T_OPEN, b, n);
}

/* Count unicast prefixes announced (NLRI field and MP_REACH_NLRI of AFI
 * 1/2 SAFI 1/2, without add-path) for --count-updates. */
static long nlri_count(const uint8_t *p, size_t n, int afi)
{
	long k = 0;
	size_t i = 0;
	int max = afi == 2 ? 128 : 32;
	while (i < n) {
		if (p[i] > max)
			return k;
		i += 1 + (p[i] + 7) / 8;
		if (i <= n)
			k++;
	}
	return k;
}

static long update_prefixes(const uint8_t *m, size_t n)
{
	const uint8_t *b = m + HDR, *end = m + n;
	if (n < HDR + 4)
		return 0;
	size_t wl = get16(b);
	if (b + 2 + wl + 2 > end)
		return 0;
	const uint8_t *a = b + 2 + wl + 2;
	size_t al = get16(b + 2 + wl);
	if (a + al > end)
		return 0;
	long k = nlri_count(a + al, (size_t)(end - (a + al)), 1);
	for (const uint8_t *q = a; q + 3 <= a + al;) {
		int ext = q[0] & 0x10;
		size_t len = ext ? get16(q + 2) : q[2];
		const uint8_t *v = q + (ext ? 4 : 3);
		if (v + len > a + al)
			break;
		if (q[1] == 14 && len >= 5) {
			int afi = get16(v), safi = v[2];
			size_t nh = v[3];
			if ((afi == 1 || afi == 2) && (safi == 1 || safi == 2) && 5 + nh <= len)
				k += nlri_count(v + 5 + nh, len - 5 - nh, afi);
		}
		q = v + len;
	}
	return k;
}

/* ---- free-form sending ----------------------------------------------- */

/* The --send messages: one write with --coalesce (so the speaker reads many
 * messages from one segment), else one write each, --send-gap apart.  A gap
 * pauses the whole peer; it is meant for short sequences. */
static void sends_run(struct conn *c)
{
	if (P.coalesce) {
		size_t tot = 0, off = 0;
		for (int k = 0; k < P.nsends; k++)
			tot += P.sends[k].len;
		uint8_t *all = malloc(tot ? tot : 1);
		if (!all)
			abort();
		for (int k = 0; k < P.nsends; k++) {
			memcpy(all + off, P.sends[k].data, P.sends[k].len);
			off += P.sends[k].len;
		}
		conn_send(c, all, tot);
		free(all);
		return;
	}
	for (int k = 0; k < P.nsends && c->fd >= 0; k++) {
		if (k && P.send_gap > 0)
			usleep((useconds_t)(P.send_gap * 1e6));
		conn_send(c, P.sends[k].data, P.sends[k].len);
	}
}

static void sends_add(struct msgrec m)
{
	if (P.nsends == P.nsends_cap) {
		P.nsends_cap = P.nsends_cap ? 2 * P.nsends_cap : 64;
		P.sends = realloc(P.sends, (size_t)P.nsends_cap * sizeof *P.sends);
		if (!P.sends)
			abort();
	}
	P.sends[P.nsends++] = m;
}

static struct msgrec msg_arg(const char *hex);

/* --send-file: one message per line (hex as for --send); '#' comments. */
static void sends_load(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	if (!f) {
		fprintf(stderr, "lbpeer: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	while (getline(&line, &cap, f) > 0) {
		trim(line);
		if (*line && *line != '#')
			sends_add(msg_arg(line));
	}
	free(line);
	fclose(f);
}

/* ---- per-message dispatch -------------------------------------------- */

static double send_at[MAX_CONNS];

static void message_print(const uint8_t *m, size_t n)
{
	char *h = hexstr(m, n);
	if (!P.ci_mode && P.timestamps)
		printf("RECV %s %s t=%.3f\n", type_name(m[18]), h, now() - P.start);
	else if (!P.ci_mode)
		printf("RECV %s %s\n", type_name(m[18]), h);
	if (P.verbose) {
		if (m[18] == T_NOTIFICATION && n >= HDR + 2)
			vlog("recv NOTIFICATION code %d subcode %d %s", m[HDR], m[HDR + 1], h);
		else if (m[18] == T_UPDATE && is_eor(m, n))
			vlog("recv UPDATE (End-of-RIB) %s", h);
		else
			vlog("recv %s (%zu bytes) %s", type_name(m[18]), n, h);
	}
	free(h);
}

static void message_handle_ci(struct conn *c, const uint8_t *m, size_t n)
{
	static const uint8_t unknown[HDR] = { 255, 255, 255, 255, 255, 255, 255, 255,
		255, 255, 255, 255, 255, 255, 255, 255, 0, 19, 255 };
	static const uint8_t route[] = { 0, 0, 0, 0x15, 0x40, 1, 1, 0, 0x40, 2, 0,
		0x40, 3, 4, 127, 0, 0, 1, 0x40, 5, 4, 0, 0, 0, 100, 32, 0, 0, 0, 0 };
	if (!c->got_open) {
		c->got_open = 1;
		open_mirror(c, m, n);
		send_keepalive(c);
		if (P.unknown_msg)
			conn_send(c, unknown, sizeof unknown);
		if (P.inspect_open) {
			expect_match(c, m, n);
			complete_check();
			return;
		}
		actions_run(c);
		if (P.default_route)
			send_typed(c, T_UPDATE, route, sizeof route);
		return;
	}
	send_keepalive(c);
	if (m[18] != T_KEEPALIVE)
		expect_match(c, m, n);
	complete_check();
}

static void message_handle_free(struct conn *c, const uint8_t *m, size_t n)
{
	int i = (int)(c - P.c);
	switch (m[18]) {
	case T_OPEN:
		c->got_open = 1;
		send_keepalive(c);
		break;
	case T_KEEPALIVE:
		if (c->got_open && !c->established) {
			c->established = P.ever_established = 1;
			send_at[i] = now() + P.send_delay;
			c->next_keepalive = now() + (P.hold ? P.hold / 3.0 : 1e9);
			vlog("session established");
		}
		break;
	case T_NOTIFICATION:
		if (n >= HDR + 2 && m[HDR] == P.notif_code &&
		    (P.notif_sub < 0 || m[HDR + 1] == P.notif_sub))
			P.got_notif = 1;
		break;
	case T_UPDATE:
		P.prefixes += update_prefixes(m, n);
		vlog("%ld prefixes announced so far", P.prefixes);
		break;
	}
	if (P.ne && P.cur < P.ne && m[18] != T_KEEPALIVE && m[18] != T_OPEN)
		expect_match(c, m, n);
	complete_check();
}

/* Read what is available and handle every complete message. */
static void conn_read(struct conn *c)
{
	uint8_t tmp[65536];
	ssize_t r = recv(c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
		vlog("connection closed by the speaker%s%s", r < 0 ? ": " : "",
		     r < 0 ? strerror(errno) : "");
		if (!P.ci_mode) {
			if (P.timestamps)
				printf("CLOSED t=%.3f\n", now() - P.start);
			else
				printf("CLOSED\n");
		}
		conn_close(c);
		return;
	}
	if (r < 0)
		return;
	P.last_activity = now();
	c->rbuf = realloc(c->rbuf, c->rlen + (size_t)r);
	if (!c->rbuf)
		abort();
	memcpy(c->rbuf + c->rlen, tmp, (size_t)r);
	c->rlen += (size_t)r;
	while (c->fd >= 0 && c->rlen >= HDR) {
		size_t len = get16(c->rbuf + 16);
		if (len < HDR) {
			char *h = hexstr(c->rbuf, HDR);
			if (P.ci_mode)
				finish(0, "bad message length %zu in header %s", len, h);
			printf("RECV BAD-LENGTH %s\n", h);
			free(h);
			conn_close(c);
			return;
		}
		if (c->rlen < len)
			return;
		uint8_t *m = malloc(len);
		memcpy(m, c->rbuf, len);
		memmove(c->rbuf, c->rbuf + len, c->rlen - len);
		c->rlen -= len;
		message_print(m, len);
		if (P.ci_mode)
			message_handle_ci(c, m, len);
		else
			message_handle_free(c, m, len);
		free(m);
	}
}

/* ---- sockets and the program under test ------------------------------ */

static int addr_parse(const char *hp, struct sockaddr_storage *ss, socklen_t *sl)
{
	char host[128];
	const char *colon = strrchr(hp, ':');
	if (!colon || colon - hp >= (long)sizeof host)
		return -1;
	memcpy(host, hp, (size_t)(colon - hp));
	host[colon - hp] = 0;
	int port = atoi(colon + 1);
	char *h = host;
	if (*h == '[') {
		h++;
		h[strcspn(h, "]")] = 0;
	}
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, h, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sl = sizeof *s4;
	} else if (inet_pton(AF_INET6, h, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sl = sizeof *s6;
	} else {
		return -1;
	}
	return 0;
}

/* Socket options for the fault-injection modes; set before connect() or
 * listen() so that the receive window is small from the start. */
static void sock_tune(int fd)
{
	int one = 1;
	/* Always: each message leaves when written.  With Nagle, a message
	 * written right behind another (the unknown-message vector's type 255
	 * after the KEEPALIVE) waits for the speaker's delayed ACK, and the
	 * test then depends on the speaker's timers. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (P.rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &P.rcvbuf, sizeof P.rcvbuf);
}

/* --md5: the key for the other side's address, before listen() or
 * connect() (RFC 2385: SYNs are signed too).  A kernel that refuses it
 * ends the run: an unsigned session would prove nothing. */
static void md5_apply(int fd, int family, const struct sockaddr_storage *connected)
{
	if (!P.md5)
		return;
	struct sockaddr_storage peer;
	socklen_t sl;
	char hp[160];
	if (P.md5_peer || !connected) {
		const char *a = P.md5_peer ? P.md5_peer : family == AF_INET6 ? "::1" : "127.0.0.1";
		snprintf(hp, sizeof hp, strchr(a, ':') ? "[%s]:0" : "%s:0", a);
		if (addr_parse(hp, &peer, &sl) < 0) {
			fprintf(stderr, "lbpeer: bad --md5-peer '%s'\n", a);
			exit(2);
		}
	} else {
		peer = *connected;
	}
	if (tcp_md5_set(fd, &peer, (const uint8_t *)P.md5, strlen(P.md5)) < 0) {
		printf("FAIL: TCP-MD5 key: %s\n", strerror(errno));
		exit(1);
	}
}

/* --md5-check: does this kernel take TCP-MD5 keys at all? */
static void md5_check(void)
{
	struct sockaddr_storage a;
	memset(&a, 0, sizeof a);
	a.ss_family = AF_INET;
	((struct sockaddr_in *)&a)->sin_addr.s_addr = htonl(0x7f000001);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || tcp_md5_set(fd, &a, (const uint8_t *)"probe", 5) < 0) {
		printf("no TCP-MD5: %s\n", strerror(errno));
		exit(77);
	}
	close(fd);
	exit(0);
}

static int listen_on(const char *hp)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1;
	if (addr_parse(hp, &ss, &sl) < 0) {
		fprintf(stderr, "lbpeer: bad address '%s'\n", hp);
		exit(2);
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd >= 0 && !P.ci_mode)
		sock_tune(fd);
	if (fd >= 0)
		md5_apply(fd, ss.ss_family, NULL);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 16) < 0) {
		printf("FAIL: cannot listen on %s: %s\n", hp, strerror(errno));
		exit(1);
	}
	vlog("listening on %s", hp);
	return fd;
}

static struct conn *conn_add(int fd)
{
	for (int i = 0; i < MAX_CONNS; i++) {
		if (P.c[i].fd < 0) {
			memset(&P.c[i], 0, sizeof P.c[i]);
			P.c[i].fd = fd;
			send_at[i] = 0;
			P.last_activity = now();
			return &P.c[i];
		}
	}
	close(fd);
	return NULL;
}

static void spawn(void)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		printf("FAIL: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		setpgid(0, 0);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		int in = open("/dev/null", O_RDONLY);
		int out = open(P.logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (in >= 0) dup2(in, 0);
		if (out >= 0) { dup2(out, 1); dup2(out, 2); }
		/* a speaker started from a background job would inherit ignored
		 * SIGINT/SIGQUIT; give it default dispositions */
		for (int s = 1; s < 32; s++)
			if (s != SIGKILL && s != SIGSTOP)
				signal(s, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(P.spawn_argv[0], P.spawn_argv);
		fprintf(stderr, "lbpeer: exec %s: %s\n", P.spawn_argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	P.pid = pid;
	P.spawned = 1;
	vlog("spawned pid %d: %s", (int)pid, P.spawn_argv[0]);
}

static void on_signal(int s) { interrupted = s; }

static void usage(void)
{
	fprintf(stderr,
"usage: lbpeer --ci FILE.ci --port P [--timeout S] [--deadline S] [--pid PID]\n"
"              [--log FILE] [-v] [--spawn -- CMD ARGS...]\n"
"       lbpeer (--listen ADDR:P | --connect ADDR:P) [--asn N] [--router-id A]\n"
"              [--hold S] [--capabilities LIST] [--open HEX] [--send HEX]...\n"
"              [--send-delay S] [--expect FILE] [--count-updates N]\n"
"              [--expect-notification CODE[/SUB]] [--duration S] [--deadline S]\n"
"              [-v] [--log FILE] [--spawn -- CMD ARGS...]\n"
"capabilities: comma list of ipv4-unicast ipv6-unicast mp:AFI/SAFI asn4\n"
"  route-refresh enhanced-route-refresh extended-message raw:CODE:HEX none\n"
"--send/--open HEX: a whole message (starting with 32 F) or TYPE byte + body\n"
"fault injection (free-form mode):\n"
"  --bind ADDR        source address for --connect\n"
"  --md5 KEY          TCP-MD5 (RFC 2385) with KEY: on --connect for the address\n"
"                     connected to, on --listen for --md5-peer ADDR (default\n"
"                     127.0.0.1 or ::1, the listen address's family)\n"
"  --md5-check        exit 0 if the kernel takes a TCP-MD5 key, else print why\n"
"                     and exit 77 (for tests to skip)\n"
"  --raw HEX          bytes sent verbatim on connect, before the OPEN\n"
"  --no-open          send no OPEN (with --raw: raw bytes instead of an OPEN)\n"
"  --split            every message leaves one byte per TCP segment\n"
"  --send-file FILE   more --send messages, one hex message per line\n"
"  --send-gap S       pause between consecutive --send messages\n"
"  --coalesce         all --send messages in a single write\n"
"  --no-keepalive     no periodic KEEPALIVEs (the speaker's hold timer expires)\n"
"  --no-read          stop reading once established (a stalled peer)\n"
"  --rcvbuf BYTES     SO_RCVBUF of the connection (with --no-read: a small window)\n"
"  --send-default-route  also send 0.0.0.0/0 once established (scripts/demo.sh)\n"
"  --timestamps       RECV and CLOSED lines end with t=SECONDS since start,\n"
"                     and a line PREFIXES N (unicast prefixes announced) ends the run\n"
"  a CLOSED line is printed when the speaker closes the connection\n");
	exit(2);
}

static struct msgrec msg_arg(const char *hex)
{
	struct msgrec r;
	uint8_t *b;
	size_t n;
	if (hexparse(hex, &b, &n) < 0 || n < 1) {
		fprintf(stderr, "lbpeer: bad hex '%s'\n", hex);
		exit(2);
	}
	int full = n >= 16;
	for (int i = 0; full && i < 16; i++)
		full = b[i] == 0xff;
	if (full) {
		r.data = b;
		r.len = n;
		return r;
	}
	r.len = HDR + n - 1;
	r.data = malloc(r.len);
	memset(r.data, 0xff, 16);
	r.data[16] = (uint8_t)(r.len >> 8);
	r.data[17] = (uint8_t)r.len;
	memcpy(r.data + 18, b, n);
	free(b);
	return r;
}

int main(int argc, char **argv)
{
	const char *ci = NULL, *listen_addr = NULL, *connect_addr = NULL, *expect = NULL;
	double cli_timeout = -1;
	int default_route = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < MAX_CONNS; i++)
		P.c[i].fd = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED() do { if (!v) usage(); i++; } while (0)
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) P.verbose = 1;
		else if (!strcmp(a, "--ci")) { NEED(); ci = v; }
		else if (!strcmp(a, "--port")) { NEED(); P.port = atoi(v); }
		else if (!strcmp(a, "--timeout")) { NEED(); cli_timeout = atof(v); }
		else if (!strcmp(a, "--deadline")) { NEED(); P.deadline = atof(v); }
		else if (!strcmp(a, "--duration")) { NEED(); P.duration = atof(v); }
		else if (!strcmp(a, "--pid")) { NEED(); P.pid = atoi(v); }
		else if (!strcmp(a, "--log")) { NEED(); P.logfile = v; }
		else if (!strcmp(a, "--listen")) { NEED(); listen_addr = v; }
		else if (!strcmp(a, "--connect")) { NEED(); connect_addr = v; }
		else if (!strcmp(a, "--expect")) { NEED(); expect = v; }
		else if (!strcmp(a, "--asn")) { NEED(); P.asn = (uint32_t)strtoul(v, NULL, 10); }
		else if (!strcmp(a, "--hold")) { NEED(); P.hold = atoi(v); }
		else if (!strcmp(a, "--capabilities")) { NEED(); P.caps = v; }
		else if (!strcmp(a, "--count-updates")) { NEED(); P.count_updates = atol(v); }
		else if (!strcmp(a, "--send-delay")) { NEED(); P.send_delay = atof(v); }
		else if (!strcmp(a, "--send-gap")) { NEED(); P.send_gap = atof(v); }
		else if (!strcmp(a, "--send-file")) { NEED(); sends_load(v); }
		else if (!strcmp(a, "--bind")) { NEED(); P.bind_addr = v; }
		else if (!strcmp(a, "--md5")) { NEED(); P.md5 = v; }
		else if (!strcmp(a, "--md5-peer")) { NEED(); P.md5_peer = v; }
		else if (!strcmp(a, "--md5-check")) md5_check();
		else if (!strcmp(a, "--raw")) {
			NEED();
			if (hexparse(v, &P.raw.data, &P.raw.len) < 0) usage();
		}
		else if (!strcmp(a, "--rcvbuf")) { NEED(); P.rcvbuf = atoi(v); }
		else if (!strcmp(a, "--no-open")) P.no_open = 1;
		else if (!strcmp(a, "--split")) P.split = 1;
		else if (!strcmp(a, "--no-read")) P.no_read = 1;
		else if (!strcmp(a, "--no-keepalive")) P.no_keepalive = 1;
		else if (!strcmp(a, "--coalesce")) P.coalesce = 1;
		else if (!strcmp(a, "--timestamps")) P.timestamps = 1;
		else if (!strcmp(a, "--send-default-route")) default_route = 1;
		else if (!strcmp(a, "--open")) { NEED(); P.open_override = msg_arg(v); }
		else if (!strcmp(a, "--send")) {
			NEED();
			sends_add(msg_arg(v));
		} else if (!strcmp(a, "--router-id")) {
			struct in_addr ia;
			NEED();
			if (inet_pton(AF_INET, v, &ia) != 1) usage();
			P.router_id = ntohl(ia.s_addr);
		} else if (!strcmp(a, "--expect-notification")) {
			NEED();
			P.want_notif = 1;
			P.notif_sub = -1;
			if (sscanf(v, "%d/%d", &P.notif_code, &P.notif_sub) < 1) usage();
		} else if (!strcmp(a, "--spawn")) {
			if (i + 1 < argc && !strcmp(argv[i + 1], "--")) i++;
			if (i + 1 >= argc) usage();
			P.spawn_argv = argv + i + 1;
			break;
		} else usage();
#undef NEED
	}
	if (!!ci + !!listen_addr + !!connect_addr != 1)
		usage();
	if (default_route) {
		/* 0.0.0.0/0: ORIGIN IGP, AS_PATH [our AS] (4-octet), NEXT_HOP 127.0.0.1 */
		char h[128];
		snprintf(h, sizeof h, "0200000014400101004002060201%08X4003047F00000100", P.asn);
		sends_add(msg_arg(h));
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	char addr[80];
	if (ci) {
		P.ci_mode = 1;
		if (P.port <= 0) usage();
		ci_load(ci);
		snprintf(addr, sizeof addr, "%s:%d", P.ipv6 ? "[::1]" : "127.0.0.1", P.port);
		listen_addr = addr;
	} else if (expect) {
		ci_load(expect);
	}
	if (cli_timeout > 0)
		P.timeout = cli_timeout;
	const char *scale = getenv("LBPEER_TIMEOUT_SCALE");
	if (scale && atof(scale) > 0) {
		P.timeout *= atof(scale);
		P.deadline *= atof(scale);
	}
	double start = now(), deadline = start + P.deadline;
	P.start = start;
	double duration_end = P.duration > 0 ? start + P.duration : deadline;
	if (listen_addr)
		P.lfd = listen_on(listen_addr);
	if (P.spawn_argv)
		spawn();
	struct sockaddr_storage cs;
	socklen_t csl = 0;
	double next_connect = 0;
	int connected_once = 0, idle_exited = 0;
	struct sockaddr_storage bs;
	socklen_t bsl = 0;
	if (P.bind_addr) {
		char b[80];
		snprintf(b, sizeof b, strchr(P.bind_addr, ':') ? "[%s]:0" : "%s:0", P.bind_addr);
		if (addr_parse(b, &bs, &bsl) < 0) {
			fprintf(stderr, "lbpeer: bad address '%s'\n", P.bind_addr);
			exit(2);
		}
	}
	if (connect_addr && addr_parse(connect_addr, &cs, &csl) < 0) {
		fprintf(stderr, "lbpeer: bad address '%s'\n", connect_addr);
		exit(2);
	}
	P.last_activity = now();

	for (;;) {
		double t = now();
		const char *step = P.cur < P.ne ? P.e[P.cur].step : "(none)";
		if (interrupted)
			finish(0, "interrupted by signal %d in step %s", (int)interrupted, step);
		if (t > deadline)
			finish(0, "deadline of %.0f s expired in step %s", P.deadline, step);
		int open_conns = 0;
		for (int i = 0; i < MAX_CONNS; i++)
			open_conns += P.c[i].fd >= 0;
		if (P.ci_mode && open_conns && t - P.last_activity > P.timeout)
			finish(0, "timeout: nothing received for %.1f s in step %s", P.timeout, step);
		if (!P.ci_mode && t > duration_end) {
			if (P.ne || P.count_updates || P.want_notif)
				finish(0, "duration elapsed: step %s, %ld of %ld prefixes, notification %s",
				       step, P.prefixes, P.count_updates,
				       P.want_notif ? (P.got_notif ? "seen" : "not seen") : "not wanted");
			if (P.ever_established)
				finish(1, NULL);
			finish(0, "no session was established");
		}
		if (connect_addr && connected_once && !open_conns) {
			if (P.ne || P.count_updates || P.want_notif)
				finish(0, "connection closed: step %s, %ld of %ld prefixes, notification %s",
				       step, P.prefixes, P.count_updates,
				       P.want_notif ? (P.got_notif ? "seen" : "not seen") : "not wanted");
			finish(P.ever_established, "connection closed before the session was up");
		}
		/* Free-form connect mode: (re)try until one session ran. */
		if (connect_addr && !open_conns && !connected_once && t >= next_connect) {
			int fd = socket(cs.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (fd >= 0) {
				sock_tune(fd);
				md5_apply(fd, cs.ss_family, &cs);
				if (P.bind_addr && bind(fd, (struct sockaddr *)&bs, bsl) < 0) {
					printf("FAIL: cannot bind %s: %s\n", P.bind_addr, strerror(errno));
					exit(1);
				}
			}
			/* A SYN the other side drops (TCP-MD5 mismatch) would hold a
			 * blocking connect() for minutes, past every deadline: give up
			 * after a second and try again. */
			struct timeval cto = { 1, 0 }, none = { 0, 0 };
			if (fd >= 0)
				setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &cto, sizeof cto);
			if (fd >= 0 && connect(fd, (struct sockaddr *)&cs, csl) == 0) {
				setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
				struct conn *c = conn_add(fd);
				connected_once = 1;
				vlog("connected to %s", connect_addr);
				if (c)
					open_build(c);
			} else if (fd >= 0) {
				close(fd);
			}
			next_connect = t + 0.1;
		}
		/* Free-form timers: delayed --send messages and keepalives. */
		for (int i = 0; !P.ci_mode && i < MAX_CONNS; i++) {
			struct conn *c = &P.c[i];
			if (c->fd < 0 || !c->established)
				continue;
			if (send_at[i] && t >= send_at[i]) {
				send_at[i] = 0;
				sends_run(c);
			}
			if (c->fd >= 0 && !P.no_keepalive && t >= c->next_keepalive) {
				send_keepalive(c);
				c->next_keepalive = t + (P.hold ? P.hold / 3.0 : 1e9);
			}
		}

		struct pollfd pf[MAX_CONNS + 1];
		int map[MAX_CONNS + 1], np = 0;
		if (P.lfd >= 0) {
			pf[np] = (struct pollfd){ P.lfd, POLLIN, 0 };
			map[np++] = -1;
		}
		for (int i = 0; i < MAX_CONNS; i++) {
			if (P.c[i].fd >= 0) {
				/* --no-read: once established the socket is left
				 * alone, so the speaker's writes fill the window */
				short ev = P.no_read && P.c[i].established ? 0 : POLLIN;
				pf[np] = (struct pollfd){ P.c[i].fd, ev, 0 };
				map[np++] = i;
			}
		}
		int r = poll(pf, (nfds_t)np, 50);
		int accepting = 0;
		for (int k = 0; r > 0 && k < np; k++) {
			if (!pf[k].revents)
				continue;
			if (map[k] < 0) {
				accepting = 1;
				int fd = accept4(P.lfd, NULL, NULL, SOCK_CLOEXEC);
				if (fd >= 0) {
					int nodelay = 1;
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
					if (!P.ci_mode)
						sock_tune(fd);
					struct conn *c = conn_add(fd);
					vlog("accepted a connection");
					if (c && !P.ci_mode)
						open_build(c);
				}
			} else if (P.c[map[k]].fd >= 0) {
				conn_read(&P.c[map[k]]);
			}
		}
		/* The program under test is gone and nothing is left to read: no
		 * further message can arrive, so fail now rather than at the
		 * deadline. */
		child_reap(0);
		open_conns = 0;
		for (int i = 0; i < MAX_CONNS; i++)
			open_conns += P.c[i].fd >= 0;
		if (P.spawned && P.child_exited && !open_conns && !accepting) {
			if (++idle_exited >= 3) {
				int st = P.child_status;
				finish(0, "the program under test exited (%s %d) in step %s",
				       WIFEXITED(st) ? "status" : "signal",
				       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
				       P.cur < P.ne ? P.e[P.cur].step : "(none)");
			}
		} else {
			idle_exited = 0;
		}
	}
}
