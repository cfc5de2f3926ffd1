-- Route statements of the typed families (MVPN, MUP, ...) mix named NLRI
-- fields ("rd 1:1 source 10.0.0.1") with ordinary attributes.  split()
-- separates them: fields are the words of `names` met outside brackets, each
-- with one value; everything else is kept, in order, for the attribute parser.
local M = {}

-- toks: {pos, text, pos, text, ...}; names: set of field words; fail(pos, msg).
-- Returns fields { word = { value, pos } } ("route-distinguisher" is "rd")
-- and the remaining tokens in the same {pos, text, ...} form.
function M.split(toks, names, fail)
	local f, at, depth = {}, {}, 0
	local i = 1
	while i <= #toks do
		local p, w = toks[i], toks[i + 1]
		if depth == 0 and names[w] then
			local v = toks[i + 3]
			if not v then fail(p, w .. " expects a value") end
			if w == "route-distinguisher" then w = "rd" end
			if f[w] then fail(p, w .. " given twice") end
			f[w] = { v, toks[i + 2] }
			i = i + 4
		else
			if w == "[" or w == "(" then depth = depth + 1
			elseif (w == "]" or w == ")") and depth > 0 then depth = depth - 1 end
			at[#at + 1] = p
			at[#at + 1] = w
			i = i + 2
		end
	end
	return f, at
end

-- One configured route whose NLRI a family module built (wire form): e is
-- attributes.compile's entry for its attribute words.  Checks what every
-- typed family shares (a next hop; split only for prefixes), records the
-- watchdog name, hands the route to the sink when emit, and counts it.
-- what names the route kind in errors ("vpls", "ipv4 multicast"...).
function M.emit(ctx, nb, family, nlri, e, emit, pos, what)
	if not e.nh then ctx:fail(pos, what .. " route has no next-hop") end
	if e.split then ctx:fail(e.split_pos or pos, "split applies to IP prefixes, not to " .. what .. " routes") end
	if e.watchdog and nb._watchdog_seen and not nb._watchdog_seen[e.watchdog] then
		nb._watchdog_seen[e.watchdog] = true
		nb.watchdogs[#nb.watchdogs + 1] = e.watchdog
	end
	if emit and nb.routes then
		ctx.sink:route_raw(nb.routes, family, nlri, e.path_id, e.blob, e.watchdog, e.withdraw)
	end
	nb.route_count = (nb.route_count or 0) + 1
end

return M
