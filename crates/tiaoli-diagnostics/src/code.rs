use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::Severity;

/// The phase a code belongs to; the code's letter says it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Syntax,
    Manifest,
    Names,
    Types,
    Graph,
    Rules,
    Lints,
    Facility,
}

macro_rules! codes {
    ($($code:ident $phase:ident $severity:ident $slug:literal $summary:literal;)*) => {
        /// A stable diagnostic code. Codes are never reused once retired;
        /// each has a page in `docs/diagnostics/`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }

            /// A short kebab-case name, e.g. `unresolved-name`.
            pub fn slug(self) -> &'static str {
                match self { $(Code::$code => $slug),* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$code => $summary),* }
            }

            pub fn phase(self) -> Phase {
                match self { $(Code::$code => Phase::$phase),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity),* }
            }
        }
    };
}

codes! {
    S001 Syntax Error "syntax-error" "the text does not follow the tiaoli grammar";
    S002 Syntax Error "unterminated-string" "a string literal is not closed";
    S003 Syntax Error "unbalanced-delimiter" "a `{`, `(` or `[` is not closed, or a closing one has no opener";
    S004 Syntax Error "invalid-literal" "a number, date, money amount or duration literal is out of range or malformed";
    S005 Syntax Error "invalid-citation" "a citation names article, paragraph or item 0";
    S006 Syntax Error "duplicate-attribute" "a block sets the same attribute twice";
    S007 Syntax Error "invalid-escape" "a string contains an unknown escape sequence";
    S008 Syntax Error "expression-too-large" "an expression has too many operators or is nested too deeply";
    S009 Syntax Error "not-utf8" "a pack file or manifest is not UTF-8 text";
    S010 Syntax Error "full-width-punctuation" "code uses a full-width (Chinese) punctuation mark where tiaoli expects an ASCII one";
    M001 Manifest Error "invalid-manifest" "`tiaoli.toml` is not valid TOML or has a field of the wrong type";
    M002 Manifest Error "missing-manifest" "a pack folder has no `tiaoli.toml`";
    M003 Manifest Error "invalid-pack-name" "a pack name or version is malformed";
    M004 Manifest Error "unknown-dependency" "a dependency names a pack that is not loaded";
    M005 Manifest Error "dependency-version-mismatch" "a loaded pack does not satisfy a dependency's version requirement";
    M006 Manifest Error "pack-dependency-cycle" "packs depend on each other in a cycle";
    M007 Manifest Error "duplicate-pack" "two loaded packs have the same name";
    M008 Manifest Error "sector-pack-without-regulation" "a sector pack does not depend on a regulation pack";
    M009 Manifest Error "expiry-not-after-effective" "a pack's `expires` date is not after its `effective` date";
    M010 Manifest Error "in-force-dates-out-of-range" "an article's or rule's `in force` dates have no day in them, or reach outside its article's or pack's";
    M011 Manifest Error "text-versions-out-of-order" "an amended text (`text from`) amends no text, or is not dated after the version before it";
    M012 Manifest Error "text-version-out-of-force" "an amended text takes effect on no day after the first of its article's or pack's days in force";
    M013 Manifest Error "draft-in-force" "a draft pack gives days in force (`effective`, `expires`), or a pack that is not a draft gives `published`";
    M014 Manifest Error "signed-pack-modified" "a signed pack's files are not the files its signature (`tiaoli.sig`) signed, or the signature does not hold";
    M015 Manifest Error "stale-lockfile" "a pack's lockfile (`tiaoli.lock`) does not match what it depends on: another version, other contents, a dependency not locked or one no longer needed";
    M016 Manifest Error "invalid-lockfile" "a pack's lockfile (`tiaoli.lock`) cannot be read";
    M017 Manifest Error "invalid-config" "the project configuration (`.tiaoli.toml`, or `[tool]` in a `tiaoli.toml`) has an unknown key or a wrong value";
    N001 Names Error "unresolved-name" "a name does not refer to any fact, definition, rule or local";
    N002 Names Error "duplicate-definition" "two declarations in one pack have the same name";
    N003 Names Error "duplicate-article" "an article number is declared twice";
    N004 Names Error "unknown-citation" "a citation names an article, paragraph or item that does not exist";
    N005 Names Error "unknown-variant" "an enum value is not a variant of the expected enum";
    N006 Names Error "unknown-field" "a record has no field of that name";
    N007 Names Error "unknown-extension" "`implement` names something that is not an extension point";
    N008 Names Error "unknown-party" "a bearer, a penalty's addressee or a fined party is not a declared party";
    N009 Names Error "unknown-measure" "a penalty measure is not a declared measure";
    N010 Names Error "article-outside-chapter" "an article is in no chapter, or in two";
    N011 Names Error "duplicate-paragraph" "a paragraph or item number is used twice in one article";
    N012 Names Error "unknown-pack" "a `pack::name` path names a pack that is not a dependency";
    N013 Names Error "ambiguous-name" "a name is declared by two dependencies";
    N014 Names Error "unknown-type" "a type name does not refer to a built-in type, enum or record";
    N015 Names Error "conflicting-fact" "two loaded packs declare a fact of the same name with different types";
    N017 Names Error "party-cycle" "a party is declared `in` itself, directly or through others";
    N018 Names Error "gives-way-to-itself" "a penalty gives way to itself";
    T001 Types Error "type-mismatch" "an expression has a different type than its position requires";
    T002 Types Error "incompatible-operands" "an operator is applied to operands whose types do not combine";
    T003 Types Error "wrong-arguments" "a built-in function is called with the wrong number or kind of arguments";
    T004 Types Error "optional-not-unwrapped" "an optional value is used where a plain value is required";
    T005 Types Error "not-a-list" "a quantifier iterates over something that is not a list";
    T006 Types Error "empty-range" "a range's lower bound is above its upper bound";
    T007 Types Error "wrong-rule-kind" "a rule reference names the wrong kind of rule";
    T008 Types Error "none-for-required-fact" "a pack test gives `none` for a fact that is not `optional`";
    T009 Types Error "mixed-duration-units" "durations counted in days and in months or years are compared or combined without a date";
    T010 Types Error "unusable-given-file" "a pack test's `given file` is not one facility file in the pack: missing, a folder, too large, not UTF-8 text, binary, outside the pack, or several records";
    G001 Graph Error "dependency-cycle" "rules, definitions or determinations depend on themselves";
    R001 Rules Error "missing-bearer" "an obligation or prohibition has no duty bearer";
    R002 Rules Error "missing-requirement" "an obligation has no `requires`, or a prohibition no `forbids`";
    R003 Rules Error "penalty-without-trigger" "a penalty is triggered by no violation";
    R004 Rules Error "sector-pack-overreach" "a sector pack declares a fact, type, party, measure, penalty or extension point";
    R005 Rules Error "exception-without-citation" "an exception does not cite the provision that makes it";
    R006 Rules Error "incomplete-implementation" "an implementation misses a factor or its decision, or has one the extension does not declare";
    R007 Rules Error "duplicate-implementation" "two implementations cover the same key of an extension point";
    R008 Rules Error "missing-text" "an article, paragraph or item lacks its Chinese or English text or title";
    R009 Rules Error "invalid-test" "a pack test lacks facts or expectations, or expects something impossible";
    R010 Rules Error "misplaced-citation" "a trigger cites a provision outside its penalty's article";
    R011 Rules Error "due-beside-deadline" "an obligation whose `requires` is a deadline also has a `due`";
    R012 Rules Error "trigger-bearer-not-addressee" "a penalty is triggered by a duty its addressee does not bear";
    R013 Rules Error "penalty-without-addressee" "a penalty names no addressee";
    R014 Rules Error "fine-on-unaddressed-party" "a fine is on a party that is neither the penalty's addressee nor one of its persons";
    R015 Rules Error "citation-outside-article" "a rule's `cite` names a provision outside the article that makes the rule";
    R016 Rules Error "exemption-from-higher-authority" "a pack exempts a rule of a pack that outranks it";
    R017 Rules Error "redeclared-higher-rule" "a pack declares a rule under the name of a rule of a pack that outranks it";
    W001 Lints Warning "unused-fact" "a fact is declared but no rule or definition reads it";
    W002 Lints Warning "unused-definition" "a definition is never used";
    W003 Lints Warning "exception-exempts-nothing" "an exception names no rule it exempts";
    W006 Lints Warning "factor-not-decided" "an implementation's `decide` does not read one of its factors";
    W007 Lints Warning "constant-factor" "an implementation defines a factor that reads no fact of the facility";
    W008 Lints Warning "redundant-citation" "a rule cites the whole article it is written in";
    F001 Facility Error "unreadable-facility" "a facility file is not valid YAML, JSON or JSON lines";
    F002 Facility Error "not-a-facility" "a facility record is not a mapping of fact names to values";
    F003 Facility Error "unknown-fact" "a facility gives a fact the packs do not declare";
    F004 Facility Error "wrong-fact-type" "a fact's value is not of the fact's type";
    F005 Facility Error "invalid-date" "a date is not written YYYY-MM-DD or does not exist";
    F006 Facility Error "unknown-enum-value" "a value is not one of the fact's enum values";
    F007 Facility Error "out-of-range" "an integer is outside the fact's declared bounds";
    F013 Facility Warning "future-dated-fact" "a facility gives a date after the evaluation date; the fact is treated as unknown";
    F008 Facility Error "unknown-field" "a record in a list gives a field its record type does not declare";
    F009 Facility Warning "null-for-required-fact" "a facility gives `null` for a fact that is not `optional`";
    F010 Facility Error "amount-finer-than-fen" "an amount in CNY has more than two decimal places";
    F011 Facility Error "amount-out-of-range" "an amount in CNY is negative or too large";
    F014 Facility Error "decimal-out-of-range" "a decimal number is too large to be held exactly";
    F012 Facility Error "invalid-utf8" "a facility record (a line, an array element or a document) is not UTF-8 text";
    F015 Facility Error "document-too-large" "a facility document, line or array element is larger than the most tiaoli reads whole";
    F016 Facility Warning "too-many-diagnostics" "a facility record has more problems than are reported one by one";
}

impl Code {
    /// Reported by `tiaoli test` only, never by `tiaoli check`: what a pack
    /// test's `given file` names is read when the test runs.
    pub fn only_in_pack_tests(self) -> bool {
        matches!(self, Code::T010)
    }

    /// The code's page, `docs/diagnostics/CODE.md`, in the workspace's
    /// repository: the one docs link (editors show it beside the code).
    pub fn docs_url(self) -> String {
        format!(
            "{}/blob/main/docs/diagnostics/{}.md",
            env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'),
            self.as_str()
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim();
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn every_docs_url_names_an_existing_page_of_the_repository() {
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/diagnostics");
        for code in Code::ALL {
            let url = code.docs_url();
            let page = format!("{}.md", code.as_str());
            assert!(url.starts_with(env!("CARGO_PKG_REPOSITORY")), "{url}");
            assert!(url.ends_with(&format!("/docs/diagnostics/{page}")), "{url}");
            assert!(std::path::Path::new(docs).join(&page).is_file(), "{page}");
        }
    }
}
