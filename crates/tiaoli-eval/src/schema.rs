//! The facts a facility may give, with their types: what facility files
//! are validated against. A fact's slot is its index in `facts`.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use indexmap::IndexMap;
use tiaoli_check::{SymbolId, Type};

use crate::ir::{Cite, Named, Text2};

#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub facts: IndexMap<String, FactInfo, FastHash>,
    pub enums: HashMap<SymbolId, EnumInfo, FastHash>,
    pub records: HashMap<SymbolId, RecordInfo, FastHash>,
}

/// The hasher of the schema's tables: binding looks up every key of every
/// facility record, and SipHash would be most of the cost. The keys are
/// the packs' names (a facility file only looks them up), so there is no
/// flooding to guard against.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// FxHash (rustc's): a multiply and a rotate per word.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
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
