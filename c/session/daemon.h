/* The daemon: one libev loop owning the listeners, the peers and the signal
 * watchers.  Reload (SIGUSR1) rebuilds the configuration and applies the
 * difference, keeping unchanged sessions. */
#ifndef LB_SESSION_DAEMON_H
#define LB_SESSION_DAEMON_H

#include <ev.h>

#include "daemon/conf.h"
#include "session/peer.h"

/* A TCP-MD5 key installed on a listener for one peer address. */
struct listener_key {
	struct sockaddr_storage addr;
	uint8_t key[80];
	uint8_t keylen;
	bool ok;                       /* the kernel took it */
};

struct listener {
	struct listener *next;
	int fd;
	int family;
	ev_io io;
	struct daemon *daemon;
	char text[80];
	struct listener_key *keys;     /* what the kernel holds (listener_keys_sync) */
	int nkeys;
};

/* Builds a configuration from files; returns NULL after logging errors. */
typedef struct conf *(*conf_loader)(char **files, int nfiles, void *arg);

struct daemon {
	struct ev_loop *loop;
	struct conf *conf;
	struct peer **peers;
	int npeers;
	struct listener *listeners;
	ev_signal sig_term, sig_int, sig_hup, sig_usr1, sig_usr2;
	ev_idle reaper;                /* frees removed peers outside their callbacks */
	char **files;
	int nfiles;
	int rotate;                    /* exabgp.debug.rotate: next file index */
	conf_loader load;
	void *load_arg;
	void *lua;                     /* the embed layer's lua_State (opaque here) */
	struct process **processes;    /* API helpers (process.c) */
	int nprocesses;
	bool stopping;
	int exit_code;
};

int daemon_run(struct daemon *d, struct conf *conf);
/* A peer has no connection attempt left: drop it; the daemon exits when no
 * peer is left and tcp.connections limits attempts (ExaBGP's behaviour). */
void daemon_peer_gone(struct daemon *d, struct peer *p);
void daemon_stop(struct daemon *d, int code);
void daemon_reload(struct daemon *d);
/* Neighbors added or removed at run time (the API's `create neighbor` /
 * `delete neighbor`): the daemon takes ownership of nc. */
struct peer *daemon_peer_add(struct daemon *d, struct neighbor_conf *nc);
void daemon_peer_remove(struct daemon *d, struct peer *p);

#endif
