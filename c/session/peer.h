/* A BGP neighbor and its sessions: the RFC 4271 finite state machine driven
 * by libev (one ev_io per socket, ev_timer_again for hold/keepalive).
 * This layer and c/session/daemon.c are the only code that include ev.h. */
#ifndef LB_SESSION_PEER_H
#define LB_SESSION_PEER_H

#include <ev.h>

#include "daemon/conf.h"
#include "rib/rib.h"
#include "wire/notify.h"
#include "wire/update.h"

/* RFC 4271 section 8.2.2 states. */
enum fsm_state { FSM_IDLE, FSM_CONNECT, FSM_ACTIVE, FSM_OPENSENT, FSM_OPENCONFIRM, FSM_ESTABLISHED };

struct peer;

/* One TCP connection of a peer.  During collision detection (RFC 4271
 * section 6.8) a peer briefly has two. */
struct conn {
	struct peer *peer;
	int fd;
	bool outgoing;
	enum fsm_state state;        /* CONNECT, OPENSENT, OPENCONFIRM, ESTABLISHED */
	ev_io rio, wio;
	struct buf in;
	size_t in_off;               /* parsed up to here */
	struct buf out;
	size_t out_off;              /* written up to here */
	bool have_open;
	struct wire_open remote_open;
	char local_text[64], remote_text[64];
	struct sockaddr_storage local;
	socklen_t local_len;
};

struct peer {
	struct daemon *daemon;
	struct neighbor_conf *conf;
	enum fsm_state state;        /* of the best connection, IDLE/ACTIVE without */
	struct conn *conn;           /* the session (or the attempt) */
	struct conn *other;          /* a second connection during collision */
	ev_timer connect_timer;      /* connect-retry, with back-off */
	ev_timer hold_timer;
	ev_timer keepalive_timer;
	ev_timer send_hold_timer;    /* RFC 9687 */
	ev_timer rate_timer;         /* rate-limit: resume reading */
	ev_timer flush_timer;        /* flush on the next loop iteration */
	unsigned attempts;           /* outgoing connection attempts made */
	unsigned failures;           /* consecutive, for the back-off */
	/* max-prefix: no session before this time (-1: until a reload), and
	 * the families already warned about in this session (warning-only) */
	ev_tstamp max_prefix_until;
	uint32_t max_prefix_warned;
	bool removed;                /* no more attempts: waiting to be freed */
	struct wire_open local_open;
	struct wire_session_ctx ctx;
	struct wire_encode_ctx enc;
	struct rib_table *adj_in;
	struct rib_out *adj_out;
	bool eor_due;                /* send End-of-RIB once the initial table is out */
	bool eorr_due[FAM_MAX];      /* RFC 7313: End-of-Route-Refresh once the refresh is out */
	bool paused;                 /* producers paused: output buffer full */
	bool paused_reading;         /* rate-limit reached for this second */
	unsigned rate_count;         /* messages received in the current second */
	ev_tstamp rate_second;
	ev_tstamp established_at;
	uint64_t counter;            /* messages reported, for the JSON "counter" */
	uint64_t msgs_in, msgs_out, updates_in, updates_out;
	struct buf scratch;          /* attribute blob while decoding */
	struct buf scratch2;
	char local_text[64];         /* our address on the last session, for events */
	struct events_subs *subs;    /* helpers subscribed to this peer's events (events.c) */
	struct peer_op *op;          /* OPERATIONAL messages to send (peer_operational.c), or NULL */
};

struct peer *peer_new(struct daemon *d, struct neighbor_conf *conf);
void peer_free(struct peer *p);
void peer_start(struct peer *p);
/* Close every connection with a Cease (subcode, optional RFC 9003 text). */
void peer_shutdown(struct peer *p, uint8_t subcode, const char *text);
/* Close the session with a Cease (RFC 9003 text optional) and reconnect as
 * after any session loss (`teardown`, `neighbor X teardown N`). */
void peer_teardown(struct peer *p, uint8_t subcode, const char *text);
/* Accept an incoming connection for this peer (fd already non-blocking). */
void peer_accept(struct peer *p, int fd, const struct sockaddr_storage *local, socklen_t local_len);
/* Routes changed: write what fits in the output buffer. */
void peer_flush(struct peer *p);
/* Flush once the loop has handled what is already pending (messages in
 * the input buffer first, as ExaBGP does). */
void peer_flush_soon(struct peer *p);
/* Ask the peer to resend its routes (ROUTE-REFRESH for every negotiated
 * family, RFC 2918) when established and negotiated; otherwise a log line
 * saying why (e.g. "import policy changed") it could not. */
void peer_request_refresh(struct peer *p, const char *why);
const char *fsm_state_name(enum fsm_state s);
/* Stop (on) or resume reading the peer's messages: an API helper fed by
 * this peer cannot take more events (session/process.c, events.c). */
void peer_api_pause(struct peer *p, bool on);
/* Text of the peer address, for logs. */
const char *peer_name(const struct peer *p);

#endif
