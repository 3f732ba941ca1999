" Basic highlighting for tiaoli rule packs. The language server's semantic
" tokens refine it where the client uses them. Every keyword of
" grammar/tiaoli.pest appears below (crates/tiaoli-syntax/tests/editors.rs).
if exists('b:current_syntax')
  finish
endif

" Keywords are ASCII; names may be Chinese (运营者, facility.规模).
syntax iskeyword @,48-57,_,192-255

syntax keyword tiaoliStructure chapter article para item
syntax keyword tiaoliDeclaration meta fact enum record field party measure define determination
syntax keyword tiaoliDeclaration obligation prohibition penalty exception extension implement test
syntax keyword tiaoliKeyword title text cite bearer applies when requires due unless trigger
syntax keyword tiaoliKeyword addressee fine may gives way to escalate given expect missing reading
syntax keyword tiaoliKeyword source default key value returns exempts forbids instead decide factor
syntax keyword tiaoliKeyword exposure conditional discretionary certain possible persons optional
syntax keyword tiaoliKeyword after every since within until from force on for of times first file
syntax keyword tiaoliKeyword unbounded none articles measures is
syntax keyword tiaoliOperator and or not in where otherwise
syntax keyword tiaoliConditional if then else
syntax keyword tiaoliQuantifier any all count sum
syntax keyword tiaoliType bool int decimal date duration money list
syntax keyword tiaoliConstant true false
syntax keyword tiaoliStatus satisfied violated triggered not_triggered not_applicable not_in_force unknown absent
syntax keyword tiaoliSpecial facility as_of
syntax keyword tiaoliLanguage zh en
syntax keyword tiaoliUnit CNY day days week weeks month months year years

syntax match tiaoliCitation /\<\%(\h\w*::\)\=art\d\+\%(\.\d\+\)\{0,2}\>/
syntax match tiaoliDate /\<\d\{4}-\d\{2}-\d\{2}\>/
syntax match tiaoliNumber /\<\d[0-9_]*\%(\.\d[0-9_]*\)\=\>/
syntax match tiaoliVariant /\%([[:alnum:]_)\]."]\)\@<!\.\h\w*/
syntax match tiaoliOperatorSign /\.\.=\|==\|!=\|<=\|>=\|[<>=+*\/-]/

syntax match tiaoliEscape /\\["\\nt]/ contained
syntax match tiaoliBadEscape /\\[^"\\nt]/ contained
syntax region tiaoliString start=/"/ skip=/\\./ end=/"\|$/ contains=tiaoliEscape,tiaoliBadEscape
syntax region tiaoliRawString start=/"""/ end=/"""/
syntax match tiaoliComment "//.*$" contains=@Spell

highlight default link tiaoliStructure Structure
highlight default link tiaoliDeclaration Keyword
highlight default link tiaoliKeyword Statement
highlight default link tiaoliOperator Operator
highlight default link tiaoliOperatorSign Operator
highlight default link tiaoliConditional Conditional
highlight default link tiaoliQuantifier Function
highlight default link tiaoliType Type
highlight default link tiaoliConstant Boolean
highlight default link tiaoliStatus Constant
highlight default link tiaoliSpecial Special
highlight default link tiaoliLanguage Label
highlight default link tiaoliUnit Type
highlight default link tiaoliCitation Identifier
highlight default link tiaoliDate Number
highlight default link tiaoliNumber Number
highlight default link tiaoliVariant Constant
highlight default link tiaoliString String
highlight default link tiaoliRawString String
highlight default link tiaoliEscape SpecialChar
highlight default link tiaoliBadEscape Error
highlight default link tiaoliComment Comment

let b:current_syntax = 'tiaoli'
