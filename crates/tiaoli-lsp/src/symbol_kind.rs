//! What each kind of tiaoli declaration is called in the protocol's
//! (programming-language) vocabulary of symbol kinds.

use tiaoli_ide::SymbolKind as Kind;
use tower_lsp_server::ls_types::SymbolKind;

pub fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Chapter => SymbolKind::NAMESPACE,
        Kind::Article => SymbolKind::MODULE,
        Kind::Fact => SymbolKind::PROPERTY,
        Kind::Enum => SymbolKind::ENUM,
        Kind::Variant => SymbolKind::ENUM_MEMBER,
        Kind::Record => SymbolKind::STRUCT,
        Kind::Field => SymbolKind::FIELD,
        Kind::Party => SymbolKind::INTERFACE,
        Kind::Measure => SymbolKind::CONSTANT,
        Kind::Definition => SymbolKind::VARIABLE,
        Kind::Determination => SymbolKind::FUNCTION,
        Kind::Obligation | Kind::Prohibition | Kind::Exception => SymbolKind::METHOD,
        Kind::Penalty => SymbolKind::EVENT,
        Kind::Extension => SymbolKind::INTERFACE,
        Kind::Implementation => SymbolKind::CLASS,
        Kind::Test => SymbolKind::FUNCTION,
    }
}
