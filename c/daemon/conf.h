/* The running configuration as C sees it, filled from the Lua parser's model
 * (docs/config-model.md) by c/embed/config_load.c.  Plain data: no libev, no
 * Lua.  A reload builds a new struct conf and the daemon diffs the two. */
#ifndef LB_DAEMON_CONF_H
#define LB_DAEMON_CONF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rib/ribout.h"

struct api_binding {
	char **processes;           /* process names */
	int nprocesses;
	char **processes_match;     /* regular expressions */
	int nprocesses_match;
	bool neighbor_changes;
	bool negotiated;
	bool fsm;
	bool signal;
	struct api_flags {
		bool parsed, packets, consolidate;
		bool open, update, keepalive, notification, refresh, operational;
	} receive, send;
};

struct process_conf {
	char *name;
	char **argv;                /* NULL terminated */
	bool json;                  /* encoder json (else text) */
	bool respawn;
	char *file;
	int line;
};

/* A static route configured with `watchdog NAME` (or `withdraw`): the API's
 * `announce|withdraw watchdog NAME` toggles it (c/session/api_exec.c). */
struct watch_route {
	fam_t fam;
	uint16_t len;
	bool withdrawn;
	uint32_t path_id;
	uint8_t *nlri;              /* owned, len bytes (FlowSpec: up to 4097) */
	struct attrset *attrs;
	char *name;
};

/* An OPERATIONAL message (c/wire/operational.h) from a neighbor's
 * `operational { ... }` block or the API: ADM/ASM advisories, prefix count
 * queries and replies for one of the neighbor's families. */
struct operational_msg {
	uint16_t type;              /* OP_ADM ... OP_LPCP */
	fam_t fam;
	bool has_router_id;         /* else the neighbor's router-id */
	uint32_t router_id;         /* host order */
	uint32_t sequence, counter;
	uint8_t *advisory;          /* owned (ADM, ASM) */
	size_t advisory_len;
};

struct neighbor_conf {
	char *file;
	int line;
	char *name;                 /* "127.0.0.1" as written */
	struct sockaddr_storage peer_addr;
	socklen_t peer_addr_len;
	bool have_local_addr;
	struct sockaddr_storage local_addr;
	socklen_t local_addr_len;
	uint32_t router_id;         /* host order */
	uint32_t local_as, peer_as;
	uint16_t hold_time;
	bool passive;
	int listen_port;            /* 0: none */
	int connect_port;           /* 0: tcp.port */
	int outgoing_ttl, incoming_ttl;
	/* TCP-MD5 (RFC 2385): md5-password as key bytes (decoded when
	 * md5-base64), installed for peer_addr on the connecting socket and on
	 * the listeners; md5_keylen 0: unsigned sessions. */
	uint8_t md5_key[80];
	uint8_t md5_keylen;
	/* md5-ip: in ExaBGP the local address of the signed session, used
	 * instead of local-address to bind and to `listen` (only set when a
	 * local-address is, as ExaBGP ignores it without one). */
	bool have_md5_ip;
	struct sockaddr_storage md5_ip;
	socklen_t md5_ip_len;
	bool group_updates, auto_flush, adj_rib_in, adj_rib_out, manual_eor;
	int rate_limit;             /* messages per second, 0 = unlimited */
	/* max-prefix (RFC 4486): routes per family in Adj-RIB-In, 0 = no limit;
	 * past it Cease/1, then no session for max_prefix_restart seconds (0:
	 * until the next reload), or only a warning */
	uint32_t max_prefix;
	int max_prefix_restart;
	bool max_prefix_warning;
	bool have_link_local;       /* local-link-local: IPv6 link-local next hop to add */
	uint8_t link_local[16];
	char *description, *host_name, *domain_name;
	bool families[FAM_MAX];     /* configured families */
	/* capabilities we offer */
	bool cap_asn4, cap_route_refresh, cap_enhanced_rr, cap_extended_message, cap_link_local_nh;
	bool cap_software_version, cap_fqdn;
	bool cap_operational;       /* capability { operational; } (ExaBGP's code 185) */
	int cap_graceful_restart;   /* -1 off, else restart time in seconds */
	uint8_t cap_add_path[FAM_MAX];
	uint8_t ext_nh_n;
	struct { uint16_t afi; uint8_t safi; uint16_t nh_afi; } ext_nh[16];
	struct api_binding *api;
	int napi;
	struct rib_out *routes;     /* static routes (moved to the peer) */
	size_t route_count;
	bool cap_multi_session;     /* selects ExaBGP's API "family-allowed" form */
	struct watch_route *watch;  /* watchdog routes (owned) */
	int nwatch;
	/* `import`/`export` policy chains (c/embed/policy.h), owned by the
	 * conf's policy engine; NULL: routes pass unchanged. */
	struct policy_chain *import, *export;
	/* `operational { ... }`: ASMs are sent on every new session, the
	 * others on the first one (ExaBGP). */
	struct operational_msg *operational;
	int noperational;
};

struct conf {
	struct neighbor_conf **neighbors;
	int nneighbors;
	struct process_conf **processes;
	int nprocesses;
	char **files;               /* the files it came from */
	int nfiles;
	/* Lua policy engine of this configuration (opaque here, c/embed/policy.c) */
	void *policy;
	void (*policy_free)(void *policy);
};

/* The local address a neighbor's sessions bind to and its `listen` socket
 * listens on: md5-ip when given (ExaBGP), else local-address; NULL: any. */
static inline const struct sockaddr_storage *neighbor_conf_local(const struct neighbor_conf *n, socklen_t *len)
{
	if (n->have_md5_ip) {
		*len = n->md5_ip_len;
		return &n->md5_ip;
	}
	if (n->have_local_addr) {
		*len = n->local_addr_len;
		return &n->local_addr;
	}
	return NULL;
}

void conf_free(struct conf *c);
void neighbor_conf_free(struct neighbor_conf *n);

#endif
