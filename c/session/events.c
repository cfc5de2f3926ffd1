/* Event fan-out.  Today the only consumer besides logs is stdout (--events);
 * the process API and Lua subscribe here. */
#include "session/events.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include "event/json.h"
#include "session/daemon.h"

bool events_to_stdout;

static char hostname[256];

static void peer_json(struct peer *p, struct conn *c, struct json_peer *jp, const char *direction)
{
	static char router_id[INET_ADDRSTRLEN];
	if (!hostname[0])
		gethostname(hostname, sizeof hostname - 1);
	struct in_addr a = { htonl(p->conf->router_id) };
	inet_ntop(AF_INET, &a, router_id, sizeof router_id);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	jp->api = JSON_API_V4;
	jp->version = NULL;
	jp->host = hostname;
	jp->pid = getpid();
	jp->ppid = getppid();
	jp->counter = ++p->counter;
	if (c && c->local_text[0])
		snprintf(p->local_text, sizeof p->local_text, "%s", c->local_text);
	jp->local_addr = p->local_text;
	jp->peer_addr = p->conf->name;
	jp->local_as = p->conf->local_as;
	jp->peer_as = p->conf->peer_as;
	jp->router_id = router_id;
	jp->direction = direction;
	jp->time = tv.tv_sec + tv.tv_usec / 1e6;
}

static void emit(struct buf *b)
{
	if (events_to_stdout) {
		if (!b->len || b->data[b->len - 1] != '\n')
			buf_put_u8(b, '\n');
		fwrite(b->data, 1, b->len, stdout);
		fflush(stdout);
	}
	buf_free(b);
}

static bool wanted(void)
{
	return events_to_stdout;
}

void events_state(struct peer *p, const char *state, const char *reason)
{
	if (!wanted())
		return;
	struct json_peer jp;
	struct buf b = BUF_INIT;
	peer_json(p, p->conn, &jp, NULL);
	json_state(&b, &jp, state, reason);
	emit(&b);
}

void events_open_in(struct peer *p, struct conn *c, const struct wire_open *o, const uint8_t *msg, size_t len)
{
	if (!wanted())
		return;
	struct json_peer jp;
	struct buf b = BUF_INIT;
	peer_json(p, c, &jp, "in");
	json_open(&b, &jp, o, NULL);
	emit(&b);
}

void events_update_in(struct peer *p, struct conn *c, const struct wire_update *u, const uint8_t *blob,
                      size_t bloblen, const uint8_t *msg, size_t len)
{
	if (!wanted())
		return;
	struct json_peer jp;
	struct buf b = BUF_INIT;
	peer_json(p, c, &jp, "in");
	if (u->err.action >= WIRE_TREAT_AS_WITHDRAW) {
		/* RFC 7606: report what the UPDATE did to the RIB, a withdrawal of
		 * everything it carried. */
		struct wire_update w = *u;
		if (u->nlri.len) {
			w.withdrawn = u->nlri;
			w.nlri.len = 0;
		}
		if (u->has_mp_reach && !u->has_mp_unreach) {
			w.mp_unreach = u->mp_reach;
			w.has_mp_unreach = true;
			w.has_mp_reach = false;
		}
		w.err.action = WIRE_OK;
		json_update(&b, &jp, &p->ctx, &w, NULL, 0, NULL);
	} else {
		json_update(&b, &jp, &p->ctx, u, blob, bloblen, NULL);
	}
	emit(&b);
}

void events_notification_in(struct peer *p, struct conn *c, const struct wire_notification *n,
                            const uint8_t *msg, size_t len)
{
	if (!wanted())
		return;
	struct json_peer jp;
	struct buf b = BUF_INIT;
	peer_json(p, c, &jp, "in");
	json_notification(&b, &jp, n, NULL);
	emit(&b);
}

void events_keepalive_in(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	(void)p;
	(void)c;
	(void)msg;
	(void)len;
}

void events_refresh_in(struct peer *p, struct conn *c, const struct wire_route_refresh *rr,
                       const uint8_t *msg, size_t len)
{
	if (!wanted())
		return;
	struct json_peer jp;
	struct buf b = BUF_INIT;
	peer_json(p, c, &jp, "in");
	json_refresh(&b, &jp, rr, NULL);
	emit(&b);
}

void events_message_out(struct peer *p, struct conn *c, uint8_t type)
{
	(void)p;
	(void)c;
	(void)type;
}
