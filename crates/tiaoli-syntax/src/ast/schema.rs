use super::{Citation, Ident, Labels, PathName, TextRange};

/// `fact name: type [in a..=b] { zh "…" en "…" cite artN }`
#[derive(Clone, Debug, PartialEq)]
pub struct FactDecl {
    /// `meta fact`: descriptive only, exempt from the unused-fact lint.
    pub meta: bool,
    pub name: Ident,
    pub ty: TypeExpr,
    pub bounds: Option<IntBounds>,
    pub labels: Labels,
    pub cite: Option<Citation>,
    pub span: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntBounds {
    pub min: i64,
    pub max: i64,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub title: Option<Labels>,
    pub variants: Vec<VariantDecl>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariantDecl {
    pub name: Ident,
    pub labels: Labels,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Ident,
    pub title: Option<Labels>,
    pub fields: Vec<FieldDecl>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub bounds: Option<IntBounds>,
    pub labels: Labels,
    pub cite: Option<Citation>,
    pub span: TextRange,
}

/// `party operator { … }` and `measure warning { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledDecl {
    pub name: Ident,
    /// For a party: `in PARTY` or `of addressee` (never for a measure).
    pub scope: Option<PartyScope>,
    pub labels: Labels,
    pub span: TextRange,
}

/// Where a party sits among the others.
#[derive(Clone, Debug, PartialEq)]
pub enum PartyScope {
    /// `in anyone`: a kind of that party (it bears that party's duties).
    In(PathName),
    /// `of addressee`: a person answerable within whichever party a
    /// penalty addresses (直接负责的主管人员 …).
    OfAddressee(TextRange),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrimType {
    Bool,
    Int,
    Decimal,
    Money,
    Date,
    Duration,
    Text,
}

impl PrimType {
    pub fn as_str(self) -> &'static str {
        match self {
            PrimType::Bool => "bool",
            PrimType::Int => "int",
            PrimType::Decimal => "decimal",
            PrimType::Money => "money",
            PrimType::Date => "date",
            PrimType::Duration => "duration",
            PrimType::Text => "text",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "bool" => PrimType::Bool,
            "int" => PrimType::Int,
            "decimal" => PrimType::Decimal,
            "money" => PrimType::Money,
            "date" => PrimType::Date,
            "duration" => PrimType::Duration,
            "text" => PrimType::Text,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    Prim(PrimType, TextRange),
    Named(PathName),
    List(Box<TypeExpr>, TextRange),
    Optional(Box<TypeExpr>, TextRange),
}

impl TypeExpr {
    pub fn span(&self) -> TextRange {
        match self {
            TypeExpr::Prim(_, s) | TypeExpr::List(_, s) | TypeExpr::Optional(_, s) => *s,
            TypeExpr::Named(p) => p.span,
        }
    }
}
