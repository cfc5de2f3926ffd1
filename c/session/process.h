/* API helper processes (ExaBGP's `process NAME { run ...; encoder ...; }`):
 * lifecycle, the three pipes in the loop, the bounded output queue and the
 * answers.  The seam with the command side is session/api.h; the event
 * fan-out (session/events.c) writes straight into a process's queue through
 * process_event_buf/process_event_done. */
#ifndef LB_SESSION_PROCESS_H
#define LB_SESSION_PROCESS_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/buf.h"
#include "daemon/conf.h"
#include "session/api.h"

struct daemon;

/* Acknowledgement modes (ExaBGP: enable-ack, disable-ack, silence-ack);
 * the values are api_exec.h's API_ACK_ON/OFF/SILENT. */
enum process_ack {
	ACK_ON = 0,      /* `done` / `error` after every command */
	ACK_OFF = 1,     /* disable-ack: this command is still acknowledged, later ones are not */
	ACK_SILENCE = 2, /* silence-ack: no acknowledgement from this command on */
};

/* What to do when a helper's output queue reaches its bound
 * (lunabgp.api_queue_policy). */
enum process_full_policy {
	PROC_FULL_PAUSE,    /* stop reading the helper's commands, and the BGP peers whose
	                       events it receives, until it drained to a quarter: lossless,
	                       TCP pushes back; producers that cannot pause (sent messages)
	                       are dropped past 4x the bound */
	PROC_FULL_DROP,     /* drop events (counted, logged at most every 10 s) */
	PROC_FULL_RESTART,  /* kill and respawn the helper (its queue is discarded) */
};

struct process {
	struct daemon *daemon;
	char *name;
	char **argv;                 /* NULL terminated, owned */
	bool json;                   /* encoder json (else text) in effect */
	bool json_conf;              /* the process block's encoder (back in force under v4) */
	bool respawn;                /* the process block's `respawn` */
	int api_version;             /* 4 or 6 (exabgp.api.version) */
	pid_t pid;                   /* 0 when not running */
	int in_fd, out_fd, err_fd;   /* our ends: helper's stdin, stdout, stderr */
	ev_io wio, rio, eio;
	ev_child child;
	ev_timer more;               /* buffered commands left: continue next iteration */
	struct buf outq;             /* events and answers not yet written */
	size_t outq_off;             /* written up to here */
	struct buf line;             /* partial command line from stdout */
	struct buf errline;          /* partial stderr line */
	bool reading_paused;         /* queue full: not reading commands */
	bool in_command;             /* api_command running for this helper */
	enum process_ack ack;
	bool ack_grace;              /* ACK_OFF: the current command is still answered */
	bool retired;                /* removed by a reload: no respawn */
	uint64_t dropped;            /* events dropped because the queue was full */
	uint64_t dropped_reported;
	ev_tstamp drop_logged;
	uint64_t commands;           /* lines handed to api_command */
	struct peer **blocked;       /* peers not read because of this queue */
	int nblocked, blocked_cap;
	int respawn_bucket;          /* time() & ~63 of the last start */
	int respawn_count;           /* starts in that bucket */
	bool gave_up;
};

/* Start every process of d->conf (daemon_run). */
void processes_start(struct daemon *d);
/* After a reload: stop processes no longer configured, start new ones;
 * with restart (SIGUSR2) every helper is stopped and started again. */
void processes_reload(struct daemon *d, bool restart);
/* Shutdown notice, close stdin, SIGTERM to each helper's process group
 * (daemon_stop).  Non-blocking. */
void processes_stop(struct daemon *d);
/* After the loop ended: wait up to the grace period for the helpers, then
 * SIGKILL and reap them; frees everything. */
void processes_free(struct daemon *d);

struct process *process_find(struct daemon *d, const char *name);
/* Set by the command layer before it answers the command that changed it
 * (disable-ack's own `done` is written, silence-ack's is not). */
void process_set_ack(struct process *p, int mode);
enum process_ack process_get_ack(const struct process *p);
/* `system api version 4|6`: this helper's answers and events switch to that
 * format from the next line written (v6 is JSON only; back to v4 restores the
 * configured encoder).  Returns -1 for another version. */
int process_set_api_version(struct process *p, int version);
int process_api_version(const struct process *p);
bool process_running(const struct process *p);
size_t process_queued(const struct process *p);
/* Is the helper attached to this neighbor (api { processes [...] } or
 * processes-match)?  Used by the event fan-out and the command selection. */
struct neighbor_conf;
bool process_attached(const struct process *p, const struct neighbor_conf *nc);
bool process_in_binding(const struct process *p, const struct api_binding *b);

/* Event fan-out: the buffer to append one event to (the queue itself), or
 * NULL when the event must be dropped (helper not running, or queue full
 * under the drop policy).  Call process_event_done after appending. */
struct buf *process_event_buf(struct process *p);
void process_event_done(struct process *p);
/* After an event from peer: under the pause policy, a full queue stops
 * reading that peer until the helper drained it. */
void process_event_from(struct process *p, struct peer *peer);
/* The peer goes away: forget it in every helper's blocked list. */
void processes_forget_peer(struct daemon *d, struct peer *peer);

#endif
