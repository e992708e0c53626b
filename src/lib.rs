//! careerguide: a static site generator for career guides.
//!
//! The modules follow the data: [`load`] walks `content/` and splits front-matter,
//! [`model`] types each page by kind, [`link`] resolves references and back-links,
//! [`render`] turns Markdown and Tera templates into HTML, [`search`] builds the client-side
//! index, and [`output`] writes `public/` atomically. [`build`] runs the whole pipeline; the
//! `serve` and `check` commands are built on it.
//!
//! The editors' toolkit: [`check`] (with [`external`] for links to other sites), [`scaffold`]
//! (`new` and `init`), [`schema`] (JSON Schemas generated from the front-matter types),
//! [`wages`] (the `data/wages/` tables roles take their salary from) and [`oews`] (importing
//! them from a BLS OEWS release).
//!
//! [`explore`] adds the career map, routes, comparisons, salary ranking and self-assessment,
//! built from the same front-matter.

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

pub mod build;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod escape;
pub mod explore;
pub mod external;
pub mod format;
pub mod incremental;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod oews;
pub mod onet;
pub mod output;
pub mod projections;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod wages;
