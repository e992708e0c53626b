//! careerguide: a static site generator for career guides.
//!
//! The modules follow the data, and each imports only from its own layer or a lower one
//! (`tests/layers.rs` checks it; docs/architecture.md draws it). Lowest first:
//!
//! - foundation, used by the layers above and using none of them: [`diagnostics`],
//!   [`escape`], [`hash`], [`names`], [`paths`], [`sink`], [`timing`];
//! - load: [`load`] walks `content/` and splits and parses front-matter, with [`config`]
//!   (`site.yaml`), [`theme`] and [`source_hosts`] (hosts a guide may not cite);
//! - model: [`model`] types each page by kind, with [`format`] (numbers for humans), the data
//!   tables ([`datafile`], [`wages`], [`projections`], [`onet`]; the last two also import
//!   their releases) and [`schema`] (JSON Schemas from the types);
//! - link: [`link`] resolves references and back-links, with [`associations`];
//! - [`explore`] analyses the role graph (routes, map layout, shared pay);
//! - [`render`] turns Markdown ([`markdown`]) and Tera templates into HTML, the explorer's
//!   pages included;
//! - [`search`] builds the client-side index; [`output`] writes `public/` atomically;
//! - [`pipeline`], the one place that puts the stages in order;
//! - the commands over it: [`build`], [`check`] (with [`external`] for links to other sites),
//!   and [`serve`] with its engine [`incremental`];
//! - editors' tools beside them: [`scaffold`] (`new` and `init`) and [`oews`] (importing
//!   wage tables from a BLS OEWS release).

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

// Foundation: used by the layers above, using none of them.
pub mod diagnostics;
pub mod escape;
pub mod hash;
pub mod names;
pub mod paths;
pub mod sink;
pub mod timing;

// The pipeline's stages, in the order the data flows through them.
pub mod config;
pub mod load;
pub mod source_hosts;
pub mod theme;

pub mod datafile;
pub mod format;
pub mod model;
pub mod onet;
pub mod projections;
pub mod schema;
pub mod wages;

pub mod associations;
pub mod link;

pub mod explore;

pub mod markdown;
pub mod render;

pub mod search;

pub mod output;

// The one place that orders the stages.
pub mod pipeline;

// The commands, over the pipeline.
pub mod build;
pub mod check;
pub mod external;
pub mod incremental;
pub mod serve;

// Editors' tools beside the commands: scaffolds and the OEWS import.
pub mod oews;
pub mod scaffold;
