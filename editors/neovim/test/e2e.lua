-- The editor end-to-end test, run by scripts/editor-e2e inside headless
-- Neovim with test/minimal_init.lua. In a copy of a pack ($TIAOLI_E2E_PACK)
-- it puts a mistake on a line with Chinese text, opens the file, waits for
-- the server's diagnostic and checks its line and column, then asks for a
-- hover on a citation and checks the article's Chinese text is in it.
-- Exits 0 when all holds, 1 with a message otherwise.

local WAIT_MS = tonumber(vim.env.TIAOLI_E2E_WAIT_MS or '60000')

local FILE = 'ch3-operator-duties.tiaoli'
-- Article 12's title line: ` en ` after the Chinese title becomes ` xx `,
-- which the parser rejects right there.
local GOOD = '  title zh "同步规划建设使用" en "Concurrent planning, construction and use"'
local BAD = '  title zh "同步规划建设使用" xx "Concurrent planning, construction and use"'
-- The hover: on `art15.1.1` (`cite art15.1.1`), article 15's title and the item's text.
local CITATION = 'cite art15.1.1'
local EXPECT_IN_HOVER = { '安全管理机构职责', '拟订关键信息基础设施安全保护计划' }

-- Set by minimal_init.lua's on_exit when the server process ends.
local function server_exited()
  return _G.tiaoli_e2e_server_exit ~= nil
end

local function exit_message()
  return ('the server exited (code %s) before answering'):format(tostring(_G.tiaoli_e2e_server_exit))
end

-- The clients attached to `buf`, as a list (0.7's buf_get_clients is keyed
-- by id and deprecated from 0.10 on).
local function clients_of(buf)
  local list = {}
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = buf })
  else
    for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
      list[#list + 1] = client
    end
  end
  return list
end

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local function fail(msg)
  io.stdout:write('editor-e2e: FAIL: ' .. msg .. '\n')
  io.stdout:write('editor-e2e: the client log is ' .. vim.lsp.get_log_path() .. '\n')
  vim.cmd('cquit 1')
end

local function read_lines(path)
  local lines = {}
  local f = io.open(path, 'rb')
  if not f then
    return nil
  end
  for line in f:lines() do
    lines[#lines + 1] = line
  end
  f:close()
  return lines
end

local function write_lines(path, lines)
  local f = assert(io.open(path, 'wb'))
  f:write(table.concat(lines, '\n') .. '\n')
  f:close()
end

local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value -- MarkupContent or { language, value }
  end
  local parts = {}
  for _, c in ipairs(contents) do
    parts[#parts + 1] = hover_text(c)
  end
  return table.concat(parts, '\n')
end

local function run()
  local pack = vim.env.TIAOLI_E2E_PACK
  if not pack or pack == '' then
    return fail('TIAOLI_E2E_PACK is not set')
  end
  local path = pack .. '/' .. FILE
  local lines = read_lines(path)
  if not lines then
    return fail('cannot read ' .. path)
  end

  -- The mistake, and where it must be reported: the byte column of `xx`,
  -- after eight Chinese characters (three bytes each in UTF-8, one UTF-16
  -- unit each), so a server or client that mixes up the units is off.
  local bad_line
  for i, line in ipairs(lines) do
    if line == GOOD then
      bad_line = i
    end
  end
  if not bad_line then
    return fail(('no line %q in %s: the pack changed; update test/e2e.lua'):format(GOOD, path))
  end
  lines[bad_line] = BAD
  write_lines(path, lines)
  local want_lnum = bad_line - 1 -- 0-based, as vim.diagnostic has it
  local want_col = assert(BAD:find(' xx ', 1, true)) -- 0-based byte column of `xx`
  local want_chars = vim.fn.strchars(BAD:sub(1, want_col))

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= 'tiaoli' then
    return fail(('filetype of %s is %q, not tiaoli'):format(FILE, vim.bo[buf].filetype))
  end
  local v = vim.version()
  say(('editor-e2e: Neovim %d.%d.%d, opened %s'):format(v.major, v.minor, v.patch, path))

  -- The server attaches.
  local attached = vim.wait(WAIT_MS, function()
    return server_exited() or #clients_of(buf) > 0
  end, 50)
  if server_exited() then
    return fail(exit_message())
  end
  if not attached then
    return fail('no language server attached to the buffer within ' .. WAIT_MS .. ' ms')
  end

  -- The diagnostic on the mistaken line.
  local found
  local ok = vim.wait(WAIT_MS, function()
    if server_exited() then
      return true
    end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.lnum == want_lnum then
        found = d
        return true
      end
    end
    return false
  end, 50)
  if server_exited() then
    return fail(exit_message())
  end
  if not ok then
    local got = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      got[#got + 1] = ('%d:%d %s'):format(d.lnum + 1, d.col, d.message)
    end
    return fail(
      ('no diagnostic on line %d within %d ms; diagnostics: [%s]'):format(
        want_lnum + 1,
        WAIT_MS,
        table.concat(got, '; ')
      )
    )
  end
  say(
    ('editor-e2e: diagnostic at line %d, byte column %d (%s): %s'):format(
      found.lnum + 1,
      found.col,
      tostring(found.code),
      found.message
    )
  )
  if found.col ~= want_col then
    local client = clients_of(buf)[1]
    return fail(
      ('diagnostic at byte column %d, expected %d (the `xx`, after %d characters); the client uses %s positions'):format(
        found.col,
        want_col,
        want_chars,
        tostring(client and client.offset_encoding)
      )
    )
  end
  if not found.message:find('xx', 1, true) then
    return fail(('the diagnostic does not name `xx`: %q'):format(found.message))
  end

  -- A hover on the citation.
  local cite_line, cite_col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local at = line:find(CITATION, 1, true)
    if at then
      cite_line, cite_col = i, at - 1 + #'cite art'
      break
    end
  end
  if not cite_line then
    return fail(('no %q in %s'):format(CITATION, FILE))
  end
  vim.api.nvim_win_set_cursor(0, { cite_line, cite_col })
  local params = vim.lsp.util.make_position_params(0, clients_of(buf)[1].offset_encoding)
  local responses, err = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, WAIT_MS)
  if not responses then
    return fail('hover request failed: ' .. tostring(err))
  end
  local text = ''
  for _, response in pairs(responses) do
    if response.error then
      return fail('hover answered an error: ' .. vim.inspect(response.error))
    end
    if response.result and response.result.contents then
      text = text .. hover_text(response.result.contents)
    end
  end
  if text == '' then
    return fail(('empty hover on %s at line %d'):format(CITATION, cite_line))
  end
  for _, want in ipairs(EXPECT_IN_HOVER) do
    if not text:find(want, 1, true) then
      return fail(('hover on %s lacks %q; it was:\n%s'):format(CITATION, want, text))
    end
  end
  say(('editor-e2e: hover on %s (line %d) has the article text'):format(CITATION, cite_line))
  say('editor-e2e: 2 passed, 0 failed')
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then
  fail('error in the test: ' .. tostring(err))
end
