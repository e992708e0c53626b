//! Explorer: the pages that show the guide as a whole rather than one page at a time, all
//! built from the roles' front-matter, nothing typed twice.
//!
//! - [`map`]: the career map (`/map/`, level × area, `next_roles` as arrows) and each role's
//!   neighbourhood map, laid out as SVG at build time ([`map_stacked`]: the same, in one
//!   column for a phone);
//! - [`graph`]: the role graph and its shortest routes (`/routes/<from>/<to>/`);
//! - [`plan`]: which route and comparison pages a guide has, and what a role page shows of
//!   the graph;
//! - [`pay`]: pay figures several roles share (one SOC code's figure), said wherever shown.
//!
//! Analysis only: `render::explore` draws the explorer's pages from these, and the
//! self-assessment's types live in `model::assessment`.
//!
//! The browser side (highlighting paths, the compare picker, sorting, scoring) is plain
//! JavaScript in `themes/default/static/assets/explorer.js` (logic, also run by `node --test`)
//! and `explorer-ui.js` (the page wiring); every page works without it.

pub mod graph;
pub mod map;
pub mod map_stacked;
pub mod pay;
pub mod plan;
