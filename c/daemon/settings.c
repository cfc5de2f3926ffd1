#include "daemon/settings.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

struct settings settings;

void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->tcp_port = 179;
	s->tcp_connections = 0;
	s->bgp_openwait = 60;
	s->api_ack = true;
	snprintf(s->api_encoder, sizeof s->api_encoder, "json");
	s->api_respawn = true;
	s->api_version = 4;
	s->api_cli = true;
	snprintf(s->api_pipename, sizeof s->api_pipename, "exabgp");
	snprintf(s->api_socketname, sizeof s->api_socketname, "exabgp");
	s->log_enable = true;
	s->log_level = LOG_NOTICE;
	snprintf(s->log_destination, sizeof s->log_destination, "stderr");
	s->daemon_umask = 0137;
	snprintf(s->daemon_user, sizeof s->daemon_user, "nobody");
	s->daemon_drop = true;   /* ExaBGP: helpers start after the privileges are dropped */
	s->cache_attributes = true;
	s->reactor_speed = 1;
	s->out_buffer_kib = 1024;
	s->api_queue_kib = 4096;
	s->connect_timeout = 10;
	snprintf(s->api_queue_policy, sizeof s->api_queue_policy, "pause");
	s->api_respawn_max = 5;
}

static bool parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1") ||
	    !strcasecmp(v, "enable")) {
		*out = true;
		return true;
	}
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcmp(v, "0") ||
	    !strcasecmp(v, "disable") || !*v) {
		*out = false;
		return true;
	}
	return false;
}

static bool parse_int(const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 0);
	if (!*v || *end || n < -1000000000L || n > 1000000000L)
		return false;
	*out = (int)n;
	return true;
}

static bool parse_level(const char *v, int *out)
{
	static const struct { const char *name; int level; } levels[] = {
		{ "EMERG", 0 }, { "ALERT", 1 }, { "CRIT", 2 }, { "CRITICAL", 2 }, { "ERR", 3 }, { "ERROR", 3 },
		{ "WARNING", 4 }, { "WARN", 4 }, { "NOTICE", 5 }, { "INFO", 6 }, { "DEBUG", 7 },
	};
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (!strcasecmp(v, levels[i].name)) {
			*out = levels[i].level;
			return true;
		}
	return parse_int(v, out);
}

static void copy(char *dst, size_t n, const char *v)
{
	snprintf(dst, n, "%s", v);
}

/* Normalise "exabgp_tcp_port", "exabgp.tcp.port", "tcp.port", "tcp_port"
 * to "tcp.port".  ExaBGP's section names contain no '_', but some option
 * names do (tcp.once, api.socketname) — only the first separator matters. */
static void normalise_key(const char *key, char *out, size_t n)
{
	if (!strncmp(key, "exabgp.", 7) || !strncmp(key, "exabgp_", 7))
		key += 7;
	snprintf(out, n, "%s", key);
	char *sep = strpbrk(out, "._");
	if (sep)
		*sep = '.';
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

bool settings_set(struct settings *s, const char *rawkey, const char *value, const char *origin)
{
	char key[96];
	normalise_key(rawkey, key, sizeof key);
	bool ok = true;
	bool b;
	int i;
#define BOOL(name, field) else if (!strcmp(key, name)) { ok = parse_bool(value, &b); if (ok) s->field = b; }
#define INT(name, field) else if (!strcmp(key, name)) { ok = parse_int(value, &i); if (ok) s->field = i; }
#define STR(name, field) else if (!strcmp(key, name)) { copy(s->field, sizeof s->field, value); }
	if (!strcmp(key, "version")) {
		/* exabgp_version: the version the software-version capability carries */
		snprintf(s->version, sizeof s->version, "%s", value);
		s->version_set = true;
	}
	STR("tcp.bind", tcp_bind)
	INT("tcp.port", tcp_port)
	INT("tcp.connections", tcp_connections)
	else if (!strcmp(key, "tcp.once")) {
		ok = parse_bool(value, &b);
		if (ok && b)
			s->tcp_connections = 1;
		s->tcp_once = b;
	}
	INT("tcp.delay", tcp_delay)
	INT("tcp.acl", tcp_acl)
	INT("bgp.openwait", bgp_openwait)
	BOOL("bgp.passive", bgp_passive)
	BOOL("api.ack", api_ack)
	BOOL("api.chunk", api_chunk)
	STR("api.encoder", api_encoder)
	BOOL("api.compact", api_compact)
	BOOL("api.respawn", api_respawn)
	BOOL("api.terminate", api_terminate)
	INT("api.version", api_version)
	BOOL("api.cli", api_cli)
	STR("api.pipename", api_pipename)
	STR("api.socketname", api_socketname)
	BOOL("log.enable", log_enable)
	else if (!strcmp(key, "log.level")) { ok = parse_level(value, &i); if (ok) s->log_level = i; }
	STR("log.destination", log_destination)
	BOOL("log.all", log_all)
	BOOL("log.packets", log_packets)
	BOOL("log.message", log_message)
	BOOL("log.network", log_network)
	BOOL("log.routes", log_routes)
	BOOL("log.parser", log_parser)
	BOOL("log.timers", log_timers)
	BOOL("log.reactor", log_reactor)
	BOOL("log.configuration", log_configuration)
	BOOL("log.daemon", log_daemon)
	BOOL("log.processes", log_processes)
	BOOL("log.rib", log_rib)
	else if (!strcmp(key, "log.short") || !strcmp(key, "log.statistics") || !strcmp(key, "log.timers")) {
		/* accepted, no effect on lunabgp's logging */
	}
	BOOL("daemon.daemonize", daemon_daemonize)
	BOOL("daemon.drop", daemon_drop)
	STR("daemon.user", daemon_user)
	STR("daemon.pid", daemon_pid)
	else if (!strcmp(key, "daemon.umask")) {
		char *end;
		long m = strtol(value, &end, 8);
		ok = *value && !*end && m >= 0 && m <= 0777;
		if (ok)
			s->daemon_umask = (int)m;
	}
	BOOL("debug.rotate", debug_rotate)
	BOOL("debug.configuration", debug_configuration)
	BOOL("debug.memory", debug_memory)
	else if (!strcmp(key, "debug.pdb") || !strcmp(key, "debug.selfcheck") || !strcmp(key, "debug.route") ||
	         !strcmp(key, "debug.defensive") || !strcmp(key, "profile.enable") || !strcmp(key, "profile.file") ||
	         !strcmp(key, "pdb.enable") || !strcmp(key, "cache.nexthops") || !strcmp(key, "api.highres") ||
	         !strcmp(key, "bgp.exit")) {
		/* accepted for compatibility: Python-specific or no effect here */
	}
	BOOL("cache.attributes", cache_attributes)
	INT("reactor.speed", reactor_speed)
	INT("lunabgp.out_buffer_kib", out_buffer_kib)
	BOOL("lunabgp.group_mp", group_mp)
	INT("lunabgp.api_queue_kib", api_queue_kib)
	STR("lunabgp.api_queue_policy", api_queue_policy)
	INT("lunabgp.api_respawn_max", api_respawn_max)
	INT("lunabgp.connect_timeout", connect_timeout)
	else {
		log_warn("%s: ignoring unknown setting '%s'", origin, rawkey);
		return false;
	}
#undef BOOL
#undef INT
#undef STR
	if (!ok) {
		log_warn("%s: ignoring bad value '%s' for '%s'", origin, value, rawkey);
		return false;
	}
	return true;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	if (e - s >= 2 && (*s == '\'' || *s == '"') && e[-1] == *s) {
		e[-1] = 0;
		s++;
	}
	return s;
}

int settings_load_file(struct settings *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[1024], section[128] = "";
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			if (end)
				*end = 0;
			snprintf(section, sizeof section, "%s", trim(l + 1));
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq) {
			log_warn("%s:%d: ignoring line without '='", path, lineno);
			continue;
		}
		*eq = 0;
		char key[256], origin[300];
		snprintf(key, sizeof key, "%s.%s", section, trim(l));
		snprintf(origin, sizeof origin, "%s:%d", path, lineno);
		settings_set(s, key, trim(eq + 1), origin);
	}
	fclose(f);
	return 0;
}

extern char **environ;

void settings_load_environ(struct settings *s)
{
	for (char **e = environ; *e; e++) {
		if (strncmp(*e, "exabgp.", 7) && strncmp(*e, "exabgp_", 7))
			continue;
		const char *eq = strchr(*e, '=');
		if (!eq)
			continue;
		char key[128];
		size_t n = (size_t)(eq - *e);
		if (n >= sizeof key)
			continue;
		memcpy(key, *e, n);
		key[n] = 0;
		settings_set(s, key, eq + 1, "environment");
	}
}
