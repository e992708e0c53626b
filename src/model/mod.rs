//! Model: typed pages, one front-matter type per kind.
//!
//! The folder a file sits in decides its [`Kind`]; its front-matter is deserialized into that
//! kind's type (`RoleFrontMatter`, `SettingFrontMatter`, …), which rejects unknown keys, and
//! then checked for what a type cannot say on its own: SOC codes, dates, salary percentiles
//! in order, safe URLs. Nothing here looks at other pages; references between pages are the
//! `link` stage's job.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

pub mod assessment;

use crate::diagnostics::Diagnostic;
use crate::load::{SourceFile, YamlErrors, parse_yaml};
use crate::names::{is_soc_code, is_valid_slug, suggest_slug};
use crate::paths::is_reserved;

/// What a page is, decided by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Home,
    Section,
    Article,
    Role,
    Setting,
    Certification,
    Education,
    Pathway,
}

impl Kind {
    /// The kinds whose folder decides them, with their folder names.
    pub const FOLDERS: [(Kind, &'static str); 5] = [
        (Kind::Role, "roles"),
        (Kind::Setting, "settings"),
        (Kind::Certification, "certifications"),
        (Kind::Education, "education"),
        (Kind::Pathway, "pathways"),
    ];

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Self::FOLDERS
            .iter()
            .find(|(_, f)| *f == folder)
            .map(|(k, _)| *k)
    }

    pub fn folder(self) -> Option<&'static str> {
        Self::FOLDERS
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Article => "article",
            Kind::Role => "role",
            Kind::Setting => "setting",
            Kind::Certification => "certification",
            Kind::Education => "education",
            Kind::Pathway => "pathway",
        }
    }

    /// How the kind is named in headings and facets.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Home => "Home",
            Kind::Section => "Section",
            Kind::Article => "Article",
            Kind::Role => "Role",
            Kind::Setting => "Work setting",
            Kind::Certification => "Certification",
            Kind::Education => "Education level",
            Kind::Pathway => "Pathway",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Home => "Home",
            Kind::Section => "Sections",
            Kind::Article => "Articles",
            Kind::Role => "Roles",
            Kind::Setting => "Work settings",
            Kind::Certification => "Certifications",
            Kind::Education => "Education levels",
            Kind::Pathway => "Pathways",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Career level of a role, lowest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Entry,
    Mid,
    Advanced,
    Executive,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Entry, Level::Mid, Level::Advanced, Level::Executive];

    pub fn slug(self) -> &'static str {
        match self {
            Level::Entry => "entry",
            Level::Mid => "mid",
            Level::Advanced => "advanced",
            Level::Executive => "executive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Entry => "Entry level",
            Level::Mid => "Mid-career",
            Level::Advanced => "Advanced",
            Level::Executive => "Executive",
        }
    }

    pub fn rank(self) -> usize {
        self as usize
    }
}

/// One professional body of `data/associations.yaml` (read and checked by `associations`).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Association {
    /// The body's full name.
    pub name: String,
    /// Its usual abbreviation (AHIMA).
    #[serde(default)]
    pub abbr: Option<String>,
    /// Its home page on its production site.
    pub url: String,
    /// One sentence: what a reader finds there.
    pub about: String,
    /// Slugs of the roles it concerns.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Career areas (site.yaml `areas`) whose roles it concerns.
    #[serde(default)]
    pub areas: Vec<String>,
}

/// Whether pay figures are per year or per hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PayPeriod {
    Annual,
    Hourly,
}

impl PayPeriod {
    /// The period as front-matter writes it (`annual`, `hourly`), for views and keys.
    pub fn name(self) -> &'static str {
        match self {
            PayPeriod::Annual => "annual",
            PayPeriod::Hourly => "hourly",
        }
    }
}

/// A value together with where it was written (1-based line and column within the YAML).
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            value: spanned.value,
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
        })
    }
}

/// A located value is written exactly like the value itself, so its schema is the value's.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A wage distribution (OEWS-style percentiles).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    /// ISO 4217 currency code.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Whether the figures are per year or per hour.
    pub period: PayPeriod,
    /// 10th percentile.
    #[serde(default)]
    pub p10: Option<f64>,
    /// 25th percentile.
    #[serde(default)]
    pub p25: Option<f64>,
    /// Median (50th percentile).
    pub median: f64,
    /// 75th percentile.
    #[serde(default)]
    pub p75: Option<f64>,
    /// 90th percentile.
    #[serde(default)]
    pub p90: Option<f64>,
    /// The data year, e.g. 2025 for OEWS May 2025.
    pub year: i32,
    /// Where the figures come from, e.g. "BLS OEWS May 2025, national, SOC 29-2072".
    pub source: String,
}

fn default_currency() -> String {
    "USD".to_string()
}

impl Salary {
    /// The percentiles that are present, as (label, value), lowest first.
    pub fn points(&self) -> Vec<(&'static str, f64)> {
        [
            ("p10", self.p10),
            ("p25", self.p25),
            ("median", Some(self.median)),
            ("p75", self.p75),
            ("p90", self.p90),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// An employment projection, with the label its source published.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outlook {
    /// Projected change in employment over `period`, in percent.
    #[serde(default)]
    pub growth_pct: Option<f64>,
    /// The projection period, e.g. "2024–34".
    pub period: String,
    /// Projected openings each year.
    #[serde(default)]
    pub openings_per_year: Option<u64>,
    /// The label the source published, e.g. "Faster than average".
    #[serde(default)]
    pub label: Option<String>,
    /// Where the projection comes from.
    pub source: String,
}

/// What a role page shows from the O*NET database in `data/onet/` (each `false` unless set).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnetChoice {
    /// The O*NET-SOC code to show, e.g. "15-1211.01"; default the role's soc with ".00".
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{2}-\d{4}\.\d{2}$"))]
    pub code: Option<String>,
    /// Show O*NET's task statements (core tasks first).
    #[serde(default)]
    pub tasks: bool,
    /// Show the technology skills, marking hot technologies.
    #[serde(default)]
    pub technology: bool,
    /// Show related occupations: those in the guide as links, the others with their O*NET page.
    #[serde(default)]
    pub related: bool,
    /// Let search find the role by O*NET's alternate titles (they are not shown on the page).
    #[serde(default)]
    pub alternate_titles: bool,
    /// At most this many tasks and technology skills (default 12).
    #[serde(default)]
    pub limit: Option<u32>,
    /// The alternate titles, filled in from data/onet/ when `alternate_titles` is set.
    #[serde(skip)]
    #[schemars(skip)]
    pub search_titles: Vec<String>,
}

impl OnetChoice {
    /// The O*NET-SOC code shown for a role with SOC code `soc`.
    pub fn code_for(&self, soc: &str) -> String {
        self.code.clone().unwrap_or_else(|| format!("{soc}.00"))
    }
}

/// Exam facts of a certification.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exam {
    /// Number of questions.
    #[serde(default)]
    pub questions: Option<u32>,
    /// Time allowed, in minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Exam fee in US dollars.
    #[serde(default)]
    pub fee_usd: Option<u32>,
}

/// How a certification is kept current.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    /// Continuing-education hours per cycle.
    #[serde(default)]
    pub ce_hours: Option<u32>,
    /// Length of a cycle, in years.
    #[serde(default)]
    pub years: Option<u32>,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The publication's name.
    #[schemars(length(min = 1, max = 300))]
    pub title: String,
    /// A full https:// address.
    #[serde(default)]
    pub url: Option<String>,
    /// Year of publication or of the data.
    #[serde(default)]
    pub year: Option<i32>,
}

/// The keys every kind of page takes.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub title: String,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub updated: Option<Located<String>>,
    pub tags: Vec<Located<String>>,
    pub sources: Vec<SourceRef>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys every kind of page takes, in the order they are declared.
pub const COMMON_KEYS: [&str; 9] = [
    "title",
    "description",
    "summary",
    "weight",
    "draft",
    "updated",
    "tags",
    "sources",
    "extra",
];

/// Declares a kind's front-matter type (common keys plus the kind's own, unknown keys
/// refused) and the facts type that keeps only the kind's own keys. Written as a macro so the
/// common keys are declared once yet each kind stays a plain struct that serde can locate
/// errors in (`#[serde(flatten)]` would lose both `deny_unknown_fields` and locations).
/// The doc comments become the descriptions of the JSON Schema editors validate against.
macro_rules! front_matter {
    ($(#[$doc:meta])* $fm:ident => $facts:ident { $( $(#[$attr:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $fm {
            /// The page's title (required).
            #[schemars(length(min = 1, max = 150))]
            pub title: String,
            /// One or two sentences for search engines and link previews.
            #[serde(default)]
            pub description: Option<String>,
            /// One or two sentences shown on cards, in lists and in search results.
            #[serde(default)]
            pub summary: Option<String>,
            /// Sort order inside lists: lower first, ties sort by title.
            #[serde(default)]
            pub weight: Option<i64>,
            /// Leave the page out of the site unless built with --drafts.
            #[serde(default)]
            pub draft: bool,
            /// When the page was last reviewed, as YYYY-MM-DD.
            #[serde(default)]
            #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
            pub updated: Option<Located<String>>,
            /// Free topic tags; each tag gets a list page.
            #[serde(default)]
            pub tags: Vec<Located<String>>,
            /// Where the page's facts come from.
            #[serde(default)]
            pub sources: Vec<SourceRef>,
            /// Anything custom, handed to templates as it is.
            #[serde(default)]
            pub extra: Option<serde_json::Map<String, serde_json::Value>>,
            $( $(#[$attr])* pub $field: $ty, )*
        }

        impl $fm {
            /// The kind's own keys, in the order they are declared.
            pub const KIND_KEYS: &'static [&'static str] = &[$( stringify!($field) ),*];
        }

        /// The kind's own keys, without the common ones.
        #[derive(Debug, Clone)]
        pub struct $facts {
            $( pub $field: $ty, )*
        }

        impl $fm {
            pub fn into_parts(self) -> (Common, $facts) {
                (
                    Common {
                        title: self.title,
                        description: self.description,
                        summary: self.summary,
                        weight: self.weight,
                        draft: self.draft,
                        updated: self.updated,
                        tags: self.tags,
                        sources: self.sources,
                        extra: self.extra.unwrap_or_default(),
                    },
                    $facts { $( $field: self.$field, )* },
                )
            }
        }
    };
}

front_matter! {
    /// Front-matter of a role page (`content/roles/`).
    RoleFrontMatter => RoleFacts {
        /// Career level: entry, mid, advanced or executive.
        level: Level,
        /// Typical education to enter the role: the file name of a page in content/education/.
        #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
        education: Located<String>,
        /// Other job titles for the same work.
        #[serde(default)]
        also_called: Vec<String>,
        /// Career area: one of the `areas` slugs in site.yaml.
        #[serde(default)]
        #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
        area: Option<Located<String>>,
        /// The 2018 Standard Occupational Classification code that best fits, e.g. "29-2072"; with data/wages/ it supplies the salary.
        #[serde(default)]
        #[schemars(regex(pattern = r"^\d{2}-\d{4}$"))]
        soc: Option<Located<String>>,
        /// Experience usually asked for, e.g. "2–4 years as a coder".
        #[serde(default)]
        experience: Option<String>,
        /// Where the role is found: file names of pages in content/settings/.
        #[serde(default)]
        #[schemars(inner(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")))]
        settings: Vec<Located<String>>,
        /// Credentials that matter: file names of pages in content/certifications/.
        #[serde(default)]
        #[schemars(inner(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")))]
        certifications: Vec<Located<String>>,
        /// Where people in this role usually go next: file names of pages in content/roles/.
        #[serde(default)]
        #[schemars(inner(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$")))]
        next_roles: Vec<Located<String>>,
        /// Whether the role is commonly done remotely.
        #[serde(default)]
        remote: Option<bool>,
        /// Wage distribution; leave it out to take the figures from data/wages/<soc>.csv.
        #[serde(default)]
        salary: Option<Salary>,
        /// Employment projection; leave it out to take it from data/projections.csv.
        #[serde(default)]
        outlook: Option<Outlook>,
        /// What the page shows from O*NET (data/onet/): nothing unless asked, e.g. {tasks: true, technology: true}.
        #[serde(default)]
        onet: Option<OnetChoice>,
    }
}

front_matter! {
    /// Front-matter of a work setting (`content/settings/`).
    SettingFrontMatter => SettingFacts {
        /// NAICS industry codes, e.g. ["622"].
        #[serde(default)]
        naics: Vec<String>,
    }
}

front_matter! {
    /// Front-matter of a certification (`content/certifications/`).
    CertificationFrontMatter => CertificationFacts {
        /// The credential's letters, e.g. "RHIT".
        #[schemars(length(min = 1))]
        abbr: String,
        /// Who awards it, e.g. "AHIMA".
        #[schemars(length(min = 1))]
        issuer: String,
        /// The issuer's page for the credential (https://).
        #[serde(default)]
        issuer_url: Option<Located<String>>,
        /// Each way to qualify, one per item.
        #[serde(default)]
        eligibility: Vec<String>,
        /// Exam facts: questions, minutes and fee_usd.
        #[serde(default)]
        exam: Option<Exam>,
        /// Continuing-education hours per cycle of years.
        #[serde(default)]
        renewal: Option<Renewal>,
        /// The education the credential usually needs: a file name in content/education/.
        #[serde(default)]
        #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
        education: Option<Located<String>>,
    }
}

front_matter! {
    /// Front-matter of an education level (`content/education/`).
    EducationFrontMatter => EducationFacts {
        /// Ranks the levels: certificate 1, associate 2, bachelor 3, master 4.
        order: i64,
        /// How long it usually takes, e.g. "About 2 years full time".
        #[serde(default)]
        duration: Option<String>,
    }
}

front_matter! {
    /// Front-matter of a pathway between two roles (`content/pathways/`).
    PathwayFrontMatter => PathwayFacts {
        /// The role the move starts from: a file name in content/roles/.
        #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
        from: Located<String>,
        /// The role it leads to: a file name in content/roles/.
        #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
        to: Located<String>,
        /// How long the move usually takes, e.g. "2–3 years".
        #[serde(default)]
        typical_time: Option<String>,
        /// What to do, in order.
        #[serde(default)]
        steps: Vec<String>,
    }
}

front_matter! {
    /// Front-matter of the home page and section pages.
    PlainFrontMatter => PlainFacts {}
}

front_matter! {
    /// Front-matter of an article: the common keys and an optional self-assessment.
    ArticleFrontMatter => ArticleFacts {
        #[serde(default)]
        assessment: Option<Located<assessment::Assessment>>,
    }
}

/// The kind-specific facts of a page.
#[derive(Debug, Clone)]
pub enum Facts {
    Role(Box<RoleFacts>),
    Setting(SettingFacts),
    Certification(Box<CertificationFacts>),
    Education(EducationFacts),
    Pathway(PathwayFacts),
    Article(Box<ArticleFacts>),
    Plain,
}

/// One page of the guide, typed and checked on its own.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    /// For a section, the kind of page it lists (`Role` for `roles/_index.md`), or `Article`.
    pub lists: Option<Kind>,
    pub slug: String,
    /// Site path without a leading slash: `roles/medical-coder/` (`""` for the home page).
    pub path: String,
    /// The site path of the section this page belongs to (`roles/`), if any.
    pub parent: Option<String>,
    pub source: SourceFile,
    pub common: Common,
    pub facts: Facts,
    /// Generated (no file): an implicit section for a folder without `_index.md`.
    pub generated: bool,
    /// The front-matter keys left out because their values were wrong (see
    /// [`parse_page_or_rest`]); empty for a page that typed whole. Such a page is only ever
    /// linked to check its references, never rendered.
    pub left_out: Vec<String>,
}

impl Page {
    pub fn title(&self) -> &str {
        &self.common.title
    }

    pub fn role(&self) -> Option<&RoleFacts> {
        match &self.facts {
            Facts::Role(r) => Some(r),
            _ => None,
        }
    }

    /// An article's self-assessment, if it has one.
    pub fn assessment(&self) -> Option<&Located<assessment::Assessment>> {
        match &self.facts {
            Facts::Article(a) => a.assessment.as_ref(),
            _ => None,
        }
    }

    /// The sort key used by every list: weight, then title, then path.
    pub fn sort_key(&self) -> (i64, String, String) {
        (
            self.common.weight.unwrap_or(0),
            self.common.title.to_lowercase(),
            self.path.clone(),
        )
    }
}

/// Where a front-matter value sits in the whole file.
fn locate(source: &SourceFile, line: usize, column: usize) -> (usize, usize) {
    (line + source.front_matter_line - 1, column.max(1))
}

/// A diagnostic pointing at a located front-matter value.
pub fn at_value<T>(
    source: &SourceFile,
    value: &Located<T>,
    d: Diagnostic,
    span_chars: usize,
) -> Diagnostic {
    let (line, column) = locate(source, value.line, value.column);
    d.in_file(source.display.clone())
        .at(&source.text, line, column, span_chars)
}

/// A diagnostic pointing at the line of the top-level `key:` in the front-matter, or at the
/// opening fence if the key is not there.
pub fn at_key(source: &SourceFile, key: &str, d: Diagnostic) -> Diagnostic {
    let yaml = source.yaml();
    let prefix = format!("{key}:");
    let line = yaml
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + source.front_matter_line)
        .unwrap_or(1);
    let span = if line == 1 { 3 } else { key.chars().count() };
    d.in_file(source.display.clone())
        .at(&source.text, line, 1, span)
}

/// A diagnostic pointing at where the value of the top-level `key:` starts: after the key on
/// its line, or on the first line below it for a block. For values read without their place
/// (`salary`: a located mapping cost more to parse than the rest of the front-matter).
pub fn at_key_value(
    source: &SourceFile,
    key: &str,
    d: Diagnostic,
    span_chars: usize,
) -> Diagnostic {
    let prefix = format!("{key}:");
    let is_blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    let mut lines = source.yaml().lines().enumerate();
    let Some((k, key_line)) = lines.find(|(_, l)| l.starts_with(&prefix)) else {
        return at_key(source, key, d);
    };
    let rest = &key_line[prefix.len()..];
    let (index, column) = if is_blank(rest) {
        match lines.find(|(_, l)| !is_blank(l)) {
            Some((j, l)) => (j, l.len() - l.trim_start_matches(' ').len() + 1),
            None => return at_key(source, key, d),
        }
    } else {
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        (k, prefix.chars().count() + spaces + 1)
    };
    d.in_file(source.display.clone()).at(
        &source.text,
        index + source.front_matter_line,
        column,
        span_chars,
    )
}

/// A diagnostic underlining the one-line value of the top-level `key:` (`""` of `issuer: ""`),
/// or pointing just after the colon when nothing is written there: where the fix goes, like
/// every other bad-value error. For values read without their place.
fn at_scalar_value(source: &SourceFile, key: &str, d: Diagnostic) -> Diagnostic {
    let prefix = format!("{key}:");
    let Some((i, line)) = source
        .yaml()
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(&prefix))
    else {
        return at_key(source, key, d);
    };
    let (column, span) = crate::diagnostics::value_place(line, prefix.len());
    d.in_file(source.display.clone())
        .at(&source.text, i + source.front_matter_line, column, span)
}

/// A diagnostic underlining the value of `field` inside the top-level `salary:` (a block
/// below it or a `{…}` on its line); where the field is not written (a default), the start
/// of the salary's value.
fn at_salary_field(source: &SourceFile, field: &str, d: Diagnostic) -> Diagnostic {
    let yaml = source.yaml();
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("salary:")) else {
        return at_key_value(source, "salary", d, 6);
    };
    let end = (start + 1..lines.len())
        .find(|&i| {
            lines[i]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '}')
        })
        .unwrap_or(lines.len());
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        // The field as a key: at the start of a block line, or after `{` or `,` in a flow.
        let hit = line.match_indices(&format!("{field}:")).find(|(b, _)| {
            let before = line[..*b].trim_end();
            before.is_empty() || before.ends_with(['{', ',']) || (i == start && before == "salary:")
        });
        if let Some((b, _)) = hit {
            let after = &line[b + field.len() + 1..];
            let value = after.trim_start();
            let len = value
                .find([',', '}', '#'])
                .map_or(value.trim_end().len(), |e| value[..e].trim_end().len());
            let column = line[..b + field.len() + 1 + (after.len() - value.len())]
                .chars()
                .count()
                + 1;
            return d.in_file(source.display.clone()).at(
                &source.text,
                i + source.front_matter_line,
                column,
                value[..len].chars().count().max(1),
            );
        }
    }
    at_key_value(source, "salary", d, 6)
}

/// Where a page sits, from its path under `content/`.
struct Placement {
    kind: Kind,
    lists: Option<Kind>,
    slug: String,
    path: String,
    parent: Option<String>,
}

fn place(source: &SourceFile) -> Result<Placement, Diagnostic> {
    let parts: Vec<&str> = source.content_path.split('/').collect();
    let (dirs, file) = parts.split_at(parts.len() - 1);
    let file = file.first().copied().unwrap_or("");
    let stem = file.strip_suffix(".md").unwrap_or(file);
    for dir in dirs {
        if !is_valid_slug(dir) {
            return Err(Diagnostic::error(
                "bad-slug",
                format!("the folder name `{dir}` cannot be part of a web address"),
            )
            .in_file(source.display.clone())
            .help(format!(
                "rename the folder to `{}` (lower-case letters, digits and hyphens only)",
                suggest_slug(dir)
            )));
        }
    }
    let section_path = |dirs: &[&str]| -> String {
        if dirs.is_empty() {
            String::new()
        } else {
            format!("{}/", dirs.join("/"))
        }
    };
    let top_kind = dirs.first().and_then(|d| Kind::from_folder(d));
    if stem == "_index" {
        if dirs.is_empty() {
            return Ok(Placement {
                kind: Kind::Home,
                lists: None,
                slug: String::new(),
                path: String::new(),
                parent: None,
            });
        }
        if let Some(kind) = top_kind
            && dirs.len() > 1
        {
            return Err(Diagnostic::error(
                "nested-section",
                format!("a section page inside content/{}/ is not supported", kind.folder().unwrap_or("")),
            )
            .in_file(source.display.clone())
            .help(format!("only content/{}/_index.md lists these pages; subfolders are just for organising files", kind.folder().unwrap_or(""))));
        }
        let slug = dirs.last().copied().unwrap_or("").to_string();
        let parent = Some(section_path(&dirs[..dirs.len() - 1]));
        return Ok(Placement {
            kind: Kind::Section,
            lists: Some(top_kind.unwrap_or(Kind::Article)),
            slug,
            path: section_path(dirs),
            parent,
        });
    }
    if !is_valid_slug(stem) {
        return Err(Diagnostic::error("bad-slug", format!("the file name `{file}` cannot be used as a page address"))
            .in_file(source.display.clone())
            .help(format!(
                "rename the file to `{}.md`: the file name is the page's slug, which uses lower-case letters, digits and hyphens only",
                suggest_slug(stem)
            )));
    }
    match top_kind {
        Some(kind) => Ok(Placement {
            kind,
            lists: None,
            slug: stem.to_string(),
            path: format!("{}/{}/", kind.folder().unwrap_or(""), stem),
            parent: Some(format!("{}/", kind.folder().unwrap_or(""))),
        }),
        None => {
            if dirs.is_empty() && is_reserved(stem) {
                return Err(Diagnostic::error(
                    "reserved-path",
                    format!("`/{stem}/` is a page the generator writes itself"),
                )
                .in_file(source.display.clone())
                .help(format!("rename the file, e.g. `{stem}-guide.md`")));
            }
            Ok(Placement {
                kind: Kind::Article,
                lists: None,
                slug: stem.to_string(),
                path: format!("{}{}/", section_path(dirs), stem),
                parent: Some(section_path(dirs)),
            })
        }
    }
}

/// The kind and slug a content path would have, for pages that failed to load.
pub fn kind_and_slug(content_path: &str) -> Option<(Kind, String)> {
    let (folder, rest) = content_path.split_once('/')?;
    let kind = Kind::from_folder(folder)?;
    let file = rest.rsplit('/').next()?;
    let stem = file.strip_suffix(".md")?;
    (stem != "_index").then(|| (kind, stem.to_string()))
}

/// Types and checks one page. Returns every problem found in it.
pub fn parse_page(source: SourceFile) -> Result<Page, Vec<Diagnostic>> {
    match parse_page_or_rest(source) {
        (Some(page), problems) if !problems.iter().any(Diagnostic::is_error) => Ok(page),
        (_, problems) => Err(problems),
    }
}

/// [`parse_page`], and with its problems the page as far as it types: without the keys whose
/// values had the wrong type, and with the values that failed the page's own checks (a bad
/// date, an empty title). A build still links it, so that its references to other pages and
/// its Markdown links are checked in the same run; its errors stop the build before rendering.
pub fn parse_page_or_rest(source: SourceFile) -> (Option<Page>, Vec<Diagnostic>) {
    let placement = match place(&source) {
        Ok(p) => p,
        Err(d) => return (None, vec![d]),
    };
    if let Some(first) = source.content_path.split('/').next()
        && source.content_path.contains('/')
        && is_reserved(first)
    {
        return (
            None,
            vec![
                Diagnostic::error(
                    "reserved-path",
                    format!("`/{first}/` is a folder the generator writes itself"),
                )
                .in_file(source.display.clone())
                .help(format!("rename the folder content/{first}/")),
            ],
        );
    }
    let (common, facts, mut problems, left_out) = match typed_front_matter(&source, placement.kind)
    {
        Ok((common, facts)) => (common, facts, Vec::new(), Vec::new()),
        // The keys with problems left out, the rest of the page is still checked below.
        Err(YamlErrors {
            diagnostics,
            rest: Some((common, facts)),
            left_out,
        }) => (common, facts, diagnostics, left_out),
        Err(YamlErrors {
            diagnostics,
            rest: None,
            ..
        }) => return (None, diagnostics),
    };
    let page = Page {
        kind: placement.kind,
        lists: placement.lists,
        slug: placement.slug,
        path: placement.path,
        parent: placement.parent,
        source,
        common,
        facts,
        generated: false,
        left_out,
    };
    problems.extend(check_page(&page));
    (Some(page), problems)
}

/// A page's front-matter typed as its kind's, split into what every page has and its facts.
fn typed_front_matter(
    source: &SourceFile,
    kind: Kind,
) -> Result<(Common, Facts), YamlErrors<(Common, Facts)>> {
    fn typed<T: serde::de::DeserializeOwned>(
        source: &SourceFile,
        parts: impl Fn(T) -> (Common, Facts),
    ) -> Result<(Common, Facts), YamlErrors<(Common, Facts)>> {
        let (d, t, l) = (&source.display, &source.text, source.front_matter_line);
        parse_yaml::<T>(source.yaml(), d, t, l)
            .map(&parts)
            .map_err(|e| e.map(&parts))
    }
    match kind {
        Kind::Role => typed(source, |m: RoleFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Role(Box::new(f)))
        }),
        Kind::Setting => typed(source, |m: SettingFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Setting(f))
        }),
        Kind::Certification => typed(source, |m: CertificationFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Certification(Box::new(f)))
        }),
        Kind::Education => typed(source, |m: EducationFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Education(f))
        }),
        Kind::Pathway => typed(source, |m: PathwayFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Pathway(f))
        }),
        Kind::Article => typed(source, |m: ArticleFrontMatter| {
            let (c, f) = m.into_parts();
            (c, Facts::Article(Box::new(f)))
        }),
        Kind::Home | Kind::Section => typed(source, |m: PlainFrontMatter| {
            let (c, _) = m.into_parts();
            (c, Facts::Plain)
        }),
    }
}

/// Checks what a type alone cannot: formats, ranges, order, safe URLs.
pub fn check_page(page: &Page) -> Vec<Diagnostic> {
    let src = &page.source;
    let mut out = Vec::new();
    let c = &page.common;
    if let Some(p) = title_problem(&c.title, MAX_TITLE_CHARS) {
        let help = match p {
            TitleProblem::Empty => "write the page's title after `title:`",
            TitleProblem::TooLong { .. } => {
                "keep the title short (it is the page's heading and the browser tab's name); move the rest into `summary` or the page's text"
            }
        };
        out.push(at_scalar_value(
            src,
            "title",
            Diagnostic::error(p.code(), p.message("the title")).help(help),
        ));
    }
    if let Some(updated) = &c.updated
        && let Err(why) = check_date(&updated.value)
    {
        out.push(at_value(
            src,
            updated,
            Diagnostic::error(
                "bad-date",
                format!("`{}` is not a date: {why}", updated.value),
            )
            .help("write dates as YYYY-MM-DD, e.g. 2026-11-22"),
            updated.value.chars().count(),
        ));
    }
    for tag in &c.tags {
        if slug::slugify(&tag.value).is_empty() {
            out.push(at_value(
                src,
                tag,
                Diagnostic::error("bad-tag", "this tag has no letters or digits")
                    .help("write a word or two, e.g. `remote`"),
                tag.value.chars().count(),
            ));
        }
    }
    for s in &c.sources {
        if let Some(url) = &s.url
            && let Err(why) = check_external_url(url)
        {
            out.push(at_key(
                src,
                "sources",
                Diagnostic::error(
                    "bad-url",
                    format!(
                        "the source `{}` has an unusable url `{url}`: {why}",
                        s.title
                    ),
                )
                .help("use a full https:// address"),
            ));
        }
        if let Some(p) = title_problem(&s.title, MAX_SOURCE_TITLE_CHARS) {
            let (message, help) = match p {
                TitleProblem::Empty => (
                    "a source has an empty title".to_string(),
                    "name the publication, e.g. \"BLS Occupational Outlook Handbook\"",
                ),
                TitleProblem::TooLong { .. } => (
                    p.message("a source's title"),
                    "name the publication only, e.g. \"BLS Occupational Outlook Handbook\"; its address goes in `url`",
                ),
            };
            out.push(at_key(
                src,
                "sources",
                Diagnostic::error(p.code(), message).help(help),
            ));
        }
    }
    match &page.facts {
        Facts::Role(role) => check_role(page, role, &mut out),
        Facts::Certification(cert) => {
            if let Some(url) = &cert.issuer_url
                && let Err(why) = check_external_url(url)
            {
                out.push(at_value(
                    src,
                    url,
                    Diagnostic::error(
                        "bad-url",
                        format!("`{}` is not a usable link: {why}", url.value),
                    )
                    .help("use a full https:// address"),
                    url.value.chars().count(),
                ));
            }
            if cert.issuer.trim().is_empty() {
                out.push(at_scalar_value(
                    src,
                    "issuer",
                    Diagnostic::error("empty-value", "the issuer is empty")
                        .help("write who awards the credential, e.g. AHIMA"),
                ));
            }
            if cert.abbr.trim().is_empty() {
                out.push(at_scalar_value(
                    src,
                    "abbr",
                    Diagnostic::error("empty-value", "the abbreviation is empty")
                        .help("write the credential's letters, e.g. RHIT"),
                ));
            }
        }
        Facts::Article(a) => {
            if let Some(assessment) = &a.assessment {
                out.extend(assessment::check(src, assessment));
            }
        }
        Facts::Pathway(p)
            if p.from.value == p.to.value
                && !page.left_out.iter().any(|k| k == "from" || k == "to") =>
        {
            out.push(at_value(
                src,
                &p.to,
                Diagnostic::error("self-reference", "a pathway must lead to a different role")
                    .help("set `to` to the role this move leads to"),
                p.to.value.chars().count(),
            ));
        }
        _ => {}
    }
    out
}

fn check_role(page: &Page, role: &RoleFacts, out: &mut Vec<Diagnostic>) {
    let src = &page.source;
    if let Some(soc) = &role.soc
        && !is_soc_code(&soc.value)
    {
        out.push(at_value(
            src,
            soc,
            Diagnostic::error("bad-soc", format!("`{}` is not a SOC code", soc.value))
                .label("expected NN-NNNN")
                .help("write the 2018 SOC code in quotes with its hyphen, e.g. soc: \"29-2072\""),
            soc.value.chars().count(),
        ));
    }
    for next in &role.next_roles {
        if next.value == page.slug {
            out.push(at_value(
                src,
                next,
                Diagnostic::error("self-reference", "a role cannot be its own next role")
                    .help("remove this line from next_roles"),
                next.value.chars().count(),
            ));
        }
    }
    for (key, list) in [
        ("settings", &role.settings),
        ("certifications", &role.certifications),
        ("next_roles", &role.next_roles),
    ] {
        let mut seen = std::collections::HashSet::new();
        for item in list {
            if !seen.insert(item.value.as_str()) {
                out.push(at_value(
                    src,
                    item,
                    Diagnostic::error(
                        "duplicate-entry",
                        format!("`{}` is listed twice in {key}", item.value),
                    )
                    .help("remove one of the two"),
                    item.value.chars().count(),
                ));
            }
        }
    }
    if let Some(s) = &role.salary {
        // Each problem underlines the value that is wrong (`field` of the salary).
        let bad = |field: &str, msg: String, help: &str| {
            at_salary_field(
                src,
                field,
                Diagnostic::error("bad-salary", msg).help(help.to_string()),
            )
        };
        if s.currency.len() != 3 || !s.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push(bad(
                "currency",
                format!("`{}` is not a currency code", s.currency),
                "use an ISO 4217 code such as USD",
            ));
        }
        let points = s.points();
        if let Some((field, _)) = points.iter().find(|(_, v)| !v.is_finite() || *v <= 0.0) {
            out.push(bad(
                field,
                "salary figures must be positive numbers".into(),
                "write each percentile as a plain number, e.g. 51140",
            ));
        }
        for pair in points.windows(2) {
            if pair[1].1 < pair[0].1 {
                out.push(bad(
                    pair[1].0,
                    format!(
                        "salary percentiles go down: {} is {} but {} is {}",
                        pair[0].0, pair[0].1, pair[1].0, pair[1].1
                    ),
                    "percentiles must not decrease from p10 to p90; check for swapped figures",
                ));
            }
        }
        if !(1990..=2100).contains(&s.year) {
            out.push(bad(
                "year",
                format!("salary year {} is out of range", s.year),
                "write the data year, e.g. 2025 for OEWS May 2025",
            ));
        }
        if s.source.trim().is_empty() {
            out.push(bad(
                "source",
                "salary figures need a source".into(),
                "name the source, e.g. \"BLS OEWS May 2025, national, SOC 29-2072\"",
            ));
        }
    }
    if let Some(o) = &role.outlook {
        if o.period.trim().is_empty() || o.source.trim().is_empty() {
            out.push(at_key(
                src,
                "outlook",
                Diagnostic::error("bad-outlook", "an outlook needs its period and source")
                    .help("add `period: \"2024–34\"` and `source: …`"),
            ));
        }
        if o.growth_pct.is_some_and(|g| !g.is_finite()) {
            out.push(at_key(
                src,
                "outlook",
                Diagnostic::error("bad-outlook", "growth_pct must be a number"),
            ));
        }
    }
}

pub use crate::names::{
    MAX_SOURCE_TITLE_CHARS, MAX_TITLE_CHARS, TitleProblem, check_title, title_problem, url_problem,
};

/// A real calendar date written `YYYY-MM-DD`.
pub fn check_date(s: &str) -> Result<jiff::civil::Date, String> {
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return Err("expected YYYY-MM-DD".into());
    }
    s.parse::<jiff::civil::Date>().map_err(|e| {
        let msg = e.to_string();
        if msg.contains("day") {
            "that day does not exist in that month".to_string()
        } else if msg.contains("month") {
            "the month must be 01 to 12".to_string()
        } else {
            "expected YYYY-MM-DD".to_string()
        }
    })
}

/// Links to other sites must be http(s); `javascript:` and friends are refused.
pub fn check_external_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url.trim()).map_err(url_problem)?;
    match parsed.scheme() {
        "http" | "https" => Ok(()),
        other => Err(format!(
            "`{other}:` links are not allowed; use http:// or https://"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::split_page;
    use std::path::PathBuf;

    fn page(path: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
        let src = split_page(
            text.to_string(),
            PathBuf::from(format!("content/{path}")),
            path.to_string(),
        )
        .map_err(|d| vec![d])?;
        parse_page(src)
    }

    /// A bad salary underlines the value that is wrong, in a `{…}` or in a block.
    #[test]
    fn a_bad_salary_underlines_the_wrong_value() {
        let role = "title: X\nlevel: entry\neducation: associate\n";
        let underlined = |text: &str| -> Vec<(usize, String)> {
            let errs = page("roles/x.md", text).err().unwrap_or_default();
            errs.iter()
                .filter(|d| d.code == "bad-salary")
                .map(|d| {
                    let line = d.source_line.clone().unwrap_or_default();
                    let shown: String =
                        line.chars().skip(d.column - 1).take(d.span_chars).collect();
                    (d.line, shown)
                })
                .collect()
        };
        assert_eq!(
            underlined(&format!(
                "---\n{role}salary:   {{period: annual, median: 0, year: 2025, source: S}}\n---\n"
            )),
            [(5, "0".to_string())]
        );
        assert_eq!(
            underlined(&format!(
                "---\n{role}salary:\n  # BLS\n  period: annual\n  p10: 900\n  median: 800\n  year: 1890\n  source: S\n---\n"
            )),
            [(9, "800".to_string()), (10, "1890".to_string())]
        );
    }

    /// A wrong value does not hide the page's other problems: the later checks still run
    /// on the keys that typed.
    #[test]
    fn a_wrong_value_does_not_hide_the_rest_of_the_page_problems() {
        let errs = page(
            "roles/x.md",
            "---\ntitle: X\nlevel: entry\neducation: associate\nremote: maybe   # true or false\nsettings: hospitals\nsalary: {period: annual, median: 0, year: 2025, source: S}\n---\n",
        )
        .err()
        .unwrap_or_default();
        let found: Vec<_> = errs.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            found,
            [("yaml", 5), ("yaml", 6), ("bad-salary", 7)],
            "{errs:?}"
        );
        // A required key with a wrong value is left out too, but then the page cannot be
        // typed: its other wrong values are still reported.
        let errs = page(
            "roles/x.md",
            "---\ntitle: X\nlevel: entyr\neducation: associate\nremote: maybe\n---\n",
        )
        .err()
        .unwrap_or_default();
        let found: Vec<_> = errs.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(found, [("bad-value", 3), ("yaml", 5)], "{errs:?}");
        // The value, not the comment after it, is underlined.
        assert_eq!(errs[0].to_string().matches('^').count(), 5, "{}", errs[0]);
    }

    #[test]
    fn folder_decides_kind_and_path() {
        let p = page(
            "roles/medical-coder.md",
            "---\ntitle: Coder\nlevel: entry\neducation: certificate\n---\n",
        )
        .unwrap();
        assert_eq!(p.kind, Kind::Role);
        assert_eq!(p.path, "roles/medical-coder/");
        let s = page("roles/_index.md", "---\ntitle: Roles\n---\n").unwrap();
        assert_eq!(
            (s.kind, s.lists, s.path.as_str()),
            (Kind::Section, Some(Kind::Role), "roles/")
        );
        let h = page("_index.md", "---\ntitle: Home\n---\n").unwrap();
        assert_eq!((h.kind, h.path.as_str()), (Kind::Home, ""));
        let a = page("articles/what-is-him.md", "---\ntitle: What\n---\n").unwrap();
        assert_eq!(
            (a.kind, a.path.as_str()),
            (Kind::Article, "articles/what-is-him/")
        );
    }

    #[test]
    fn role_keys_are_checked() {
        let err = page(
            "roles/x.md",
            "---\ntitle: X\nlevel: senior\neducation: certificate\n---\n",
        )
        .unwrap_err();
        assert_eq!(err[0].code, "bad-value");
        assert_eq!((err[0].line, err[0].column), (3, 8));
        let err = page("roles/x.md", "---\ntitle: X\nlevel: entry\n---\n").unwrap_err();
        assert_eq!(err[0].code, "missing-key");
        assert!(err[0].message.contains("education"));
    }

    #[test]
    fn bad_soc_dates_and_salary_order_are_all_reported() {
        let err = page(
            "roles/x.md",
            "---\ntitle: X\nlevel: entry\neducation: a\nsoc: \"292072\"\nupdated: 2026-02-30\nsalary: {period: annual, p10: 50000, median: 40000, year: 2025, source: BLS}\n---\n",
        )
        .unwrap_err();
        let codes: Vec<_> = err.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["bad-date", "bad-soc", "bad-salary"]);
        assert_eq!((err[1].line, err[1].column), (5, 6));
    }

    #[test]
    fn file_names_must_be_slugs() {
        let err = page("roles/Medical Coder.md", "---\ntitle: X\n---\n").unwrap_err();
        assert_eq!(err[0].code, "bad-slug");
        assert!(
            err[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("medical-coder.md")
        );
        let err = page("search.md", "---\ntitle: X\n---\n").unwrap_err();
        assert_eq!(err[0].code, "reserved-path");
    }

    #[test]
    fn javascript_urls_are_refused() {
        let err = page(
            "certifications/x.md",
            "---\ntitle: X\nabbr: X\nissuer: AHIMA\nissuer_url: \"javascript:alert(1)\"\n---\n",
        )
        .unwrap_err();
        assert_eq!(err[0].code, "bad-url");
    }
}
