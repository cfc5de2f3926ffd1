/* From the Lua configuration model (docs/config-model.md) to struct conf.
 * The grammar lives in lua/lunabgp/config; this file only converts and
 * checks what C needs (addresses, numbers in range). */
#include <arpa/inet.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/log.h"
#include "base/tcp_md5.h"
#include "embed/config_sink.h"
#include "embed/control.h"
#include "embed/policy.h"
#include "embed/vm.h"
#include "wire/operational.h"

struct loader {
	lua_State *L;
	struct buf *errors;
	const char *file;
	int line;
	int nerr;
};

static void load_error(struct loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void load_error(struct loader *ld, const char *fmt, ...)
{
	va_list ap;
	buf_printf(ld->errors, "%s:%d:1: ", ld->file ? ld->file : "?", ld->line);
	va_start(ap, fmt);
	buf_vprintf(ld->errors, fmt, ap);
	va_end(ap);
	buf_put_u8(ld->errors, '\n');
	ld->nerr++;
}

/* Field accessors on the table at the top of the stack. */
static const char *field_str(lua_State *L, const char *key)
{
	lua_getfield(L, -1, key);
	const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);  /* the string stays alive: it is referenced by the table */
	return s;
}

static char *field_dup(lua_State *L, const char *key)
{
	const char *s = field_str(L, key);
	return s ? xstrdup(s) : NULL;
}

static bool field_bool(lua_State *L, const char *key, bool dflt)
{
	lua_getfield(L, -1, key);
	bool v = lua_isnil(L, -1) ? dflt : lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

static double field_num(lua_State *L, const char *key, double dflt)
{
	lua_getfield(L, -1, key);
	double v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : dflt;
	lua_pop(L, 1);
	return v;
}

static bool parse_ip(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, text, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		ss->ss_family = AF_INET;
		*len = sizeof(struct sockaddr_in);
		return true;
	}
	if (inet_pton(AF_INET6, text, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		ss->ss_family = AF_INET6;
		*len = sizeof(struct sockaddr_in6);
		return true;
	}
	return false;
}

static char **string_list(lua_State *L, const char *key, int *n)
{
	*n = 0;
	lua_getfield(L, -1, key);
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		return NULL;
	}
	int len = (int)lua_objlen(L, -1);
	char **v = xcalloc((size_t)len + 1, sizeof *v);
	for (int i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER)
			v[(*n)++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return v;
}

static void load_api_flags(lua_State *L, const char *key, struct api_flags *f)
{
	memset(f, 0, sizeof *f);
	lua_getfield(L, -1, key);
	if (lua_istable(L, -1)) {
		f->parsed = field_bool(L, "parsed", false);
		f->packets = field_bool(L, "packets", false);
		f->consolidate = field_bool(L, "consolidate", false);
		f->open = field_bool(L, "open", false);
		f->update = field_bool(L, "update", false);
		f->keepalive = field_bool(L, "keepalive", false);
		f->notification = field_bool(L, "notification", false);
		f->refresh = field_bool(L, "refresh", false);
		f->operational = field_bool(L, "operational", false);
	}
	lua_pop(L, 1);
}

static void load_api(lua_State *L, struct neighbor_conf *n)
{
	lua_getfield(L, -1, "api");
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	int len = (int)lua_objlen(L, -1);
	n->api = xcalloc((size_t)len + 1, sizeof *n->api);
	for (int i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_istable(L, -1)) {
			struct api_binding *b = &n->api[n->napi++];
			b->processes = string_list(L, "processes", &b->nprocesses);
			b->processes_match = string_list(L, "processes_match", &b->nprocesses_match);
			b->neighbor_changes = field_bool(L, "neighbor_changes", false);
			b->negotiated = field_bool(L, "negotiated", false);
			b->fsm = field_bool(L, "fsm", false);
			b->signal = field_bool(L, "signal", false);
			load_api_flags(L, "receive", &b->receive);
			load_api_flags(L, "send", &b->send);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static fam_t family_from_text(const char *text)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", text);
	char *sp = strchr(buf, ' ');
	if (!sp)
		return FAM_NONE;
	*sp = 0;
	while (*++sp == ' ')
		;
	return family_by_name(buf, sp);
}

static uint8_t addpath_bits(const char *v)
{
	if (!v)
		return 0;
	if (!strcmp(v, "send"))
		return ADDPATH_SEND;
	if (!strcmp(v, "receive"))
		return ADDPATH_RECEIVE;
	if (!strcmp(v, "send/receive") || !strcmp(v, "receive/send") || !strcmp(v, "both"))
		return ADDPATH_SEND | ADDPATH_RECEIVE;
	return 0;
}

/* The families ExaBGP offers ADD-PATH for when no add-path { } list names
 * them (its Capabilities._ADD_PATH): so that its configurations give its
 * OPEN byte for byte. */
static bool addpath_implicit(int f)
{
	const struct family_ops *ops = family_ops((fam_t)f);
	return ops && (ops->afi == AFI_IPV4 || ops->afi == AFI_IPV6) &&
	       (ops->safi == SAFI_UNICAST || ops->safi == SAFI_NLRI_MPLS || ops->safi == SAFI_MPLS_VPN ||
	        ops->safi == SAFI_MUP);
}

/* ADD-PATH (RFC 7911) per family.  capability { add-path DIR; } gives the
 * direction.  Without an add-path { } list (or with `all;`) it is offered
 * for the configured families of addpath_implicit; with a list, for the
 * families listed, of any AFI/SAFI (RFC 7911 is not limited to some), each
 * in its own direction word or else the capability's.  The list is
 * nb.add_path: family names in order, name -> direction or false. */
static void load_addpath(lua_State *L, struct neighbor_conf *n, uint8_t dir)
{
	bool listed = false, all = false;
	lua_getfield(L, -1, "add_path");
	if (lua_istable(L, -1)) {
		all = field_bool(L, "all", false);
		int k = (int)lua_objlen(L, -1);
		for (int i = 1; i <= k; i++) {
			lua_rawgeti(L, -1, i);
			const char *name = lua_tostring(L, -1);
			fam_t f = name ? family_from_text(name) : FAM_NONE;
			lua_gettable(L, -2);
			uint8_t d = lua_type(L, -1) == LUA_TSTRING ? addpath_bits(lua_tostring(L, -1)) : dir;
			lua_pop(L, 1);
			listed = true;
			if (f != FAM_NONE)
				n->cap_add_path[f] = d;
		}
	}
	lua_pop(L, 1);
	for (int f = 0; f < FAM_MAX && !listed; f++)
		if (all || addpath_implicit(f))
			n->cap_add_path[f] = dir;
}

static void load_capabilities(struct loader *ld, struct neighbor_conf *n)
{
	lua_State *L = ld->L;
	uint8_t ap = 0;
	n->cap_asn4 = true;
	n->cap_extended_message = true;
	n->cap_graceful_restart = -1;
	lua_getfield(L, -1, "capability");
	if (lua_istable(L, -1)) {
		n->cap_asn4 = field_bool(L, "asn4", true);
		n->cap_route_refresh = field_bool(L, "route_refresh", false);
		n->cap_enhanced_rr = n->cap_route_refresh;
		n->cap_extended_message = field_bool(L, "extended_message", true);
		n->cap_link_local_nh = field_bool(L, "link_local_nexthop", false);
		n->cap_software_version = field_bool(L, "software_version", false);
		n->cap_multi_session = field_bool(L, "multi_session", false);
		n->cap_operational = field_bool(L, "operational", false);
		lua_getfield(L, -1, "graceful_restart");
		if (lua_isnumber(L, -1))
			n->cap_graceful_restart = (int)lua_tonumber(L, -1);
		else if (lua_toboolean(L, -1))
			n->cap_graceful_restart = n->hold_time;   /* ExaBGP's default: the hold time */
		lua_pop(L, 1);
		lua_getfield(L, -1, "add_path");
		ap = lua_type(L, -1) == LUA_TSTRING ? addpath_bits(lua_tostring(L, -1)) : 0;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	load_addpath(L, n, ap);
	/* add-path only for the families we speak */
	bool any = false;
	for (int f = 0; f < FAM_MAX; f++)
		any |= n->families[f];
	for (int f = 0; f < FAM_MAX; f++)
		if (!(any ? n->families[f] : f == FAM_IPV4_UNICAST))
			n->cap_add_path[f] = 0;
	n->cap_fqdn = n->host_name || n->domain_name;
}

/* operational { ... } (lua/lunabgp/config/operational.lua): names checked
 * there; a family with no table of ours is one no neighbor carries, which
 * ExaBGP drops too. */
static void load_operational(struct loader *ld, struct neighbor_conf *n)
{
	lua_State *L = ld->L;
	lua_getfield(L, -1, "operational");
	if (lua_istable(L, -1)) {
		int len = (int)lua_objlen(L, -1);
		n->operational = xcalloc((size_t)len + 1, sizeof *n->operational);
		for (int i = 1; i <= len; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_istable(L, -1)) {
				struct operational_msg *m = &n->operational[n->noperational];
				const char *what = field_str(L, "what"), *afi = field_str(L, "afi"), *safi = field_str(L, "safi");
				const char *rid = field_str(L, "router_id");
				m->type = wire_operational_by_name(what);
				m->fam = family_by_name(afi, safi);
				struct in_addr a;
				if (!m->type || (rid && inet_pton(AF_INET, rid, &a) != 1)) {
					load_error(ld, "neighbor %s: invalid operational message", n->name);
				} else if (m->fam == FAM_NONE) {
					log_warn("%s:%d: neighbor %s: operational %s for %s %s, a family no neighbor carries: ignored",
					         ld->file, ld->line, n->name, what, afi ? afi : "?", safi ? safi : "?");
				} else {
					if (rid) {
						m->has_router_id = true;
						m->router_id = ntohl(a.s_addr);
					}
					m->sequence = (uint32_t)field_num(L, "sequence", 0);
					m->counter = (uint32_t)field_num(L, "counter", 0);
					lua_getfield(L, -1, "advisory");
					size_t alen = 0;
					const char *adv = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &alen) : NULL;
					if (adv && alen) {
						m->advisory = xmalloc(alen);
						memcpy(m->advisory, adv, alen);
						m->advisory_len = alen;
					}
					lua_pop(L, 1);
					n->noperational++;
				}
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

static void load_families(struct loader *ld, struct neighbor_conf *n)
{
	lua_State *L = ld->L;
	lua_getfield(L, -1, "families");
	if (lua_istable(L, -1)) {
		int len = (int)lua_objlen(L, -1);
		for (int i = 1; i <= len; i++) {
			lua_rawgeti(L, -1, i);
			const char *name = lua_tostring(L, -1);
			fam_t f = name ? family_from_text(name) : FAM_NONE;
			if (f == FAM_NONE)
				load_error(ld, "unsupported family '%s'", name ? name : "?");
			else
				n->families[f] = true;
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	/* RFC 8950 extended next hop: nexthop { ipv4 unicast ipv6; } */
	lua_getfield(L, -1, "nexthop");
	if (lua_istable(L, -1)) {
		int len = (int)lua_objlen(L, -1);
		for (int i = 1; i <= len && n->ext_nh_n < 16; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_istable(L, -1)) {
				lua_rawgeti(L, -1, 1);
				lua_rawgeti(L, -2, 2);
				const char *fam = lua_tostring(L, -2), *nh = lua_tostring(L, -1);
				fam_t f = fam ? family_from_text(fam) : FAM_NONE;
				const struct family_ops *ops = family_ops(f);
				if (!ops || !nh || (strcmp(nh, "ipv4") && strcmp(nh, "ipv6"))) {
					load_error(ld, "bad nexthop entry '%s %s'", fam ? fam : "?", nh ? nh : "?");
				} else {
					n->ext_nh[n->ext_nh_n].afi = ops->afi;
					n->ext_nh[n->ext_nh_n].safi = ops->safi;
					n->ext_nh[n->ext_nh_n].nh_afi = strcmp(nh, "ipv4") ? AFI_IPV6 : AFI_IPV4;
					n->ext_nh_n++;
				}
				lua_pop(L, 2);
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
}

/* ExaBGP's md5-base64 auto: a key of lower-case hex digits only is taken for
 * base64 whose padding was left out, if it decodes with "==", "=" or none. */
static long md5_auto_decode(const char *pw, size_t len, uint8_t *out, size_t cap)
{
	if (len > TCP_MD5_KEY_MAX || strspn(pw, "0123456789abcdef") != len)
		return -1;
	char text[TCP_MD5_KEY_MAX + 3];
	for (int pad = 2; pad >= 0; pad--) {
		memcpy(text, pw, len);
		memcpy(text + len, "==", (size_t)pad);
		long k = base64_decode(text, len + (size_t)pad, out, cap);
		if (k > 0)
			return k;
	}
	return -1;
}

/* md5-password, md5-base64 (true, false or auto), md5-ip.  The key is
 * checked here, as ExaBGP checks it when loading: at most 80 bytes once
 * decoded (TCP_MD5SIG_MAXKEYLEN), valid base64 when said to be; an empty
 * password means no signature, as in ExaBGP. */
static void load_md5(struct loader *ld, struct neighbor_conf *n)
{
	lua_State *L = ld->L;
	const char *mip = field_str(L, "md5_ip");
	if (mip) {
		struct sockaddr_storage ss;
		socklen_t len;
		if (!parse_ip(mip, &ss, &len))
			load_error(ld, "neighbor %s: invalid md5-ip '%s'", n->name, mip);
		else if (ss.ss_family != n->peer_addr.ss_family)
			load_error(ld, "neighbor %s: md5-ip %s is not of the neighbor's address family", n->name, mip);
		else if (n->have_local_addr) {
			n->md5_ip = ss;
			n->md5_ip_len = len;
			n->have_md5_ip = true;
		}
	}
	lua_getfield(L, -1, "md5_password");
	size_t len = 0;
	const char *pw = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
	lua_pop(L, 1);
	lua_getfield(L, -1, "md5_base64");
	bool b64_auto = lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "auto");
	bool b64 = !b64_auto && lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!pw || !len)
		return;
	long k;
	if (b64) {
		k = base64_decode(pw, len, n->md5_key, sizeof n->md5_key);
		if (k == -2)
			load_error(ld, "neighbor %s: md5-password decodes to more than %d bytes", n->name,
			           TCP_MD5_KEY_MAX);
		else if (k < 0)
			load_error(ld, "neighbor %s: md5-password is not valid base64 (md5-base64 is true)", n->name);
		else if (k == 0)
			load_error(ld, "neighbor %s: md5-password decodes to an empty key", n->name);
		if (k <= 0)
			return;
	} else if (len > TCP_MD5_KEY_MAX) {
		load_error(ld, "neighbor %s: md5-password is longer than %d bytes", n->name, TCP_MD5_KEY_MAX);
		return;
	} else if (!b64_auto || (k = md5_auto_decode(pw, len, n->md5_key, sizeof n->md5_key)) < 0) {
		memcpy(n->md5_key, pw, len);
		k = (long)len;
	}
	n->md5_keylen = (uint8_t)k;
}

static struct neighbor_conf *load_neighbor(struct loader *ld, int index)
{
	lua_State *L = ld->L;
	struct neighbor_conf *n = xcalloc(1, sizeof *n);
	n->file = field_dup(L, "file");
	n->line = (int)field_num(L, "line", 0);
	ld->file = n->file;
	ld->line = n->line;
	n->name = field_dup(L, "address");
	if (!n->name || !parse_ip(n->name, &n->peer_addr, &n->peer_addr_len)) {
		load_error(ld, "neighbor: invalid address '%s'", n->name ? n->name : "");
		if (!n->name)
			n->name = xstrdup("?");
	}
	const char *la = field_str(L, "local_address");
	if (la && strcmp(la, "auto")) {
		if (!parse_ip(la, &n->local_addr, &n->local_addr_len))
			load_error(ld, "neighbor %s: invalid local-address '%s'", n->name, la);
		else
			n->have_local_addr = true;
	}
	const char *rid = field_str(L, "router_id");
	struct in_addr a;
	if (rid) {
		if (inet_pton(AF_INET, rid, &a) != 1)
			load_error(ld, "neighbor %s: invalid router-id '%s'", n->name, rid);
		else
			n->router_id = ntohl(a.s_addr);
	} else if (n->have_local_addr && n->local_addr.ss_family == AF_INET) {
		n->router_id = ntohl(((struct sockaddr_in *)&n->local_addr)->sin_addr.s_addr);
	} else {
		load_error(ld, "neighbor %s: router-id is required (no IPv4 local-address to take it from)", n->name);
	}
	double las = field_num(L, "local_as", -1), pas = field_num(L, "peer_as", -1);
	if (las < 1 || las > 4294967295.0)
		load_error(ld, "neighbor %s: local-as is required (1..4294967295)", n->name);
	if (pas < 1 || pas > 4294967295.0)
		load_error(ld, "neighbor %s: peer-as is required (1..4294967295)", n->name);
	n->local_as = las > 0 ? (uint32_t)las : 0;
	n->peer_as = pas > 0 ? (uint32_t)pas : 0;
	double hold = field_num(L, "hold_time", 180);
	if (hold != 0 && (hold < 3 || hold > 65535))
		load_error(ld, "neighbor %s: hold-time must be 0 or 3..65535", n->name);
	n->hold_time = (uint16_t)hold;
	n->passive = field_bool(L, "passive", false);
	n->listen_port = (int)field_num(L, "listen", 0);
	n->connect_port = (int)field_num(L, "connect", 0);
	n->outgoing_ttl = (int)field_num(L, "outgoing_ttl", 0);
	n->incoming_ttl = (int)field_num(L, "incoming_ttl", 0);
	load_md5(ld, n);
	n->group_updates = field_bool(L, "group_updates", true);
	n->auto_flush = field_bool(L, "auto_flush", true);
	n->adj_rib_in = field_bool(L, "adj_rib_in", true);
	n->adj_rib_out = field_bool(L, "adj_rib_out", true);
	n->manual_eor = field_bool(L, "manual_eor", false);
	n->rate_limit = (int)field_num(L, "rate_limit", 0);
	lua_getfield(L, -1, "max_prefix");
	if (lua_istable(L, -1)) {
		n->max_prefix = (uint32_t)field_num(L, "limit", 0);
		n->max_prefix_restart = (int)field_num(L, "restart", 0);
		n->max_prefix_warning = field_bool(L, "warning", false);
	}
	lua_pop(L, 1);
	if (n->max_prefix && !n->adj_rib_in)
		load_error(ld, "neighbor %s: max-prefix counts the Adj-RIB-In: it needs adj-rib-in true", n->name);
	const char *lll = field_str(L, "local_link_local");
	if (lll) {
		if (inet_pton(AF_INET6, lll, n->link_local) != 1)
			load_error(ld, "neighbor %s: invalid local-link-local '%s'", n->name, lll);
		else
			n->have_link_local = true;
	}
	n->description = field_dup(L, "description");
	n->host_name = field_dup(L, "host_name");
	n->domain_name = field_dup(L, "domain_name");
	load_families(ld, n);
	load_capabilities(ld, n);
	load_operational(ld, n);
	load_api(L, n);
	lua_getfield(L, -1, "routes");
	if (lua_isnumber(L, -1)) {
		int h = (int)lua_tointeger(L, -1);
		struct route_list *rl = config_sink_take(h);
		if (rl) {
			n->routes = rl->routes;
			n->route_count = rl->count;
			rl->routes = NULL;
			n->watch = rl->watch;   /* watchdog routes, for the API */
			n->nwatch = rl->nwatch;
			rl->watch = NULL;
			rl->nwatch = 0;
			route_list_free(rl);
		} else {
			n->routes = config_sink_copy(h);   /* shared through a template */
		}
	}
	lua_pop(L, 1);
	(void)index;
	return n;
}

static struct process_conf *load_process(struct loader *ld)
{
	lua_State *L = ld->L;
	struct process_conf *p = xcalloc(1, sizeof *p);
	p->name = field_dup(L, "name");
	p->file = field_dup(L, "file");
	p->line = (int)field_num(L, "line", 0);
	ld->file = p->file;
	ld->line = p->line;
	int n;
	char **argv = string_list(L, "run", &n);
	if (!argv || !n) {
		load_error(ld, "process %s: 'run' is required", p->name ? p->name : "?");
		free(argv);
		argv = xcalloc(1, sizeof *argv);
	}
	p->argv = argv;
	const char *enc = field_str(L, "encoder");
	p->json = !enc || !strcmp(enc, "json");
	p->respawn = field_bool(L, "respawn", true);
	if (!p->name)
		p->name = xstrdup("?");
	return p;
}

struct conf *config_load(lua_State *L, char **files, int nfiles, struct buf *errors)
{
	int top = lua_gettop(L);
	struct loader ld = { L, errors, NULL, 0, 0 };
	config_sink_reset();
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.config");
	if (lua_pcall(L, 1, 1, 0) != 0) {
		buf_printf(errors, "lunabgp: cannot load the configuration parser: %s\n", lua_tostring(L, -1));
		lua_settop(L, top);
		return NULL;
	}
	lua_getfield(L, -1, "parse_files");
	lua_newtable(L);
	for (int i = 0; i < nfiles; i++) {
		lua_pushstring(L, files[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.csink");
	if (lua_pcall(L, 1, 1, 0) != 0) {
		buf_printf(errors, "lunabgp: cannot load the route sink: %s\n", lua_tostring(L, -1));
		lua_settop(L, top);
		return NULL;
	}
	lua_getfield(L, -1, "new");
	lua_remove(L, -2);
	lua_call(L, 0, 1);
	if (lua_pcall(L, 2, 2, 0) != 0) {
		buf_printf(errors, "lunabgp: configuration parser failed: %s\n", lua_tostring(L, -1));
		lua_settop(L, top);
		config_sink_reset();
		return NULL;
	}
	/* stack: module, cfg|nil, errs */
	if (lua_isnil(L, -2)) {
		if (lua_istable(L, -1)) {
			int len = (int)lua_objlen(L, -1);
			for (int i = 1; i <= len; i++) {
				lua_rawgeti(L, -1, i);
				buf_printf(errors, "%s\n", lua_tostring(L, -1));
				lua_pop(L, 1);
			}
		} else {
			buf_printf(errors, "%s\n", lua_tostring(L, -1) ? lua_tostring(L, -1) : "configuration error");
		}
		lua_settop(L, top);
		config_sink_reset();
		return NULL;
	}
	lua_pop(L, 1);
	struct conf *c = xcalloc(1, sizeof *c);
	c->files = xcalloc((size_t)nfiles + 1, sizeof *c->files);
	for (int i = 0; i < nfiles; i++)
		c->files[c->nfiles++] = xstrdup(files[i]);
	lua_getfield(L, -1, "processes");
	if (lua_istable(L, -1)) {
		int len = (int)lua_objlen(L, -1);
		c->processes = xcalloc((size_t)len + 1, sizeof *c->processes);
		for (int i = 1; i <= len; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_istable(L, -1))
				c->processes[c->nprocesses++] = load_process(&ld);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	lua_getfield(L, -1, "neighbors");
	if (lua_istable(L, -1)) {
		int len = (int)lua_objlen(L, -1);
		c->neighbors = xcalloc((size_t)len + 1, sizeof *c->neighbors);
		for (int i = 1; i <= len; i++) {
			lua_rawgeti(L, -1, i);
			if (lua_istable(L, -1))
				c->neighbors[c->nneighbors++] = load_neighbor(&ld, i);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	/* lua/script blocks and import/export chains (c/embed/policy.c) */
	if (!ld.nerr && !policy_conf_load(L, c, errors))
		ld.nerr++;
	/* the same blocks as event scripts of the control state (embed/control.c) */
	if (!ld.nerr)
		ctl_scripts_capture(L);
	lua_settop(L, top);
	config_sink_reset();
	lua_gc(L, LUA_GCCOLLECT, 0);
	if (ld.nerr) {
		conf_free(c);
		return NULL;
	}
	return c;
}
