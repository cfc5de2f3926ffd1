/* The verbs of the process API (ExaBGP's commands), called by the LPeg
 * grammar in lua/lunabgp/api through LuaJIT's FFI: the executable exports
 * them, so every lb_api_* function here has a matching ffi.cdef in
 * lua/lunabgp/api/cdef.lua (checked by tests/spec/api_cdef_spec.lua).
 *
 * A command runs as: lb_api_begin(process) -> selection = every peer the
 * helper is attached to (api { processes [...] } / processes-match);
 * lb_api_select(...) narrows it (qualifiers AND-ed, successive calls OR-ed,
 * ExaBGP's "neighbor A local-as 1, neighbor B"); then one or more verbs act
 * on the selected peers.  Errors: a verb returns < 0 and lb_api_error() says
 * why; nothing was changed. */
#ifndef LB_SESSION_API_EXEC_H
#define LB_SESSION_API_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct daemon;
struct process;
struct peer;
struct neighbor_conf;

/* The daemon the verbs act on (set by c/embed/api.c before each command). */
void api_exec_set_daemon(struct daemon *d);
struct daemon *api_exec_daemon(void);

/* Ack modes for process_set_ack() (c/session/process.c). */
enum api_ack_mode { API_ACK_ON = 0, API_ACK_OFF = 1, API_ACK_SILENCE = 2 };

/* --- exported for the FFI ------------------------------------------------ */
const char *lb_api_error(void);
int lb_api_begin(void *process);
/* enable-sync / disable-sync of the current process. */
void lb_api_set_sync(int on);
/* After a successful command of `from`: true when its answer waits until the
 * UPDATEs it caused are written (api_exec_sync_poll answers it then). */
bool api_exec_sync_defer(struct process *from);
void api_exec_sync_poll(void);
void api_exec_peer_gone(struct peer *p);
void api_exec_process_gone(struct process *pr);
/* Add the attached peers matching every given qualifier (NULL / -1 = any)
 * to the selection; `reset` empties it first.  Returns the selection size. */
int lb_api_select(int reset, const char *addr, const char *local_ip, int64_t local_as, int64_t peer_as,
                  const char *router_id, const char *family);
int lb_api_selected(void);
/* Intern a canonical attribute blob (wire/attrs.h); returns a handle >= 0
 * kept until lb_api_attrs_release() (the Lua cache owns it), or -1. */
int lb_api_attrs(const char *blob, size_t len);
void lb_api_attrs_release(int handle);
/* Announce (1) or withdraw (0) one prefix ("10.0.0.0/24", "10.0.0.1",
 * "2001:db8::/32") to the selected peers; split: 0 or the /N to cut it in;
 * family: 0 any, 4 or 6 the IP version the command named. */
int lb_api_route(int announce, const char *prefix, uint32_t path_id, int attrs, int split, int family);
int lb_api_route_raw(int announce, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                     int attrs);
int lb_api_prefix_valid(const char *prefix, int family);
/* Routes configured with `watchdog NAME`. */
int lb_api_watchdog(int announce, const char *name);
/* End-of-RIB / ROUTE-REFRESH for "ipv4" "unicast" (names as ExaBGP). */
int lb_api_eor(const char *afi, const char *safi);
int lb_api_refresh(const char *afi, const char *safi);
/* OPERATIONAL message `what` ("adm", "rpcq" ...) for family afi safi to the
 * selected peers (c/session/peer_operational.c): router_id NULL for ours,
 * sequence and counter 0..2^32-1 where the type has them, the advisory text
 * of ADM/ASM. */
int lb_api_operational(const char *what, const char *afi, const char *safi, const char *router_id,
                       int64_t sequence, int64_t counter, const char *advisory, size_t advisory_len);
/* Cease with subcode (RFC 4486) and its RFC 9003 text; the peer reconnects. */
int lb_api_teardown(int subcode);
/* Adj-RIB operations: op 0 clear, 1 flush; in: 1 Adj-RIB-In, 0 Adj-RIB-Out. */
int lb_api_rib(int op, int in);
/* show neighbor: mode 0 summary, 1 extensive, 2 configuration; text or JSON.
 * show adj-rib: in/out, extensive. Lines go to the helper. */
int lb_api_show_neighbor(int mode, int json);
int lb_api_show_rib(int in, int extensive, int json);
/* Daemon: 0 shutdown, 1 reload, 2 restart. */
int lb_api_daemon(int op);
/* Group (v6 `group start` / `group end`): hold flushes until the end, so the
 * batch goes out together in as few UPDATEs as the RIB can pack. */
void lb_api_hold(int on);
/* Answers. */
void lb_api_write(const char *line);
void lb_api_answer(int ok, const char *reason);
void lb_api_set_ack(int mode);
/* The current helper's API version: 0 reads it, 4 or 6 switches its answers
 * and events (process_set_api_version).  0 when no helper runs the command. */
int lb_api_api_version(int version);
const char *lb_api_process_name(void);
/* Dynamic neighbors: delete the selected peers (Cease / Peer De-configured). */
int lb_api_neighbor_delete(void);
/* Numbers for `status` / `version`. */
int lb_api_peer_count(void);

/* --- used by c/embed/api.c ----------------------------------------------- */
/* Add a neighbor built from configuration text (create neighbor). */
int api_exec_neighbor_add(struct neighbor_conf *nc);
void api_exec_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *api_exec_process(void);
/* Where lb_api_write goes when no helper runs the command (the control
 * socket, c/embed/control_core.c); NULL: nowhere. */
void api_exec_set_output(void (*fn)(void *arg, const char *line), void *arg);

#endif
