/* Socket and buffer handling of one session (see conn.c). */
#ifndef LB_SESSION_CONN_H
#define LB_SESSION_CONN_H

#include "session/peer.h"

struct conn *conn_new(struct peer *p, int fd, bool outgoing);
void conn_free(struct ev_loop *loop, struct conn *c);
void conn_addresses(struct conn *c);
int conn_write(struct ev_loop *loop, struct conn *c);
void conn_kick(struct ev_loop *loop, struct conn *c);
size_t conn_out_pending(const struct conn *c);
void conn_resume_reading(struct ev_loop *loop, struct conn *c);
int fd_nonblock(int fd);
void sockaddr_text(const struct sockaddr_storage *ss, char *out, size_t n);

/* Callbacks into the FSM (peer.c). */
void peer_connected(struct peer *p, struct conn *c);
void peer_conn_failed(struct peer *p, struct conn *c, const char *why);
void peer_conn_error(struct peer *p, struct conn *c, const struct wire_error *e,
                     const uint8_t *msg, size_t len);
bool peer_message(struct peer *p, struct conn *c, uint8_t type, const uint8_t *msg, size_t len);
void peer_output_drained(struct peer *p, struct conn *c);
void peer_wrote(struct peer *p, struct conn *c);

#endif
