//! Explorer: the pages that show the guide as a whole rather than one page at a time, all
//! built from the roles' front-matter, nothing typed twice.
//!
//! - [`map`]: the career map (`/map/`, level × area, `next_roles` as arrows) and each role's
//!   neighbourhood map, laid out as SVG at build time;
//! - [`graph`]: the role graph and its shortest routes (`/routes/<from>/<to>/`);
//! - [`pages`]: the view models and rendering of the map, route, compare and salary pages,
//!   the compare data file, and what role pages add (routes from here, comparisons);
//! - [`pay`]: pay figures several roles share (one SOC code's figure), said wherever shown;
//! - [`assessment`]: the self-assessment an article may carry in its front-matter.
//!
//! The browser side (highlighting paths, the compare picker, sorting, scoring) is plain
//! JavaScript in `themes/default/static/assets/explorer.js` (logic, also run by `node --test`)
//! and `explorer-ui.js` (the page wiring); every page works without it.

pub mod assessment;
pub mod graph;
pub mod map;
pub mod pages;
pub mod pay;
