" *.tiaoli files are tiaoli rule packs.
autocmd BufRead,BufNewFile *.tiaoli setfiletype tiaoli
