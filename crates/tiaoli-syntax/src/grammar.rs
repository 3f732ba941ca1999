//! The pest parser generated from `grammar/tiaoli.pest`.

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/tiaoli.pest"]
pub(crate) struct TiaoliParser;

/// How a grammar rule is named in an "expected …" message, in English and
/// in Chinese.
pub(crate) fn describe(rule: Rule) -> Option<(&'static str, &'static str)> {
    use Rule as R;
    Some(match rule {
        R::EOI => ("end of item", "条目结尾"),
        R::ident => ("a name", "名称"),
        R::path_name => ("a name", "名称"),
        R::int_lit => ("a number", "数字"),
        R::decimal_lit | R::number => ("a number", "数字"),
        R::date_lit => ("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
        R::money_lit => ("an amount such as `100_000 CNY`", "金额，如 `100_000 CNY`"),
        R::duration_lit => ("a duration such as `3 months`", "期限，如 `3 months`"),
        R::bool_lit => ("`true` or `false`", "`true` 或 `false`"),
        R::string | R::raw_string | R::str => ("a string", "字符串"),
        R::citation => ("a citation such as `art17`", "引用，如 `art17`"),
        R::lang => ("`zh` or `en`", "`zh` 或 `en`"),
        R::label => ("a `zh`/`en` text", "`zh`/`en` 文本"),
        R::title => ("`title`", "`title`"),
        R::text => ("`text`", "`text`"),
        R::text_version => ("`text from`", "`text from`"),
        R::cite => ("`cite`", "`cite`"),
        R::source => ("`source`", "`source`"),
        R::reading | R::reading_kw => ("`reading`", "`reading`"),
        R::in_force | R::in_force_kw => ("`in force`", "`in force`"),
        R::from_kw => ("`from`", "`from`"),
        R::until_kw => ("`until`", "`until`"),
        R::chapter => ("`chapter`", "`chapter`"),
        R::article_range => ("`articles`", "`articles`"),
        R::article => ("`article`", "`article`"),
        R::para => ("`para`", "`para`"),
        R::para_item => ("`item`", "`item`"),
        R::fact_decl => ("`fact`", "`fact`"),
        R::meta_kw => ("`fact`", "`fact`"),
        R::int_bounds => ("`in`", "`in`"),
        R::enum_decl => ("`enum`", "`enum`"),
        R::variant_decl => ("a variant", "变体"),
        R::record_decl => ("`record`", "`record`"),
        R::field_decl => ("`field`", "`field`"),
        R::party_decl => ("`party`", "`party`"),
        R::measure_decl => ("`measure`", "`measure`"),
        R::type_expr | R::prim_type => ("a type", "类型"),
        R::optional_type | R::optional_kw => ("`optional`", "`optional`"),
        R::list_type | R::list_kw => ("`list`", "`list`"),
        R::define => ("`define`", "`define`"),
        R::determination => ("`determination`", "`determination`"),
        R::value => ("`value`", "`value`"),
        R::obligation => ("`obligation`", "`obligation`"),
        R::prohibition => ("`prohibition`", "`prohibition`"),
        R::bearer => ("`bearer`", "`bearer`"),
        R::applies => ("`applies when`", "`applies when`"),
        R::requires => ("`requires`", "`requires`"),
        R::forbids => ("`forbids`", "`forbids`"),
        R::due => ("`due`", "`due`"),
        R::unless => ("`unless`", "`unless`"),
        R::penalty => ("`penalty`", "`penalty`"),
        R::trigger => ("`trigger`", "`trigger`"),
        R::rule_ref => ("a rule name or citation", "规则名称或引用"),
        R::measures => ("`measures`", "`measures`"),
        R::fine => ("`fine`", "`fine`"),
        R::may_kw => ("`may fine`", "`may fine`"),
        R::addressee => ("`addressee`", "`addressee`"),
        R::gives_way => ("`gives way to`", "`gives way to`"),
        R::party_scope | R::party_in | R::party_of | R::addressee_kw => (
            "`in PARTY` or `of addressee`",
            "`in PARTY` 或 `of addressee`",
        ),
        R::instead => ("`instead`", "`instead`"),
        R::expect_fine => ("an expectation", "预期"),
        R::none_kw => ("`none`", "`none`"),
        R::fine_flag => (
            "`conditional` or `discretionary`",
            "`conditional` 或 `discretionary`",
        ),
        R::persons_kw | R::certain_kw | R::possible_kw | R::unbounded_kw => {
            ("an exposure", "罚款风险")
        }
        R::money_range => (
            "an amount range such as `10_000 CNY ..= 100_000 CNY`",
            "金额范围，如 `10_000 CNY ..= 100_000 CNY`",
        ),
        R::multiple_range => (
            "a multiple range such as `1 ..= 10 times …`",
            "倍数范围，如 `1 ..= 10 times …`",
        ),
        R::times_kw => ("`times`", "`times`"),
        R::escalate => ("`escalate when`", "`escalate when`"),
        R::exception => ("`exception`", "`exception`"),
        R::exempts => ("`exempts`", "`exempts`"),
        R::when => ("`when`", "`when`"),
        R::extension => ("`extension`", "`extension`"),
        R::key => ("`key`", "`key`"),
        R::returns => ("`returns`", "`returns`"),
        R::ext_default | R::default_kw => ("`default`", "`default`"),
        R::factor_decl | R::factor_def => ("`factor`", "`factor`"),
        R::implement => ("`implement`", "`implement`"),
        R::decide => ("`decide`", "`decide`"),
        R::test_decl => ("`test`", "`test`"),
        R::as_of_attr => ("`as_of`", "`as_of`"),
        R::given | R::given_file => ("`given`", "`given`"),
        R::fact_value => ("`name = value`", "`name = value`"),
        R::list_value | R::list_expr => ("a list", "列表"),
        R::record_value => ("a record `{ … }`", "记录 `{ … }`"),
        R::expect => ("`expect`", "`expect`"),
        R::expect_status | R::expect_due | R::expect_exposure => ("an expectation", "预期"),
        R::status => (
            "a status (`satisfied`, `violated`, `not_applicable`, `not_in_force`, `unknown`, `triggered`, `not_triggered`, `true`, `false`)",
            "状态（`satisfied`、`violated`、`not_applicable`、`not_in_force`、`unknown`、`triggered`、`not_triggered`、`true`、`false`）",
        ),
        R::expr => ("an expression", "表达式"),
        R::within_clause | R::within_kw => ("`within`", "`within`"),
        R::after_kw => ("`after`", "`after`"),
        R::every_clause | R::every_kw => ("`every`", "`every`"),
        R::since_kw => ("`since`", "`since`"),
        R::first_kw => ("`first`", "`first`"),
        R::op_not | R::op_neg => ("an expression", "表达式"),
        R::op_or
        | R::op_and
        | R::op_otherwise
        | R::op_in
        | R::op_eq
        | R::op_ne
        | R::op_le
        | R::op_ge
        | R::op_lt
        | R::op_gt
        | R::op_add
        | R::op_sub
        | R::op_mul
        | R::op_div => ("an operator", "运算符"),
        R::field => ("`.field`", "`.field`"),
        R::is_absent => ("`is absent`", "`is absent`"),
        R::none_lit => ("`none`", "`none`"),
        R::paren => ("`(`", "`(`"),
        R::if_expr | R::if_kw => ("`if`", "`if`"),
        R::then_kw => ("`then`", "`then`"),
        R::else_kw => ("`else`", "`else`"),
        R::quantifier | R::quant_kind => (
            "`any`, `all`, `count` or `sum`",
            "`any`、`all`、`count` 或 `sum`",
        ),
        R::where_kw => ("`where`", "`where`"),
        R::call => ("a call", "函数调用"),
        R::variant_lit => ("a variant such as `.energy`", "变体，如 `.energy`"),
        R::as_of => ("`as_of`", "`as_of`"),
        R::facility => ("`facility`", "`facility`"),
        _ => return None,
    })
}
