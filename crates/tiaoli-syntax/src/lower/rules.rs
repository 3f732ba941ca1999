//! Rules an article owns: obligations, prohibitions, penalties, definitions,
//! determinations, extension points and exceptions.

use super::{Lower, P};
use crate::ast::*;
use crate::grammar::Rule as R;

impl Lower<'_> {
    pub fn rule(&mut self, pair: P<'_>) -> Option<Rule> {
        Some(match pair.as_rule() {
            R::obligation => Rule::Duty(self.duty(pair, DutyKind::Obligation)),
            R::prohibition => Rule::Duty(self.duty(pair, DutyKind::Prohibition)),
            R::penalty => Rule::Penalty(self.penalty(pair)),
            R::define => Rule::Define(self.define(pair)),
            R::determination => Rule::Determination(self.determination(pair)),
            R::extension => Rule::Extension(self.extension(pair)),
            R::exception => Rule::Exception(self.exception(pair)),
            _ => return None,
        })
    }

    /// A `requires`/`forbids` condition: an expression or a deadline.
    fn condition(&mut self, pair: P<'_>) -> Option<Expr> {
        let inner = pair.into_inner().next()?;
        let span = self.span(&inner);
        let deadline = match inner.as_rule() {
            R::expr => return Some(self.expr(inner)),
            R::within_clause => {
                let mut parts = inner
                    .into_inner()
                    .filter(|p| matches!(p.as_rule(), R::expr | R::duration_lit));
                let done = self.expr(parts.next()?);
                let period = self.primary(parts.next()?);
                let start = self.expr(parts.next()?);
                Deadline::Within {
                    done,
                    period,
                    start,
                }
            }
            R::every_clause => {
                let mut parts = inner
                    .into_inner()
                    .filter(|p| matches!(p.as_rule(), R::expr | R::duration_lit));
                let period = parts.next()?;
                let period = match period.as_rule() {
                    R::expr => self.expr(period),
                    _ => self.primary(period),
                };
                let last = self.expr(parts.next()?);
                let first = match (parts.next(), parts.next()) {
                    (Some(p), Some(e)) => Some((self.primary(p), self.expr(e))),
                    _ => None,
                };
                Deadline::Every {
                    period,
                    last,
                    first,
                }
            }
            _ => return None,
        };
        Some(Expr {
            kind: ExprKind::Deadline(Box::new(deadline)),
            span,
        })
    }

    /// `in force from D until D`.
    pub fn in_force(&mut self, pair: P<'_>) -> InForce {
        let span = self.span(&pair);
        let mut f = InForce {
            from: None,
            until: None,
            span,
        };
        let mut next_is_until = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                R::from_kw => next_is_until = false,
                R::until_kw => next_is_until = true,
                R::date_lit => {
                    let d = (self.date(&p), self.span(&p));
                    if next_is_until {
                        f.until = Some(d);
                    } else {
                        f.from = Some(d);
                    }
                }
                _ => {}
            }
        }
        f
    }

    fn cite_of(&mut self, pair: P<'_>) -> Option<Citation> {
        pair.into_inner().next().map(|c| self.citation(c))
    }

    fn duty(&mut self, pair: P<'_>, kind: DutyKind) -> Duty {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut duty = Duty {
            kind,
            name,
            title: None,
            cite: None,
            bearer: None,
            applies: None,
            condition: None,
            due: None,
            unless: Vec::new(),
            in_force: None,
            readings: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut duty.title, p),
                R::in_force => {
                    let f = self.in_force(p);
                    self.set_once(&mut duty.in_force, f, s, "in force");
                }
                R::cite => self.cite_into(&mut duty.cite, p),
                R::bearer => {
                    if let Some(b) = p.into_inner().next() {
                        let b = self.path_name(b);
                        self.set_once(&mut duty.bearer, b, s, "bearer");
                    }
                }
                R::applies => self.expr_into(&mut duty.applies, p, "applies when"),
                R::requires | R::forbids => {
                    let what = if p.as_rule() == R::requires {
                        "requires"
                    } else {
                        "forbids"
                    };
                    if let Some(e) = self.condition(p) {
                        self.set_once(&mut duty.condition, e, s, what);
                    }
                }
                R::due => self.expr_into(&mut duty.due, p, "due"),
                R::unless => duty.unless.push(self.unless(p)),
                R::reading => duty.readings.push(self.reading(p)),
                _ => {}
            }
        }
        duty
    }

    fn reading(&mut self, pair: P<'_>) -> Reading {
        let span = self.span(&pair);
        let pairs: Vec<P<'_>> = pair.into_inner().collect();
        let cite = pairs
            .iter()
            .find(|p| p.as_rule() == R::cite)
            .cloned()
            .and_then(|c| self.cite_of(c));
        let labels = self.labels(pairs.into_iter(), span);
        Reading { labels, cite, span }
    }

    fn unless(&mut self, pair: P<'_>) -> Unless {
        let span = self.span(&pair);
        let mut condition = None;
        let mut cite = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                R::expr => condition = Some(self.expr(p)),
                R::cite => cite = self.cite_of(p),
                _ => {}
            }
        }
        Unless {
            condition: condition.unwrap_or(Expr {
                kind: ExprKind::Bool(false),
                span,
            }),
            cite,
            span,
        }
    }

    fn penalty(&mut self, pair: P<'_>) -> Penalty {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut pen = Penalty {
            name,
            title: None,
            cite: None,
            addressee: None,
            triggers: Vec::new(),
            gives_way: Vec::new(),
            measures: Vec::new(),
            fines: Vec::new(),
            escalate: None,
            unless: Vec::new(),
            in_force: None,
            readings: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut pen.title, p),
                R::cite => self.cite_into(&mut pen.cite, p),
                R::trigger => {
                    let mut t = p.into_inner();
                    let Some(target) = t.next().map(|r| self.rule_ref(r)) else {
                        continue;
                    };
                    let cite = t.next().and_then(|c| self.cite_of(c));
                    pen.triggers.push(Trigger {
                        target,
                        cite,
                        span: s,
                    });
                }
                R::addressee => {
                    if let Some(a) = p.into_inner().next() {
                        let a = self.path_name(a);
                        self.set_once(&mut pen.addressee, a, s, "addressee");
                    }
                }
                R::gives_way => {
                    let mut g = p.into_inner();
                    let Some(to) = g.next().map(|t| self.path_name(t)) else {
                        continue;
                    };
                    let rules = g.map(|r| self.rule_ref(r)).collect();
                    pen.gives_way.push(GivesWay { to, rules, span: s });
                }
                R::measures => {
                    if !pen.measures.is_empty() {
                        self.set_once(&mut Some(()), (), s, "measures");
                        continue;
                    }
                    pen.measures = p.into_inner().map(|m| self.path_name(m)).collect();
                }
                R::fine => pen.fines.push(self.fine(p)),
                R::escalate => {
                    let mut condition = None;
                    let mut fines = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            R::expr => condition = Some(self.expr(q)),
                            R::fine => fines.push(self.fine(q)),
                            _ => {}
                        }
                    }
                    let condition = condition.unwrap_or(Expr {
                        kind: ExprKind::Bool(false),
                        span: s,
                    });
                    self.set_once(
                        &mut pen.escalate,
                        Escalate {
                            condition,
                            fines,
                            span: s,
                        },
                        s,
                        "escalate",
                    );
                }
                R::unless => pen.unless.push(self.unless(p)),
                R::reading => pen.readings.push(self.reading(p)),
                R::in_force => {
                    let s = self.span(&p);
                    let f = self.in_force(p);
                    self.set_once(&mut pen.in_force, f, s, "in force");
                }
                _ => {}
            }
        }
        pen
    }

    pub fn rule_ref(&mut self, pair: P<'_>) -> RuleRef {
        let span = self.span(&pair);
        match pair.into_inner().next() {
            Some(c) if c.as_rule() == R::citation => RuleRef::Citation(self.citation(c)),
            Some(p) => RuleRef::Name(self.path_name(p)),
            None => RuleRef::Name(PathName {
                pack: None,
                name: Ident {
                    name: String::new(),
                    span,
                },
                span,
            }),
        }
    }

    fn fine(&mut self, pair: P<'_>) -> Fine {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().peekable();
        let discretionary = inner.peek().is_some_and(|p| p.as_rule() == R::may_kw);
        if discretionary {
            inner.next();
        }
        let party = match inner.next() {
            Some(p) => self.path_name(p),
            None => PathName {
                pack: None,
                name: Ident {
                    name: String::new(),
                    span,
                },
                span,
            },
        };
        let amount = match inner.next() {
            Some(r) if r.as_rule() == R::money_range => {
                let s = self.span(&r);
                let (min, max) = self.money_range(r);
                FineAmount::Fixed { min, max, span: s }
            }
            Some(r) => {
                let s = self.span(&r);
                let mut m = r.into_inner();
                let min = m.next().map(|n| self.number_value(&n)).unwrap_or_default();
                let max = m.next().map(|n| self.number_value(&n)).unwrap_or_default();
                let basis = m.find(|p| p.as_rule() == R::expr).map(|e| self.expr(e));
                let basis = basis.unwrap_or(Expr {
                    kind: ExprKind::Money(Default::default()),
                    span: s,
                });
                FineAmount::Multiple {
                    min,
                    max,
                    basis,
                    span: s,
                }
            }
            None => FineAmount::Fixed {
                min: Default::default(),
                max: Default::default(),
                span,
            },
        };
        Fine {
            discretionary,
            party,
            amount,
            span,
        }
    }

    fn exception(&mut self, pair: P<'_>) -> Exception {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut exc = Exception {
            name,
            title: None,
            cite: None,
            exempts: Vec::new(),
            when: None,
            readings: Vec::new(),
            instead: None,
            span,
        };
        for p in inner {
            match p.as_rule() {
                R::title => self.title_into(&mut exc.title, p),
                R::cite => self.cite_into(&mut exc.cite, p),
                R::exempts => {
                    let refs: Vec<RuleRef> = p.into_inner().map(|r| self.rule_ref(r)).collect();
                    exc.exempts.extend(refs);
                }
                R::when => self.expr_into(&mut exc.when, p, "when"),
                R::reading => exc.readings.push(self.reading(p)),
                R::instead => {
                    let s = self.span(&p);
                    let labels = self.labels(p.into_inner(), s);
                    self.set_once(&mut exc.instead, labels, s, "instead");
                }
                _ => {}
            }
        }
        exc
    }

    pub fn define(&mut self, pair: P<'_>) -> Define {
        let span = self.span(&pair);
        let mut name = Ident {
            name: String::new(),
            span,
        };
        let mut ty = None;
        let mut value = Expr {
            kind: ExprKind::Bool(false),
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                R::ident => name = self.ident(p),
                R::type_expr => ty = Some(self.type_expr(p)),
                R::expr => value = self.expr(p),
                _ => {}
            }
        }
        Define {
            name,
            ty,
            value,
            span,
        }
    }

    pub fn determination(&mut self, pair: P<'_>) -> Determination {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut det = Determination {
            name,
            title: None,
            cite: None,
            value: None,
            in_force: None,
            readings: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                R::title => self.title_into(&mut det.title, p),
                R::cite => self.cite_into(&mut det.cite, p),
                R::value => self.expr_into(&mut det.value, p, "value"),
                R::reading => det.readings.push(self.reading(p)),
                R::in_force => {
                    let s = self.span(&p);
                    let f = self.in_force(p);
                    self.set_once(&mut det.in_force, f, s, "in force");
                }
                _ => {}
            }
        }
        det
    }

    fn extension(&mut self, pair: P<'_>) -> Extension {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut ext = Extension {
            name,
            title: None,
            key: None,
            returns: None,
            default: None,
            factors: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut ext.title, p),
                R::key => self.expr_into(&mut ext.key, p, "key"),
                R::ext_default => self.expr_into(&mut ext.default, p, "default"),
                R::returns => {
                    if let Some(t) = p.into_inner().next() {
                        let t = self.type_expr(t);
                        self.set_once(&mut ext.returns, t, s, "returns");
                    }
                }
                R::factor_decl => {
                    let mut f = p.into_inner();
                    let name = self.name_in(&mut f, s);
                    let labels = self.labels(f, s);
                    ext.factors.push(FactorDecl {
                        name,
                        labels,
                        span: s,
                    });
                }
                _ => {}
            }
        }
        ext
    }
}
