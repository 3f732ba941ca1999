" Editing settings for tiaoli rule packs: `//` comments, two-space indents
" (the layout `tiaoli fmt` writes).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=://
setlocal expandtab shiftwidth=2 softtabstop=2 tabstop=2
setlocal autoindent smartindent cinkeys-=0# indentkeys-=0#

let b:undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< tabstop< autoindent< smartindent< cinkeys< indentkeys<'
