//! `okr`: lint, score and check in Objectives and Key Results kept as Markdown.
//!
//! Data flows one way: files are read ([`walk`]), parsed once into a
//! [`doc::Document`], analysed ([`lint`]), then rendered ([`render`]).

pub mod doc;
pub mod source;
