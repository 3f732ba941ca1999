-- tiaoli for Neovim: starts `tiaoli lsp` for every *.tiaoli buffer, one
-- server per pack root (the folder of the nearest tiaoli.toml).
--
--   require('tiaoli').setup({ cmd = { 'tiaoli', 'lsp' } })
--
-- The server's initialization options go in lsp.init_options, e.g. where
-- diagnostics' codes link to (default: the pages bundled with the server):
--
--   require('tiaoli').setup({
--     lsp = { init_options = { docsBaseUrl = 'https://example.org/tiaoli/codes' } },
--   })
--
-- Works with Neovim 0.7 (vim.lsp.start_client + buf_attach_client, as Debian
-- bookworm ships it) and later (vim.lsp.start, which reuses a client by name
-- and root itself).

local M = {}

M.defaults = {
  -- The server command: a name on PATH or a path, then its arguments.
  cmd = { 'tiaoli', 'lsp' },
  -- Extra settings passed to vim.lsp.start / start_client (on_attach,
  -- capabilities, handlers, init_options = { docsBaseUrl = … }, …).
  lsp = {},
}

M.config = vim.deepcopy(M.defaults)

-- Clients started on Neovim 0.7, by root folder.
local clients_by_root = {}

local function is_dir(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function is_file(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == 'file'
end

--- The folder of the nearest tiaoli.toml at or above `path`'s folder, or
--- that folder itself when there is none (a lone .tiaoli file).
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local start = dir
  while true do
    if is_file(dir .. '/tiaoli.toml') then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local function client_config(root)
  local config = vim.tbl_deep_extend('force', {}, M.config.lsp, {
    name = 'tiaoli',
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
  })
  return config
end

--- Starts (or reuses) the server for buffer `bufnr` and attaches it.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local root = M.root_dir(path)
  if not is_dir(root) then
    return nil
  end
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    vim.notify_once(
      ('tiaoli: %q is not executable; install tiaoli or pass cmd to require("tiaoli").setup()'):format(M.config.cmd[1]),
      vim.log.levels.WARN
    )
    return nil
  end

  if vim.lsp.start then
    -- Neovim 0.8 and later: reuses a client with the same name and root.
    -- 0.8 attaches the current buffer (opts.bufnr came later): make it so.
    local id
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(client_config(root), { bufnr = bufnr })
    end)
    return id
  end

  -- Neovim 0.7.
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function filetype_detection()
  if vim.filetype and vim.filetype.add and vim.fn.has('nvim-0.8') == 1 then
    vim.filetype.add({ extension = { tiaoli = 'tiaoli' } })
  else
    -- ftdetect/tiaoli.vim does the same when this folder is on the
    -- runtimepath before `filetype on`; this covers a later setup().
    vim.cmd([[
      augroup tiaoli_filetype
        autocmd!
        autocmd BufRead,BufNewFile *.tiaoli setfiletype tiaoli
      augroup END
    ]])
  end
end

--- Sets the options and starts the server for every tiaoli buffer, those
--- already open included.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  filetype_detection()
  vim.cmd([[
    augroup tiaoli_lsp
      autocmd!
      autocmd FileType tiaoli lua require('tiaoli').attach(tonumber(vim.fn.expand('<abuf>')))
    augroup END
  ]])
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'tiaoli' then
      M.attach(bufnr)
    end
  end
end

return M
