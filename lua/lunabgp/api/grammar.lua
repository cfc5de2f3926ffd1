-- LPeg patterns of ExaBGP's process API command lines (v4 and v6 forms).
--
-- A line is: [selectors] words...   where selectors are
--   neighbor IP|* [local-ip IP] [local-as ASN] [peer-as ASN] [router-id IP] [family-allowed F]
-- (qualifiers AND-ed), several separated by ',' (OR-ed), or the v6 form
--   peer IP|* [...]   /   peer [ IP [qualifiers], IP ... ]
-- White space of any length (and tabs) separates words (api-multisession).
local lpeg = require "lpeg"
local P, S, C, Ct, Cp, Cc = lpeg.P, lpeg.S, lpeg.C, lpeg.Ct, lpeg.Cp, lpeg.Cc

local M = {}

local blank = S" \t\r\n\f\v"
local ws, sp = blank^1, blank^0
M.ws, M.sp = ws, sp

-- Hot path: "announce route PREFIX REST" / "withdraw route PREFIX REST",
-- no selector.  Captures verb, prefix and the attribute text (the cache
-- key): no table is built.
local prefix = (1 - blank)^1
M.route = sp * C(P"announce" + P"withdraw") * ws * P"route" * ws * C(prefix) * (ws * C(P(1)^0) + sp * Cc"") * -1

-- Selectors.  Each selector is a table {addr, key1, value1, key2, value2, ...}.
local value = C((1 - blank - S",[]")^1)
local qkey = C(P"local-ip" + P"local-as" + P"peer-as" + P"router-id" + P"family-allowed")
local qual = ws * qkey * ws * value
local body = Ct(value * qual^0)
local intro = P"neighbor" + P"peer"
local one = intro * ws * body
local list = one * (sp * P"," * sp * one)^0
local bracket = intro * ws * P"[" * sp * body * (sp * P"," * sp * body)^0 * sp * P"]"
-- selectors, position of the command after them
M.selectors = sp * Ct(bracket + list) * sp * Cp()

-- The words of the command (after the selectors).
M.words = Ct((sp * C((1 - blank)^1))^0) * sp * -1

-- "ATTRS nlri P P P" of `announce attributes`: attribute text, then prefixes.
local nlri_kw = ws * P"nlri" * ws
M.attributes_nlri = C((1 - nlri_kw)^0) * nlri_kw * Ct((sp * C((1 - blank)^1))^1) * sp * -1

-- Text after the first n words (keeps the original spacing of the rest).
local skip_word = sp * (1 - blank)^1
function M.after(line, n, from)
	local pat = M["_after" .. n]
	if not pat then
		pat = P(true)
		for _ = 1, n do pat = pat * skip_word end   -- exactly n (p^n is "at least n")
		pat = pat * sp * Cp()
		M["_after" .. n] = pat
	end
	local pos = pat:match(line, from or 1)
	return pos and line:sub(pos) or ""
end

return M
