-- OPERATIONAL messages (ExaBGP's draft-ietf-idr-operational-message) as
-- written in a neighbor's `operational { ... }` block and after the API's
-- `announce operational`: one grammar for both.
--
--   asm|adm afi AFI safi SAFI advisory TEXT
--   rpcq|apcq|lpcq afi AFI safi SAFI sequence N
--   rpcp|apcp|lpcp afi AFI safi SAFI sequence N counter N
--
-- Keys come in this order, as ExaBGP requires; `router-id IP` may be given
-- anywhere (ExaBGP's parser reads it, the router-id of our OPEN otherwise).
-- A quoted TEXT keeps its spaces.  The message is a table
-- { what=, afi=, safi=, advisory=, sequence=, counter=, router_id= }.
local ip = require "lunabgp.config.ip"

local M = {}

local PARAMS = {}
for _, k in ipairs { "asm", "adm" } do PARAMS[k] = { "afi", "safi", "advisory" } end
for _, k in ipairs { "rpcq", "apcq", "lpcq" } do PARAMS[k] = { "afi", "safi", "sequence" } end
for _, k in ipairs { "rpcp", "apcp", "lpcp" } do PARAMS[k] = { "afi", "safi", "sequence", "counter" } end
M.KINDS = PARAMS

-- ExaBGP's AFI and SAFI names (protocol/family.py).
local AFI = { ipv4 = true, ipv6 = true, l2vpn = true, ["bgp-ls"] = true }
local SAFI = {
	unicast = true, multicast = true, ["nlri-mpls"] = true, ["mcast-vpn"] = true, vpls = true, evpn = true,
	["bgp-ls"] = true, ["bgp-ls-vpn"] = true, ["sr-policy"] = true, mup = true, ["mpls-vpn"] = true,
	rtc = true, flow = true, ["flow-vpn"] = true,
}

-- Advisory text: ExaBGP accepts 2 KiB and two bytes more (its quotes),
-- and cuts what goes on the wire to 2 KiB.
local MAX_ADVISORY = 2048 + 2

local function u32(v)
	if not v:match("^%d+$") then return nil end
	local n = tonumber(v)
	if n > 4294967295 then return nil end
	return n
end

-- toks: {pos1, text1, pos2, text2, ...} (the configuration lexer's form);
-- the message starts at word `first`; fail(pos, msg) raises.
function M.parse(toks, first, fail)
	local function word(i) return toks[2 * i], toks[2 * i - 1] end
	local what, wpos = word(first)
	if not what then fail(toks[1] or 1, "operational message expected") end
	what = what:lower()
	local want = PARAMS[what]
	if not want then
		fail(wpos, "unknown operational message '" .. what .. "' (asm, adm, rpcq, rpcp, apcq, apcp, lpcq or lpcp)")
	end
	local m = { what = what }
	local nextp = 1
	local i = first + 1
	while word(i) do
		local key, kpos = word(i)
		key = key:lower()
		local v, vpos = word(i + 1)
		if not v then fail(kpos, "operational " .. what .. ": value expected after '" .. key .. "'") end
		if key == "router-id" then
			if not ip.v4(v) then fail(vpos, "operational " .. what .. ": invalid router-id '" .. v .. "'") end
			m.router_id = v
		else
			local expected = want[nextp]
			if not expected then fail(kpos, "operational " .. what .. ": unexpected '" .. key .. "'") end
			if key ~= expected then
				fail(kpos, "operational " .. what .. ": '" .. expected .. "' expected, not '" .. key .. "'")
			end
			nextp = nextp + 1
			if key == "afi" then
				v = v:lower()
				if not AFI[v] then fail(vpos, "operational " .. what .. ": unknown AFI '" .. v .. "'") end
				m.afi = v
			elseif key == "safi" then
				v = v:lower()
				if not SAFI[v] then fail(vpos, "operational " .. what .. ": unknown SAFI '" .. v .. "'") end
				m.safi = v
			elseif key == "advisory" then
				if #v > MAX_ADVISORY then
					fail(vpos, "operational " .. what .. ": advisory of " .. #v .. " bytes (at most 2048)")
				end
				m.advisory = v
			else   -- sequence, counter: 4 octets on the wire
				local n = u32(v)
				if not n then
					fail(vpos, "operational " .. what .. ": " .. key .. " must be a number in 0..4294967295, not '" .. v .. "'")
				end
				m[key] = n
			end
		end
		i = i + 2
	end
	if want[nextp] then
		local _, last = word(i - 1)
		fail(last or wpos, "operational " .. what .. ": missing " .. table.concat(want, ", ", nextp))
	end
	return m
end

-- A neighbor's `operational { ... }` block: every statement one message,
-- appended to nb.operational.
function M.block(ctx, nb, pos, open_pos)
	nb.operational = nb.operational or {}
	return ctx:block(pos, open_pos, function(toks, term, tpos)
		if term ~= ";" then ctx:fail(tpos, "'" .. toks[2] .. "' takes no block (';' expected)") end
		local m = M.parse(toks, 1, function(p, msg) ctx:fail(p, msg) end)
		nb.operational[#nb.operational + 1] = m
	end)
end

return M
