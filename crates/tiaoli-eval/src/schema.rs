//! The facts a facility may give, with their types: what facility files
//! are validated against. A fact's slot is its index in `facts`.

use std::collections::HashMap;

use indexmap::IndexMap;
use tiaoli_check::{SymbolId, Type};

use crate::ir::{Cite, Named, Text2};

#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub facts: IndexMap<String, FactInfo>,
    pub enums: HashMap<SymbolId, EnumInfo>,
    pub records: HashMap<SymbolId, RecordInfo>,
}

#[derive(Clone, Debug)]
pub struct FactInfo {
    pub name: String,
    pub ty: Type,
    /// `int in a..=b`
    pub bounds: Option<(i64, i64)>,
    pub label: Text2,
    pub cite: Option<Cite>,
}

#[derive(Clone, Debug)]
pub struct EnumInfo {
    pub name: String,
    pub variants: Vec<Named>,
}

#[derive(Clone, Debug)]
pub struct RecordInfo {
    pub name: String,
    pub fields: Vec<FactInfo>,
}

impl Schema {
    pub fn slot(&self, name: &str) -> Option<u32> {
        self.facts.get_index_of(name).map(|i| i as u32)
    }

    pub fn fact(&self, slot: u32) -> Option<&FactInfo> {
        self.facts.get_index(slot as usize).map(|(_, f)| f)
    }

    /// The variant name of an enum value.
    pub fn variant(&self, ty: &Type, index: u32) -> Option<&Named> {
        match ty {
            Type::Enum(id) => self.enums.get(id)?.variants.get(index as usize),
            Type::Optional(inner) => self.variant(inner, index),
            _ => None,
        }
    }
}
