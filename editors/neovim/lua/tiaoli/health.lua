-- :checkhealth tiaoli — is Neovim new enough, is the server there, does it run.

local M = {}

-- Neovim 0.10 has vim.health.start/ok/…; 0.7–0.9 have require('health').report_*.
local function reporter()
  local h = vim.health
  if h and h.start then
    return h.start, h.ok, h.warn, h.error
  end
  h = require('health')
  return h.report_start, h.report_ok, h.report_warn, h.report_error
end

function M.check()
  local start, ok, warn, error = reporter()
  local tiaoli = require('tiaoli')

  start('tiaoli')
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim 0.7 or later')
  else
    error('Neovim 0.7 or later is needed')
  end

  local exe = tiaoli.config.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    error(('%q is not executable'):format(exe), {
      'Install tiaoli (cargo install --path crates/tiaoli-cli) or pass cmd to require("tiaoli").setup()',
    })
    return
  end
  local version = vim.fn.system({ exe, '--version' })
  if vim.v.shell_error == 0 then
    ok(('server: %s (%s)'):format(vim.trim(version), vim.fn.exepath(exe)))
  else
    warn(('%s --version failed: %s'):format(exe, vim.trim(version)))
  end

  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
  local running = 0
  for _, client in ipairs(clients) do
    if client.name == 'tiaoli' then
      running = running + 1
      ok(('client %d running for %s'):format(client.id, client.config.root_dir or '?'))
    end
  end
  if running == 0 then
    warn('no tiaoli client running: open a .tiaoli file, then run :checkhealth tiaoli again')
  end
end

return M
