-- Lexer for ExaBGP-style configuration text, built with LPeg.
--
-- The configuration is a sequence of statements: words terminated by ';',
-- or words opening a block with '{', or a lone '}' closing one.  Positions
-- are byte offsets into the source; line and column are computed only when
-- an error is reported, so the hot path (static routes) never counts lines.
local lpeg = require "lpeg"
local P, S, R, C, Cp, Ct, Cc = lpeg.P, lpeg.S, lpeg.R, lpeg.C, lpeg.Cp, lpeg.Ct, lpeg.Cc

local M = {}

local space = S" \t\r\n\f\v"
local comment = P"#" * (1 - P"\n")^0
-- A backslash ending a line continues the statement on the next one
-- (ExaBGP joins such lines: conf-l2vpn writes long routes that way).
local continuation = P"\\" * S" \t"^0 * P"\r"^-1 * (P"\n" + -1)
M.skip = (space^1 + comment + continuation)^0
local skip = M.skip

local punct = S"[](),"
local dq = P'"' * C((1 - P'"')^0) * P'"'
local sq = P"'" * C((1 - P"'")^0) * P"'"
local wordch = 1 - (space + punct + S";{}#\"'" + continuation)
local word = C(wordch^1)
M.word = wordch^1

-- One token: position then text (quotes removed from quoted strings).
local token = Cp() * (dq + sq + C(punct) + word)

-- A statement: Ct{pos1, text1, pos2, text2, ...}, terminator position,
-- terminator (';' '{' '}' or 'EOF' or 'BADQUOTE' when a quote is unterminated).
local term = C(S";{}") + (-1 * Cc"EOF") + Cc"BADQUOTE"
local stmt = Ct((skip * token)^0) * skip * Cp() * term * Cp()
-- Returns tokens, termpos, term, nextpos.
function M.statement(src, pos)
	return stmt:match(src, pos)
end

-- Tokens of an attribute text (the tail of a route statement).
local tokens = Ct((skip * token)^0) * skip * Cp()
function M.tokens(text)
	return tokens:match(text)
end

-- line and column (1-based) of byte offset pos in src.
function M.line_col(src, pos)
	local line, last = 1, 0
	local i = 1
	while true do
		local nl = string.find(src, "\n", i, true)
		if not nl or nl >= pos then break end
		line = line + 1
		last = nl
		i = nl + 1
	end
	return line, pos - last
end

return M
