/* ExaBGP's environment settings (`exabgp.tcp.port`, `exabgp_tcp_port`, or an
 * exabgp.env INI file), so deployments and ExaBGP's own harness run lunabgp
 * unchanged.  Precedence: defaults < env file < process environment. */
#ifndef LB_DAEMON_SETTINGS_H
#define LB_DAEMON_SETTINGS_H

#include <stdbool.h>

struct settings {
	/* tcp */
	char tcp_bind[256];        /* space separated addresses to listen on; "" = none */
	int tcp_port;              /* 179 */
	int tcp_connections;       /* attempts per neighbor, 0 = unlimited */
	bool tcp_once;             /* = tcp_connections 1 */
	int tcp_delay;             /* start announcing at a minute multiple (ignored if 0) */
	int tcp_acl;
	/* bgp */
	int bgp_openwait;          /* seconds to wait for the peer's OPEN */
	bool bgp_passive;          /* -P: every neighbor passive */
	/* api */
	bool api_ack;
	bool api_chunk;
	char api_encoder[16];
	bool api_compact;
	bool api_respawn;
	bool api_terminate;
	int api_version;           /* 4 or 6 */
	bool api_cli;
	char api_pipename[128];
	char api_socketname[128];
	/* log */
	bool log_enable;
	int log_level;             /* syslog number */
	char log_destination[256];
	bool log_all;
	bool log_packets, log_message, log_network, log_routes, log_parser, log_timers, log_reactor,
	     log_configuration, log_daemon, log_processes, log_rib;
	/* daemon */
	bool daemon_daemonize;
	bool daemon_drop;
	char daemon_user[64];
	char daemon_pid[256];
	int daemon_umask;
	/* debug */
	bool debug_rotate;         /* reload cycles through the configuration files */
	bool debug_configuration;  /* configuration errors are fatal */
	bool debug_memory;
	/* cache / reactor */
	bool cache_attributes;
	int reactor_speed;
	/* software-version capability text, from exabgp_version ("ExaBGP/<v>") */
	char version[64];
	bool version_set;
	/* lunabgp's own */
	int out_buffer_kib;        /* per-peer output buffer bound before producers pause */
	bool group_mp;             /* pack MP_REACH NLRI (ExaBGP does not) */
	int api_queue_kib;         /* per-helper output queue bound (lunabgp.api_queue_kib) */
	char api_queue_policy[16]; /* pause | drop | restart (lunabgp.api_queue_policy) */
	int api_respawn_max;       /* respawns per ~64 s window (ExaBGP: 5) */
	int connect_timeout;       /* seconds an outgoing connect may stay in SYN-SENT */
};

extern struct settings settings;

void settings_defaults(struct settings *s);
/* Read an INI file ([exabgp.tcp] port = 1790); returns -1 if unreadable. */
int settings_load_file(struct settings *s, const char *path);
/* Apply exabgp.* / exabgp_* variables of the process environment. */
void settings_load_environ(struct settings *s);
/* Set one key ("tcp.port", "tcp_port" or "exabgp.tcp.port"); returns false
 * (after a warning) for unknown keys or bad values. */
bool settings_set(struct settings *s, const char *key, const char *value, const char *origin);

#endif
