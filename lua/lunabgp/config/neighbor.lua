-- Top-level sections (process, neighbor, template, group) and everything
-- inside a neighbor except routes (routes.lua).
local ip = require "lunabgp.config.ip"
local attributes = require "lunabgp.config.attributes"
local routes = require "lunabgp.config.routes"
local flow = require "lunabgp.config.flow"
local l2vpn = require "lunabgp.config.l2vpn"
local policy = require "lunabgp.config.policy"

local M = {}
local asn = attributes.asn
local number = attributes.number

local TRUE = { ["true"] = true, enable = true, enabled = true, yes = true, on = true }
local FALSE = { ["false"] = true, disable = true, disabled = true, no = true, off = true }

-- statement word i (1-based) and its position
local function w(toks, i) return toks[2 * i], toks[2 * i - 1] end
local function nwords(toks) return #toks / 2 end

local function want_semicolon(ctx, toks, term, tpos)
	if term ~= ";" then ctx:fail(tpos, "'" .. toks[2] .. "' takes no block (';' expected)") end
end

local function one_arg(ctx, toks, term, tpos)
	want_semicolon(ctx, toks, term, tpos)
	if nwords(toks) ~= 2 then
		ctx:fail(toks[1], "'" .. toks[2] .. "' expects one value")
	end
	return w(toks, 2)
end

local function bool_arg(ctx, toks, term, tpos)
	want_semicolon(ctx, toks, term, tpos)
	if nwords(toks) == 1 then return true end
	local v, p = w(toks, 2)
	if nwords(toks) > 2 then ctx:fail(toks[5], "unexpected '" .. toks[6] .. "'") end
	if TRUE[v:lower()] then return true end
	if FALSE[v:lower()] then return false end
	ctx:fail(p, "'" .. toks[2] .. "' expects true/false/enable/disable, not '" .. v .. "'")
end

local function int_arg(ctx, toks, term, tpos, lo, hi)
	local v, p = one_arg(ctx, toks, term, tpos)
	local n = number(v)
	if not n or n < lo or n > hi then
		ctx:fail(p, "'" .. toks[2] .. "' expects a number in " .. lo .. ".." .. hi .. ", not '" .. v .. "'")
	end
	return n
end

local function ip_arg(ctx, toks, term, tpos, v4only)
	local v, p = one_arg(ctx, toks, term, tpos)
	local b = v4only and ip.v4(v) or (not v4only and ip.parse(v))
	if not b then ctx:fail(p, "'" .. toks[2] .. "' expects an " .. (v4only and "IPv4 " or "IP ") .. "address, not '" .. v .. "'") end
	return v
end

local function asn_arg(ctx, toks, term, tpos)
	local v, p = one_arg(ctx, toks, term, tpos)
	if v == "auto" then return "auto" end
	local n = asn(v)
	if not n then ctx:fail(p, "invalid ASN '" .. v .. "'") end
	return n
end

local function string_arg(ctx, toks, term, tpos)
	want_semicolon(ctx, toks, term, tpos)
	if nwords(toks) < 2 then ctx:fail(toks[1], "'" .. toks[2] .. "' expects a value") end
	return table.concat(ctx:words(toks, 2), " ")
end

local function list_arg(ctx, toks, term, tpos)
	want_semicolon(ctx, toks, term, tpos)
	local out = {}
	for i = 2, nwords(toks) do
		local v = w(toks, i)
		if v ~= "[" and v ~= "]" and v ~= "," then out[#out + 1] = v end
	end
	if #out == 0 then ctx:fail(toks[1], "'" .. toks[2] .. "' expects a list") end
	return out
end

-- Families we carry routes for (with the family modules' in
-- attributes.families); others fail clearly until supported.  EVPN and
-- BGP-LS are received only: ExaBGP's configuration has no route syntax
-- for them either.
local SUPPORTED = { ["ipv4 unicast"] = true, ["ipv6 unicast"] = true,
	["l2vpn evpn"] = true, ["bgp-ls bgp-ls"] = true, ["bgp-ls bgp-ls-vpn"] = true }
-- ExaBGP's other names of a family
local ALIAS = { ["ipv4 labeled-unicast"] = "ipv4 nlri-mpls", ["ipv6 labeled-unicast"] = "ipv6 nlri-mpls" }
local KNOWN = {
	ipv4 = { unicast = 1, multicast = 1, ["nlri-mpls"] = 1, ["labeled-unicast"] = 1, ["mpls-vpn"] = 1, flow = 1, ["flow-vpn"] = 1, ["mcast-vpn"] = 1, mup = 1, ["sr-policy"] = 1, rtc = 1 },
	ipv6 = { unicast = 1, multicast = 1, ["nlri-mpls"] = 1, ["labeled-unicast"] = 1, ["mpls-vpn"] = 1, flow = 1, ["flow-vpn"] = 1, ["mcast-vpn"] = 1, mup = 1, ["sr-policy"] = 1 },
	l2vpn = { vpls = 1, evpn = 1 }, ["bgp-ls"] = { ["bgp-ls"] = 1, ["bgp-ls-vpn"] = 1 },
}

local function family_of(ctx, toks, i)
	local afi, p = w(toks, i)
	local safi = w(toks, i + 1)
	if not safi then ctx:fail(p, "family expects AFI and SAFI") end
	local fam = afi:lower() .. " " .. safi:lower()
	fam = ALIAS[fam] or fam
	if SUPPORTED[fam] or attributes.families[fam] then return fam end
	if KNOWN[afi:lower()] and KNOWN[afi:lower()][safi:lower()] then
		ctx:fail(p, "unsupported family '" .. fam .. "' (not supported yet)")
	end
	ctx:fail(p, "unknown family '" .. fam .. "'")
end

-- `family { all; }`: every family ExaBGP knows (its protocol/family.py
-- table, in that order), alone in the block as ExaBGP requires.
local ALL = { "ipv4 unicast", "ipv4 multicast", "ipv4 nlri-mpls", "ipv4 mup", "ipv4 mpls-vpn",
	"ipv4 mcast-vpn", "ipv4 flow", "ipv4 flow-vpn", "ipv4 rtc", "ipv6 unicast", "ipv6 multicast",
	"ipv6 nlri-mpls", "ipv6 mup", "ipv6 mpls-vpn", "ipv6 mcast-vpn", "ipv6 flow", "ipv6 flow-vpn",
	"l2vpn vpls", "l2vpn evpn", "bgp-ls bgp-ls", "bgp-ls bgp-ls-vpn", "ipv4 sr-policy", "ipv6 sr-policy" }

local function family_block(ctx, nb, pos, open_pos)
	nb.families = nb.families or {}
	local seen, all = {}, false
	for _, f in ipairs(nb.families) do seen[f] = true end
	local function add(f) if not seen[f] then seen[f] = true; nb.families[#nb.families + 1] = f end end
	return ctx:block(pos, open_pos, function(toks, term, tpos)
		want_semicolon(ctx, toks, term, tpos)
		local first = w(toks, 1)
		if all or (first == "all" and next(seen)) then
			ctx:fail(toks[1], "'all' cannot be used with any other family")
		end
		if first == "all" and nwords(toks) == 1 then
			all = true
			for _, f in ipairs(ALL) do
				if SUPPORTED[f] or attributes.families[f] then add(f) end
			end
			return
		end
		if first == "minimal" and nwords(toks) == 1 then   -- ExaBGP 3: the unicast families
			add("ipv4 unicast"); add("ipv6 unicast")
			return
		end
		if nwords(toks) ~= 2 then ctx:fail(toks[1], "family expects AFI and SAFI") end
		add(family_of(ctx, toks, 1))
	end)
end

local function nexthop_block(ctx, nb, pos, open_pos)
	nb.nexthop = nb.nexthop or {}
	return ctx:block(pos, open_pos, function(toks, term, tpos)
		want_semicolon(ctx, toks, term, tpos)
		if nwords(toks) ~= 3 then ctx:fail(toks[1], "nexthop expects AFI SAFI NEXTHOP-AFI") end
		local fam = family_of(ctx, toks, 1)
		local nh, p = w(toks, 3)
		if nh ~= "ipv4" and nh ~= "ipv6" then ctx:fail(p, "next-hop AFI must be ipv4 or ipv6") end
		nb.nexthop[#nb.nexthop + 1] = { fam, nh }
	end)
end

local ADDPATH = { send = "send", receive = "receive", ["send/receive"] = "send/receive", ["receive/send"] = "send/receive" }

-- add-path { AFI SAFI [DIRECTION] [limit N]; ... } or { all; }: the
-- families to offer ADD-PATH for (ExaBGP's block; the direction word is
-- ours, else capability { add-path DIRECTION; } gives it, see
-- c/embed/config_load.c).  limit N (PATHS-LIMIT) is checked, not sent.
-- nb.add_path: names in order, name -> direction or false; .all
local function addpath_block(ctx, nb, pos, open_pos)
	nb.add_path = nb.add_path or {}
	local ap = nb.add_path
	return ctx:block(pos, open_pos, function(toks, term, tpos)
		want_semicolon(ctx, toks, term, tpos)
		if w(toks, 1) == "all" and nwords(toks) == 1 or ap.all then
			if #ap > 0 or ap.all then ctx:fail(toks[1], "add-path: all cannot be used with any other entry") end
			ap.all = true
			return
		end
		if nwords(toks) < 2 then ctx:fail(toks[1], "add-path expects AFI SAFI [send|receive|send/receive] [limit N]") end
		local fam = family_of(ctx, toks, 1)
		if ap[fam] ~= nil then ctx:fail(toks[1], "duplicate add-path entry for " .. fam) end
		local i, dir = 3, false
		local v, p = w(toks, i)
		if v and ADDPATH[v] then dir, i = ADDPATH[v], i + 1; v, p = w(toks, i) end
		if v == "limit" then
			local n = number(w(toks, i + 1) or "", 65535)
			if not n or n < 1 then ctx:fail(p, "add-path " .. fam .. " limit expects 1..65535") end
			i = i + 2
			v, p = w(toks, i)
		end
		if v then ctx:fail(p, "unexpected '" .. v .. "' after add-path " .. fam) end
		ap[#ap + 1] = fam
		ap[fam] = dir
	end)
end

local function capability_stmt(ctx, cap, toks, term, tpos)
	local k = toks[2]
	if k == "graceful-restart" then
		want_semicolon(ctx, toks, term, tpos)
		local v, p = w(toks, 2)
		if not v or TRUE[v] then cap.graceful_restart = true
		elseif FALSE[v] then cap.graceful_restart = false
		else
			local n = number(v, 4095) -- RFC 4724 section 3: 12-bit restart time
			if not n then ctx:fail(p, "graceful-restart expects seconds (0..4095) or disable") end
			cap.graceful_restart = n
		end
	elseif k == "add-path" then
		local v, p = one_arg(ctx, toks, term, tpos)
		if FALSE[v] then cap.add_path = nil
		elseif ADDPATH[v] then cap.add_path = ADDPATH[v]
		else ctx:fail(p, "add-path expects send, receive, send/receive or disable") end
	else
		local key = ({ asn4 = "asn4", ["route-refresh"] = "route_refresh", ["extended-message"] = "extended_message",
			["multi-session"] = "multi_session", operational = "operational", aigp = "aigp", nexthop = "nexthop",
			["link-local-nexthop"] = "link_local_nexthop", ["software-version"] = "software_version" })[k]
		if not key then ctx:fail(toks[1], "unknown capability '" .. k .. "'") end
		cap[key] = bool_arg(ctx, toks, term, tpos)
	end
end

local RECEIVE = { parsed = 1, packets = 1, consolidate = 1, open = 1, update = 1, keepalive = 1,
	notification = 1, refresh = 1, operational = 1, negotiated = 1 }

local function api_block(ctx, nb, name, pos, open_pos)
	local api = { name = name, processes = {}, processes_match = {}, neighbor_changes = false,
		receive = {}, send = {}, file = ctx.name, pos = open_pos, ctx = ctx }
	nb.api = nb.api or {}
	nb.api[#nb.api + 1] = api
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		local k = toks[2]
		if k == "processes" then
			for _, v in ipairs(list_arg(ctx, toks, term, tpos)) do api.processes[#api.processes + 1] = v end
		elseif k == "processes-match" then
			for _, v in ipairs(list_arg(ctx, toks, term, tpos)) do api.processes_match[#api.processes_match + 1] = v end
		elseif k == "neighbor-changes" then
			api.neighbor_changes = bool_arg(ctx, toks, term, tpos)
		elseif k == "negotiated" or k == "fsm" or k == "signal" then   -- ExaBGP's other api events
			api[k] = bool_arg(ctx, toks, term, tpos)
		elseif (k == "receive" or k == "send") and term == "{" then
			local dir = api[k]
			return ctx:block(npos, tpos, function(t2, term2, tpos2)
				local kk = t2[2]
				if not RECEIVE[kk] then ctx:fail(t2[1], "unknown " .. k .. " option '" .. kk .. "'") end
				dir[kk] = bool_arg(ctx, t2, term2, tpos2)
				if kk == "negotiated" and k == "receive" then api.negotiated = dir[kk] end
			end)
		else
			ctx:fail(toks[1], "unknown api statement '" .. k .. "'")
		end
	end)
end

-- neighbor statements with a simple value: key -> field, parser
local SIMPLE = {
	["router-id"] = { "router_id", function(c, t, term, p) return ip_arg(c, t, term, p, true) end },
	["local-address"] = { "local_address", function(c, t, term, p)
		local v = one_arg(c, t, term, p)
		if v == "auto" then return "auto" end
		return ip_arg(c, t, term, p)
	end },
	["local-link-local"] = { "local_link_local", ip_arg },
	["local-as"] = { "local_as", asn_arg },
	["peer-as"] = { "peer_as", asn_arg },
	["hold-time"] = { "hold_time", function(c, t, term, p)
		local n = int_arg(c, t, term, p, 0, 65535)
		if n == 1 or n == 2 then c:fail(t[3], "hold-time must be 0 or at least 3 (RFC 4271 section 4.2)") end
		return n
	end },
	passive = { "passive", bool_arg },
	listen = { "listen", function(c, t, term, p) return int_arg(c, t, term, p, 1, 65535) end },
	connect = { "connect", function(c, t, term, p) return int_arg(c, t, term, p, 1, 65535) end },
	["outgoing-ttl"] = { "outgoing_ttl", function(c, t, term, p) return int_arg(c, t, term, p, 1, 255) end },
	["incoming-ttl"] = { "incoming_ttl", function(c, t, term, p) return int_arg(c, t, term, p, 1, 255) end },
	["ttl-security"] = { "incoming_ttl", function(c, t, term, p) return int_arg(c, t, term, p, 1, 255) end },
	["md5-password"] = { "md5_password", one_arg },
	md5 = { "md5_password", one_arg },
	-- ExaBGP: true, false or auto (a lower-case hex key is tried as base64)
	["md5-base64"] = { "md5_base64", function(c, t, term, p)
		local v, vp = w(t, 2)
		if nwords(t) == 2 and not TRUE[v:lower()] and not FALSE[v:lower()] then
			want_semicolon(c, t, term, p)
			if v:lower() ~= "auto" then c:fail(vp, "'md5-base64' expects true, false or auto, not '" .. v .. "'") end
			return "auto"
		end
		return bool_arg(c, t, term, p)
	end },
	["md5-ip"] = { "md5_ip", ip_arg },
	["group-updates"] = { "group_updates", bool_arg },
	["auto-flush"] = { "auto_flush", bool_arg },
	["adj-rib-in"] = { "adj_rib_in", bool_arg },
	["adj-rib-out"] = { "adj_rib_out", bool_arg },
	["manual-eor"] = { "manual_eor", bool_arg },
	["rate-limit"] = { "rate_limit", function(c, t, term, p)
		local v = one_arg(c, t, term, p)
		if FALSE[v] then return 0 end
		return int_arg(c, t, term, p, 0, 4294967295)
	end },
	-- max-prefix N [restart SECONDS] [warning-only]; (RFC 4486: Cease/1)
	["max-prefix"] = { "max_prefix", function(c, t, term, p)
		want_semicolon(c, t, term, p)
		local v, vp = w(t, 2)
		local n = v and number(v)
		if not n or n < 1 or n > 4294967295 then
			c:fail(vp or t[1], "'max-prefix' expects a number of prefixes in 1..4294967295, not '" .. tostring(v) .. "'")
		end
		local r = { limit = n, restart = 0, warning = false }
		local i = 3
		while w(t, i) do
			local k, kp = w(t, i)
			if k == "restart" then
				local s, sp = w(t, i + 1)
				local secs = s and number(s)
				if not secs or secs < 1 or secs > 65535 then
					c:fail(sp or kp, "'restart' expects seconds in 1..65535, not '" .. tostring(s) .. "'")
				end
				r.restart, i = secs, i + 2
			elseif k == "warning-only" then
				r.warning, i = true, i + 1
			else
				c:fail(kp, "unexpected '" .. k .. "' after max-prefix (restart SECONDS, warning-only)")
			end
		end
		return r
	end },
	description = { "description", string_arg },
	["host-name"] = { "host_name", string_arg },
	["domain-name"] = { "domain_name", string_arg },
	["source-interface"] = { "source_interface", string_arg },
}

local replay_inherited -- below

local function new_neighbor(ctx, address, pos, is_template)
	local nb = { address = address, file = ctx.name, _pos = pos, _ctx = ctx,
		capability = {}, watchdogs = {}, _watchdog_seen = {}, _template = is_template,
		_inherit = {}, _inherit_done = 0, _replay = {}, route_count = 0 }
	if not is_template then nb.routes = ctx.sink:routes_new() end
	return nb
end

-- The route-bearing sections of a neighbor: kind -> parser of the block
-- after its '{' (ctx, nb, pos, open_pos, emit).  A template's are kept
-- (nb._replay) and parsed again into each neighbor inheriting it.
local ROUTE_BLOCKS = {
	static = routes.static_block, announce = routes.announce_block,
	flow = flow.block,     -- FlowSpec routes (config/flow.lua)
	l2vpn = l2vpn.block,   -- VPLS routes (config/l2vpn.lua)
}

local function replay(nb, r)
	ROUTE_BLOCKS[r.kind](r.ctx, nb, r.pos, r.open, true)
end

-- Emit the routes of the templates inherited so far and not yet emitted,
-- in inherit order, into nb's handle.
function replay_inherited(nb)
	local templates = nb._ctx.state.templates
	for i = nb._inherit_done + 1, #nb._inherit do
		for _, r in ipairs(templates[nb._inherit[i]]._replay) do replay(nb, r) end
		nb._inherit_done = i
	end
end

local function body_stmt(ctx, nb, toks, term, tpos, npos)
	local k = toks[2]
	local simple = SIMPLE[k]
	if simple then
		nb[simple[1]] = simple[2](ctx, toks, term, tpos)
		return
	end
	if term == "{" then
		if nwords(toks) > 1 and k ~= "api" then ctx:fail(toks[3], "unexpected '" .. toks[4] .. "' before '{'") end
		if k == "family" then return family_block(ctx, nb, npos, tpos)
		elseif k == "capability" then
			return ctx:block(npos, tpos, function(t, te, tp) capability_stmt(ctx, nb.capability, t, te, tp) end)
		elseif k == "add-path" then return addpath_block(ctx, nb, npos, tpos)
		elseif k == "nexthop" then return nexthop_block(ctx, nb, npos, tpos)
		elseif k == "api" then
			if nwords(toks) > 2 then ctx:fail(toks[5], "api takes at most a name") end
			return api_block(ctx, nb, toks[4], npos, tpos)
		elseif ROUTE_BLOCKS[k] then
			nb._replay[#nb._replay + 1] = { ctx = ctx, kind = k, pos = npos, open = tpos }
			-- ExaBGP queues inherited routes before the neighbor's own:
			-- templates named so far go first (see resolve for later ones).
			if not nb._template and not nb._own_routes then replay_inherited(nb) end
			nb._own_routes = true
			return ROUTE_BLOCKS[k](ctx, nb, npos, tpos, not nb._template)
		elseif k == "operational" then   -- OPERATIONAL messages (config/operational.lua)
			return require("lunabgp.config.operational").block(ctx, nb, npos, tpos)
		elseif k == "vpls" then   -- ExaBGP has it inside l2vpn only
			ctx:fail(toks[1], "unknown neighbor section 'vpls' (vpls routes go in 'l2vpn { vpls ...; }')")
		end
		ctx:fail(toks[1], "unknown neighbor section '" .. k .. "'")
	end
	if policy.neighbor_stmt(ctx, nb, toks, term, tpos) then return end -- import/export (docs/lua.md)
	if k == "inherit" then
		for _, v in ipairs(list_arg(ctx, toks, term, tpos)) do
			if not ctx.state.templates[v] then ctx:fail(toks[3], "unknown template '" .. v .. "'") end
			nb._inherit[#nb._inherit + 1] = v
		end
		return
	end
	-- ExaBGP 3 forms of capabilities as neighbor statements
	if k == "graceful-restart" or k == "route-refresh" or k == "asn4" or k == "add-path"
		or k == "multi-session" or k == "aigp" or k == "extended-message" then
		return capability_stmt(ctx, nb.capability, toks, term, tpos)
	end
	ctx:fail(toks[1], "unknown neighbor statement '" .. k .. "'")
end

local function parse_body(ctx, nb, pos, open_pos)
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		return body_stmt(ctx, nb, toks, term, tpos, npos)
	end)
end

local COPY_SKIP = { address = 1, file = 1, line = 1, routes = 1, route_count = 1, capability = 1,
	watchdogs = 1, api = 1, add_path = 1, nexthop = 1, families = 1 }

-- Apply template t under nb (nb's own settings win; lists are combined).
local function apply_template(nb, t)
	for k, v in pairs(t) do
		if type(k) == "string" and k:sub(1, 1) ~= "_" and not COPY_SKIP[k] and nb[k] == nil then nb[k] = v end
	end
	for k, v in pairs(t.capability) do if nb.capability[k] == nil then nb.capability[k] = v end end
	if nb.families == nil and t.families then nb.families = { unpack(t.families) } end
	if nb.nexthop == nil and t.nexthop then nb.nexthop = t.nexthop end
	if nb.add_path == nil and t.add_path then nb.add_path = t.add_path end
	if t.api then
		nb.api = nb.api or {}
		for _, a in ipairs(t.api) do nb.api[#nb.api + 1] = a end
	end
end

-- Settings of the inherited templates, then their routes.  Order of routes
-- (ExaBGP's): every inherited template's, in inherit order, then the
-- neighbor's own.  A template inheriting others keeps that order in its
-- replay list.
local function resolve(ctx, nb)
	local state = ctx.state
	local late = false -- a template with routes named after the neighbor's own routes
	local inherited = {}
	for i, name in ipairs(nb._inherit) do
		local t = state.templates[name]
		apply_template(nb, t)
		for _, r in ipairs(t._replay) do
			inherited[#inherited + 1] = r
			if i > nb._inherit_done then late = true end
		end
	end
	if nb._template then
		for _, r in ipairs(nb._replay) do inherited[#inherited + 1] = r end
		nb._replay = inherited
		return
	end
	if not late then return end
	if not nb._own_routes then
		replay_inherited(nb)
		return
	end
	-- `inherit` came after a static/announce block: start the route list
	-- again in the right order (rare; costs a second parse of the
	-- neighbor's own blocks).  Not when errors were found: the
	-- configuration is rejected anyway and errors would be reported twice.
	if #state.errs > 0 then return end
	local own = nb._replay
	nb.routes = ctx.sink:routes_new()
	nb.route_count = 0
	for _, r in ipairs(inherited) do replay(nb, r) end
	for _, r in ipairs(own) do replay(nb, r) end
	nb._inherit_done = #nb._inherit
end

local DEFAULTS = {
	hold_time = 180, passive = false, group_updates = true, auto_flush = true, adj_rib_in = true,
	adj_rib_out = true, rate_limit = 0, manual_eor = false, md5_base64 = false,
}
local CAP_DEFAULTS = {
	asn4 = true, route_refresh = false, graceful_restart = false, extended_message = true,
	multi_session = false, operational = false, aigp = false, nexthop = false,
	link_local_nexthop = false, software_version = false,
}

local function finalize(ctx, nb)
	for k, v in pairs(DEFAULTS) do if nb[k] == nil then nb[k] = v end end
	for k, v in pairs(CAP_DEFAULTS) do if nb.capability[k] == nil then nb.capability[k] = v end end
	if nb.local_address == nil then nb.local_address = "auto" end
	-- ExaBGP: the router-id defaults to the local address when that is IPv4
	if nb.router_id == nil and ip.v4(nb.local_address) then nb.router_id = nb.local_address end
	if nb.local_as == "auto" and nb.peer_as ~= "auto" then nb.local_as = nb.peer_as end
	if nb.peer_as == "auto" and nb.local_as ~= "auto" then nb.peer_as = nb.local_as end
	local line = require("lunabgp.config.lexer").line_col(ctx.src, nb._pos)
	nb.line = line
	if nb.local_as == nil then ctx:fail(nb._pos, "neighbor " .. nb.address .. ": local-as is not set") end
	if nb.peer_as == nil then ctx:fail(nb._pos, "neighbor " .. nb.address .. ": peer-as is not set") end
	for k in pairs(nb) do if type(k) == "string" and k:sub(1, 1) == "_" then nb[k] = nil end end
end

local function neighbor_section(ctx, toks, term, tpos, npos, group)
	if term ~= "{" then ctx:fail(toks[1], "neighbor expects an address and a block") end
	local addr, ap = w(toks, 2)
	if not addr or nwords(toks) ~= 2 then ctx:fail(toks[1], "neighbor expects one address") end
	local a = addr:match("^([^/]+)/%d+$") or addr
	if not ip.parse(a) then ctx:fail(ap, "invalid neighbor address '" .. addr .. "'") end
	local nb = new_neighbor(ctx, addr, toks[1], false)
	if group then nb._inherit[1] = group end
	local pos = parse_body(ctx, nb, npos, tpos)
	resolve(ctx, nb)
	finalize(ctx, nb)
	local list = ctx.state.cfg.neighbors
	list[#list + 1] = nb
	return pos
end

local function template_section(ctx, toks, term, tpos, npos)
	if term ~= "{" or nwords(toks) ~= 1 then ctx:fail(toks[1], "template expects a block") end
	return ctx:block(npos, tpos, function(t, te, tp, np)
		if t[2] ~= "neighbor" or te ~= "{" or nwords(t) ~= 2 then
			ctx:fail(t[1], "template expects 'neighbor NAME { ... }'")
		end
		local name = t[4]
		local nb = new_neighbor(ctx, name, t[1], true)
		local pos = parse_body(ctx, nb, np, tp)
		resolve(ctx, nb)
		ctx.state.templates[name] = nb
		return pos
	end)
end

-- ExaBGP 3 `group NAME { settings; neighbor A { ... } }`: the group's
-- settings work as a template inherited by its neighbors.
local function group_section(ctx, toks, term, tpos, npos)
	if term ~= "{" or nwords(toks) ~= 2 then ctx:fail(toks[1], "group expects a name and a block") end
	local gname = " group " .. toks[4] .. " " .. toks[1]
	local g = new_neighbor(ctx, gname, toks[1], true)
	ctx.state.templates[gname] = g
	return ctx:block(npos, tpos, function(t, te, tp, np)
		if t[2] == "neighbor" then return neighbor_section(ctx, t, te, tp, np, gname) end
		return body_stmt(ctx, g, t, te, tp, np)
	end)
end

local function process_section(ctx, toks, term, tpos, npos)
	if term ~= "{" or nwords(toks) ~= 2 then ctx:fail(toks[1], "process expects a name and a block") end
	local p = { name = toks[4], encoder = "text", respawn = true, file = ctx.name, line = (require("lunabgp.config.lexer").line_col(ctx.src, toks[1])) }
	for _, other in ipairs(ctx.state.cfg.processes) do
		if other.name == p.name then ctx:fail(toks[3], "process '" .. p.name .. "' defined twice") end
	end
	local pos = ctx:block(npos, tpos, function(t, te, tp)
		local k = t[2]
		if k == "run" then
			want_semicolon(ctx, t, te, tp)
			local argv = ctx:words(t, 2)
			if #argv == 0 then ctx:fail(t[1], "run expects a program") end
			local prog = argv[1]
			if prog:sub(1, 1) ~= "/" and prog:find("/", 1, true) then
				argv[1] = (ctx.dir .. "/" .. prog:gsub("^%./", ""))
			end
			p.run = argv
		elseif k == "encoder" then
			local v, vp = one_arg(ctx, t, te, tp)
			if v ~= "json" and v ~= "text" then ctx:fail(vp, "encoder must be json or text") end
			p.encoder = v
		elseif k == "respawn" then
			p.respawn = bool_arg(ctx, t, te, tp)
		else
			ctx:fail(t[1], "unknown process statement '" .. k .. "'")
		end
	end)
	if not p.run then ctx:fail(toks[1], "process '" .. p.name .. "' has no run statement") end
	local list = ctx.state.cfg.processes
	list[#list + 1] = p
	return pos
end

function M.top(ctx, toks, term, tpos, npos)
	local k = toks[2]
	if k == "neighbor" then return neighbor_section(ctx, toks, term, tpos, npos)
	elseif k == "process" then return process_section(ctx, toks, term, tpos, npos)
	elseif k == "template" then return template_section(ctx, toks, term, tpos, npos)
	elseif k == "group" then return group_section(ctx, toks, term, tpos, npos)
	elseif k == "lua" or k == "script" then return policy.block(ctx, toks, term, tpos, npos)
	end
	ctx:fail(toks[1], "unknown section '" .. k .. "'")
end

-- After all files: every api names processes that exist.
function M.check(state)
	local names = {}
	for _, p in ipairs(state.cfg.processes) do names[p.name] = true end
	for _, nb in ipairs(state.cfg.neighbors) do
		for _, api in ipairs(nb.api or {}) do
			if api.ctx then
				for _, pname in ipairs(api.processes) do
					if not names[pname] then
						local ok, e = pcall(api.ctx.fail, api.ctx, api.pos, "api refers to unknown process '" .. pname .. "'")
						if not ok then state.errs[#state.errs + 1] = api.ctx:format(e) end
					end
				end
			end
		end
	end
	for _, nb in ipairs(state.cfg.neighbors) do
		for _, api in ipairs(nb.api or {}) do api.ctx, api.pos = nil, nil end
	end
end

return M
