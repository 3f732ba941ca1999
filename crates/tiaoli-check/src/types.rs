use std::fmt;

use crate::model::{Model, SymbolId};

/// The type of a fact, field, definition or expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Decimal,
    Money,
    Date,
    Duration,
    Text,
    Enum(SymbolId),
    Record(SymbolId),
    List(Box<Type>),
    Optional(Box<Type>),
    /// A list literal with no elements, or an element type not yet known.
    Any,
    /// Something already reported; never reported again.
    Error,
}

impl Type {
    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error | Type::Any)
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Decimal)
    }

    /// Whether a value of `self` may stand where `expected` is required.
    pub fn fits(&self, expected: &Type) -> bool {
        match (self, expected) {
            _ if self.is_error() || expected.is_error() => true,
            (Type::Int, Type::Decimal) => true,
            (Type::List(a), Type::List(b)) => a.fits(b),
            (Type::Optional(a), Type::Optional(b)) => a.fits(b),
            (a, Type::Optional(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }

    pub fn display<'a>(&'a self, model: &'a Model) -> TypeDisplay<'a> {
        TypeDisplay { ty: self, model }
    }
}

#[derive(Debug)]
pub struct TypeDisplay<'a> {
    ty: &'a Type,
    model: &'a Model,
}

impl fmt::Display for TypeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Decimal => f.write_str("decimal"),
            Type::Money => f.write_str("money"),
            Type::Date => f.write_str("date"),
            Type::Duration => f.write_str("duration"),
            Type::Text => f.write_str("text"),
            Type::Enum(id) | Type::Record(id) => f.write_str(&self.model.symbol(*id).name),
            Type::List(t) => write!(f, "list<{}>", t.display(self.model)),
            Type::Optional(t) => write!(f, "optional {}", t.display(self.model)),
            Type::Any | Type::Error => f.write_str("_"),
        }
    }
}
