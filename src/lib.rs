//! `okr`: lint, score and check in Objectives and Key Results kept as Markdown.
//!
//! Data flows one way: files are read ([`workspace`]), parsed once into a
//! [`doc::Document`], analysed ([`lint`]), then rendered ([`render`]).

pub mod align;
pub mod cache;
pub mod checkin;
pub mod cli;
pub mod config;
pub mod doc;
pub mod edit;
pub mod files;
pub mod git;
pub mod govern;
pub mod history;
pub mod lint;
pub mod lsp;
pub mod metrics;
pub mod parallel;
pub mod readiness;
pub mod render;
pub mod report;
pub mod score;
pub mod source;
pub mod text;
pub mod trust;
pub mod workspace;
