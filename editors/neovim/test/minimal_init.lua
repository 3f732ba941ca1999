-- The smallest configuration that loads editors/neovim, for the editor
-- end-to-end test (scripts/editor-e2e): this folder's parent on the
-- runtimepath and require('tiaoli').setup(), as editors/neovim/README.md says.
local here = debug.getinfo(1, 'S').source:sub(2)
local plugin = vim.fn.fnamemodify(here, ':p:h:h')

vim.opt.runtimepath:prepend(plugin)
vim.opt.swapfile = false
vim.cmd('filetype plugin on')
vim.cmd('syntax on')

local bin = vim.env.TIAOLI_E2E_BIN or 'tiaoli'
require('tiaoli').setup({
  cmd = { bin, 'lsp' },
  lsp = {
    -- Lets the test fail at once when the server dies instead of waiting.
    on_exit = function(code)
      _G.tiaoli_e2e_server_exit = code
    end,
  },
})
vim.lsp.set_log_level('debug')
