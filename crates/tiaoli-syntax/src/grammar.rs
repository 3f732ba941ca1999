//! The pest parser generated from `grammar/tiaoli.pest`.

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/tiaoli.pest"]
pub(crate) struct TiaoliParser;

/// How a grammar rule is named in an "expected …" message.
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    use Rule as R;
    Some(match rule {
        R::EOI => "end of item",
        R::ident => "a name",
        R::path_name => "a name",
        R::int_lit => "a number",
        R::decimal_lit | R::number => "a number",
        R::date_lit => "a date (YYYY-MM-DD)",
        R::money_lit => "an amount such as `100_000 CNY`",
        R::duration_lit => "a duration such as `3 months`",
        R::bool_lit => "`true` or `false`",
        R::string | R::raw_string | R::str => "a string",
        R::citation => "a citation such as `art17`",
        R::lang => "`zh` or `en`",
        R::label => "a `zh`/`en` text",
        R::title => "`title`",
        R::text => "`text`",
        R::text_version => "`text from`",
        R::cite => "`cite`",
        R::source => "`source`",
        R::reading | R::reading_kw => "`reading`",
        R::in_force | R::in_force_kw => "`in force`",
        R::from_kw => "`from`",
        R::until_kw => "`until`",
        R::chapter => "`chapter`",
        R::article_range => "`articles`",
        R::article => "`article`",
        R::para => "`para`",
        R::para_item => "`item`",
        R::fact_decl => "`fact`",
        R::meta_kw => "`fact`",
        R::int_bounds => "`in`",
        R::enum_decl => "`enum`",
        R::variant_decl => "a variant",
        R::record_decl => "`record`",
        R::field_decl => "`field`",
        R::party_decl => "`party`",
        R::measure_decl => "`measure`",
        R::type_expr | R::prim_type => "a type",
        R::optional_type | R::optional_kw => "`optional`",
        R::list_type | R::list_kw => "`list`",
        R::define => "`define`",
        R::determination => "`determination`",
        R::value => "`value`",
        R::obligation => "`obligation`",
        R::prohibition => "`prohibition`",
        R::bearer => "`bearer`",
        R::applies => "`applies when`",
        R::requires => "`requires`",
        R::forbids => "`forbids`",
        R::due => "`due`",
        R::unless => "`unless`",
        R::penalty => "`penalty`",
        R::trigger => "`trigger`",
        R::rule_ref => "a rule name or citation",
        R::measures => "`measures`",
        R::fine => "`fine`",
        R::may_kw => "`may fine`",
        R::addressee => "`addressee`",
        R::gives_way => "`gives way to`",
        R::party_scope | R::party_in | R::party_of | R::addressee_kw => {
            "`in PARTY` or `of addressee`"
        }
        R::instead => "`instead`",
        R::expect_fine => "an expectation",
        R::none_kw => "`none`",
        R::fine_flag => "`conditional` or `discretionary`",
        R::persons_kw | R::certain_kw | R::possible_kw | R::unbounded_kw => "an exposure",
        R::money_range => "an amount range such as `10_000 CNY ..= 100_000 CNY`",
        R::multiple_range => "a multiple range such as `1 ..= 10 times …`",
        R::times_kw => "`times`",
        R::escalate => "`escalate when`",
        R::exception => "`exception`",
        R::exempts => "`exempts`",
        R::when => "`when`",
        R::extension => "`extension`",
        R::key => "`key`",
        R::returns => "`returns`",
        R::ext_default | R::default_kw => "`default`",
        R::factor_decl | R::factor_def => "`factor`",
        R::implement => "`implement`",
        R::decide => "`decide`",
        R::test_decl => "`test`",
        R::as_of_attr => "`as_of`",
        R::given | R::given_file => "`given`",
        R::fact_value => "`name = value`",
        R::list_value | R::list_expr => "a list",
        R::record_value => "a record `{ … }`",
        R::expect => "`expect`",
        R::expect_status | R::expect_due | R::expect_exposure => "an expectation",
        R::status => {
            "a status (`satisfied`, `violated`, `not_applicable`, `not_in_force`, `unknown`, `triggered`, `not_triggered`, `true`, `false`)"
        }
        R::expr => "an expression",
        R::within_clause | R::within_kw => "`within`",
        R::after_kw => "`after`",
        R::every_clause | R::every_kw => "`every`",
        R::since_kw => "`since`",
        R::first_kw => "`first`",
        R::op_not | R::op_neg => "an expression",
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
        | R::op_div => "an operator",
        R::field => "`.field`",
        R::is_absent => "`is absent`",
        R::none_lit => "`none`",
        R::paren => "`(`",
        R::if_expr | R::if_kw => "`if`",
        R::then_kw => "`then`",
        R::else_kw => "`else`",
        R::quantifier | R::quant_kind => "`any`, `all`, `count` or `sum`",
        R::where_kw => "`where`",
        R::call => "a call",
        R::variant_lit => "a variant such as `.energy`",
        R::as_of => "`as_of`",
        R::facility => "`facility`",
        _ => return None,
    })
}
