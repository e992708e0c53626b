//! careerguide: a static site generator for career guides.
//!
//! The modules follow the data, and each imports only from its own layer or a lower one
//! (`tests/layers.rs` checks it; docs/architecture.md draws it):
//!
//! - foundation: [`diagnostics`], [`escape`], [`hash`], [`names`], [`paths`], [`sink`],
//!   [`timing`];
//! - the stages: [`load`] (with [`config`] and [`theme`]) walks `content/` and splits
//!   front-matter, [`model`] types each page by kind (with [`wages`], the data tables, and
//!   [`format`]), [`link`] resolves references and back-links, [`explore`] analyses the role
//!   graph, [`render`] turns Markdown ([`markdown`]) and Tera templates into HTML, [`search`]
//!   builds the client-side index, and [`output`] writes `public/` atomically;
//! - [`pipeline`], the one place that puts the stages in order;
//! - the commands over it: [`build`], [`check`] (with [`external`] for links to other sites),
//!   and [`serve`] with its engine [`incremental`];
//! - editors' tools: [`scaffold`] (`new` and `init`), [`schema`] (JSON Schemas from the
//!   front-matter types) and [`oews`] (importing wage tables from a BLS OEWS release).

// Diagnostics carry their source line and help text; they are returned rarely and boxing
// them everywhere would only add noise.
#![allow(clippy::result_large_err)]

/// A hash map for the build's hot lookups: foldhash with fixed seeds. The keys are the guide's
/// own names, paths, terms and numbers, nothing to defend against, and the standard SipHash
/// was a large part of every place that now uses this (see each use); fixed seeds keep any
/// iteration order the same from run to run.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// The set of [`FastMap`].
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

// Foundation: used by every layer below, and using none of them.
pub mod diagnostics;
pub mod escape;
pub mod hash;
pub mod names;
pub mod paths;
pub mod sink;
pub mod source_hosts;
pub mod timing;

// The pipeline's stages, in the order the data flows through them.
pub mod associations;
pub mod config;
pub mod datafile;
pub mod explore;
pub mod format;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod onet;
pub mod output;
pub mod pipeline;
pub mod projections;
pub mod render;
pub mod search;
pub mod theme;
pub mod wages;

// The commands, over the pipeline.
pub mod build;
pub mod check;
pub mod incremental;
pub mod serve;

// Editors' tools beside the pipeline: scaffolds, schemas, imports, link checking.
pub mod external;
pub mod oews;
pub mod scaffold;
pub mod schema;
