//! Scaffold: new pages (`careerguide new KIND SLUG`) and new guides (`careerguide init DIR`).
//!
//! A new page's front-matter lists every key its kind takes, in the order of the kind's
//! type: the keys it needs are filled in (with values taken from the guide where possible, so
//! the page builds at once), the others are commented out with an example, and each line ends
//! with the key's one-line description. The keys and descriptions come from the kind's JSON
//! Schema (`schema`), which is generated from the loader's own types, so a scaffold cannot
//! offer a key the loader refuses or miss one it accepts. `init` writes a whole guide from the
//! same scaffolds: site settings, section pages and one example of each kind, linked to one
//! another, which builds and checks with no error and no warning.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::model::{
    ArticleFrontMatter, COMMON_KEYS, CertificationFrontMatter, EducationFrontMatter, Facts, Kind,
    PathwayFrontMatter, PlainFrontMatter, RoleFrontMatter, SettingFrontMatter,
};
use crate::names::{is_valid_slug, suggest_slug};

/// The kinds `new` makes.
pub const NEW_KINDS: [Kind; 6] = [
    Kind::Role,
    Kind::Setting,
    Kind::Certification,
    Kind::Education,
    Kind::Pathway,
    Kind::Article,
];

/// The kind's own keys, in declaration order.
fn kind_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Role => RoleFrontMatter::KIND_KEYS,
        Kind::Setting => SettingFrontMatter::KIND_KEYS,
        Kind::Certification => CertificationFrontMatter::KIND_KEYS,
        Kind::Education => EducationFrontMatter::KIND_KEYS,
        Kind::Pathway => PathwayFrontMatter::KIND_KEYS,
        Kind::Article => ArticleFrontMatter::KIND_KEYS,
        Kind::Home | Kind::Section => PlainFrontMatter::KIND_KEYS,
    }
}

/// Every key of a kind in scaffold order: title and summary, the kind's own keys, then the
/// remaining common keys.
pub fn scaffold_keys(kind: Kind) -> Vec<&'static str> {
    let mut keys = vec!["title", "summary"];
    keys.extend(kind_keys(kind));
    for key in COMMON_KEYS {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// An example value for a commented-out key, written as YAML.
pub fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "Page title",
        "description" => "\"One or two sentences for search engines and link previews.\"",
        "summary" => "\"One or two sentences shown on cards and in search.\"",
        "weight" => "10",
        "draft" => "true",
        "updated" => "2026-01-31",
        "tags" => "[remote, coding]",
        "sources" => {
            "[{title: \"BLS Occupational Outlook Handbook\", url: \"https://www.bls.gov/ooh/\", year: 2025}]"
        }
        "extra" => "{hero_image: coder.jpg}",
        "level" => "entry",
        "education" => "associate",
        "also_called" => "[Coding specialist, Coder]",
        "area" => "coding-revenue-cycle",
        "soc" => "\"29-2072\"",
        "experience" => "\"2–4 years as a coder\"",
        "settings" => "[hospitals, remote-work]",
        "certifications" => "[rhit, ccs]",
        "next_roles" => "[cdi-specialist]",
        "remote" => "true",
        "salary" => {
            "{period: annual, p10: 37000, p25: 43490, median: 51140, p75: 64820, p90: 81150, year: 2025, source: \"BLS OEWS May 2025, national, SOC 29-2072\"}"
        }
        "outlook" => {
            "{growth_pct: 7, period: \"2024–34\", openings_per_year: 14200, label: Faster than average, source: \"BLS Employment Projections 2024–34\"}"
        }
        "onet" => "{tasks: true, technology: true, related: true}",
        "naics" => "[\"622\"]",
        "abbr" => "RHIT",
        "issuer" => "AHIMA",
        "issuer_url" => "https://www.ahima.org/certification/",
        "eligibility" => "[\"An associate degree from an accredited HIM programme\"]",
        "exam" => "{questions: 150, minutes: 210, fee_usd: 299}",
        "renewal" => "{ce_hours: 20, years: 2}",
        "order" => "2",
        "duration" => "\"About 2 years full time\"",
        "from" => "medical-coder",
        "to" => "cdi-specialist",
        "typical_time" => "\"2–3 years\"",
        "steps" => "[\"Earn the CCS\", \"Shadow the CDI team\"]",
        "assessment" => {
            "{questions: [{text: \"Do you enjoy detailed rules?\", answers: [{text: \"Yes\", reason: \"You like precise rules\", roles: {medical-coder: 3}}, {text: \"No\", roles: {medical-coder: -1}}]}]}"
        }
        _ => return None,
    })
}

/// The slugs a guide holds, for the examples of commented-out keys that name other pages:
/// an example names only pages that exist, so uncommenting it builds.
#[derive(Debug, Clone, Default)]
pub struct GuideSlugs {
    pub roles: Vec<String>,
    pub settings: Vec<String>,
    pub certifications: Vec<String>,
    pub education: Vec<String>,
    pub areas: Vec<String>,
}

impl GuideSlugs {
    /// The example of `key` for this guide: the static example, or for a key that names
    /// other pages, up to two of the guide's slugs (an empty list when there are none).
    pub fn example(&self, key: &str, this_slug: &str) -> Option<String> {
        let list = |slugs: &[String], n: usize| {
            let picked: Vec<&str> = slugs
                .iter()
                .map(String::as_str)
                .filter(|s| *s != this_slug)
                .take(n)
                .collect();
            yaml_list(&picked)
        };
        let one = |slugs: &[String]| slugs.first().map(|s| yaml_string(s));
        Some(match key {
            "settings" => list(&self.settings, 2),
            "certifications" => list(&self.certifications, 2),
            "next_roles" => list(&self.roles, 1),
            "education" => one(&self.education).unwrap_or_else(|| "\"\"".into()),
            "area" => one(&self.areas).unwrap_or_else(|| "\"\"".into()),
            "from" | "to" => one(&self.roles).unwrap_or_else(|| "\"\"".into()),
            "assessment" => {
                let role = self.roles.first().map(String::as_str).unwrap_or("a-role");
                format!(
                    "{{questions: [{{text: \"Do you enjoy detailed rules?\", answers: [{{text: \"Yes\", reason: \"You like precise rules\", roles: {{{role}: 3}}}}, {{text: \"No\", roles: {{{role}: -1}}}}]}}]}}"
                )
            }
            _ => example(key)?.to_string(),
        })
    }
}

/// A YAML string scalar: plain when that is safe, double-quoted (JSON-style) otherwise.
pub fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_.()/'".contains(c))
        && !s.ends_with(' ')
        && ![
            "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
        ]
        .contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// A flow list of slugs: `[a, b]`.
pub fn yaml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| yaml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The front-matter and body of a new page. `filled` gives the keys that are written out, as
/// YAML values; every other key of the kind is commented out with an example.
pub fn page_text(
    kind: Kind,
    schema_ref: &str,
    filled: &[(&str, String)],
    body: &str,
    guide: &GuideSlugs,
) -> String {
    let this_slug = filled
        .iter()
        .find(|(k, _)| *k == "slug")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let schema = crate::schema::schema(crate::schema::name_for(kind)).unwrap_or(Value::Null);
    let mut out = String::from("---\n");
    out.push_str(&crate::schema::modeline(schema_ref));
    out.push('\n');
    for key in scaffold_keys(kind) {
        let description = schema["properties"][key]["description"]
            .as_str()
            .unwrap_or("")
            .replace('\n', " ");
        let line = match filled.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => format!("{key}: {value}"),
            None => format!(
                "# {key}: {}",
                guide.example(key, this_slug).unwrap_or_default()
            ),
        };
        if description.is_empty() {
            out.push_str(&line);
        } else {
            out.push_str(&format!("{line:<38}  # {description}"));
        }
        out.push('\n');
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}

/// What a new page of each kind starts with below its front-matter.
fn default_body(kind: Kind) -> &'static str {
    match kind {
        Kind::Role => {
            "## What the work is like\n\nDescribe the work in plain words: what people in this role do and why it matters.\n\n## A typical day\n\nWalk through a day or a week.\n\n## How to get there\n\nEducation, credentials and experience that open the door.\n"
        }
        Kind::Setting => "Describe what working here is like for the roles found here.\n",
        Kind::Certification => {
            "## Who it is for\n\nWho should earn this credential, and what it opens.\n\n## The exam\n\nWhat the exam covers and how to prepare.\n"
        }
        Kind::Education => "Describe the programmes at this level and where they lead.\n",
        Kind::Pathway => "Describe the move: why people make it and what changes.\n",
        _ => "Write the page here.\n",
    }
}

/// The file a new page of `kind` called `slug` goes to, relative to `content/`.
pub fn content_path(kind: Kind, slug: &str) -> String {
    match kind.folder() {
        Some(folder) => format!("{folder}/{slug}.md"),
        None => format!("articles/{slug}.md"),
    }
}

/// Why `new` refused.
#[derive(Debug)]
pub enum NewError {
    /// The arguments are wrong (a bad slug): a usage error.
    Usage(Diagnostic),
    /// The guide or the file system is in the way (the file exists, no site.yaml).
    Refused(Diagnostic),
}

/// A page written by `new`, with notes for the editor.
#[derive(Debug)]
pub struct NewPage {
    /// The file written, under the root.
    pub path: PathBuf,
    /// Things the editor should know (a placeholder to replace, …).
    pub notes: Vec<String>,
}

/// `careerguide new KIND SLUG`: writes a new page that builds, refusing to overwrite.
pub fn new_page(
    root: &Path,
    kind: Kind,
    slug: &str,
    title: Option<&str>,
) -> Result<NewPage, NewError> {
    if let Some(t) = title
        && let Err(why) = crate::model::check_title(t)
    {
        return Err(NewError::Usage(
            Diagnostic::error("bad-title", format!("this title cannot be used: {why}")).help(
                format!(
                    "give a title of 1 to {} characters with --title",
                    crate::model::MAX_TITLE_CHARS
                ),
            ),
        ));
    }
    if !NEW_KINDS.contains(&kind) {
        return Err(NewError::Usage(Diagnostic::error(
            "bad-kind",
            format!("`new` does not make {} pages", kind.name()),
        )));
    }
    if !is_valid_slug(slug) {
        return Err(NewError::Usage(
            Diagnostic::error("bad-slug", format!("`{slug}` cannot be a page's file name")).help(
                format!(
                    "use lower-case letters, digits and single hyphens, e.g. `{}`",
                    suggest_slug(slug)
                ),
            ),
        ));
    }
    if !root.join("site.yaml").is_file() {
        return Err(NewError::Refused(
            Diagnostic::error(
                "missing-site-yaml",
                format!("no site.yaml in {}", root.display()),
            )
            .help("run careerguide new from the guide's folder or pass --root DIR; `careerguide init DIR` creates a new guide"),
        ));
    }
    let pages = crate::pipeline::load_pages_lenient(root);
    let rel = content_path(kind, slug);
    if kind != Kind::Article
        && let Some(existing) = pages.iter().find(|p| p.kind == kind && p.slug == slug)
    {
        return Err(NewError::Refused(
            Diagnostic::error(
                "file-exists",
                format!("there is already a {} called `{slug}`", kind.name()),
            )
            .in_file(existing.source.display.clone())
            .help("choose another name, or edit the existing page"),
        ));
    }
    let mut notes = Vec::new();
    let mut filled = defaults(kind, slug, &pages, &mut notes).map_err(NewError::Refused)?;
    if let Some(t) = title
        && let Some(entry) = filled.iter_mut().find(|(k, _)| *k == "title")
    {
        entry.1 = yaml_string(t);
    }
    let config = crate::config::SiteConfig::load(root, None).ok();
    let base_url = config
        .as_ref()
        .map(|c| c.base_url.clone())
        .unwrap_or_default();
    let slugs_of = |k: Kind| -> Vec<String> {
        let mut v: Vec<&crate::model::Page> = pages.iter().filter(|p| p.kind == k).collect();
        v.sort_by_key(|p| p.sort_key());
        v.into_iter().map(|p| p.slug.clone()).collect()
    };
    let guide = GuideSlugs {
        roles: slugs_of(Kind::Role),
        settings: slugs_of(Kind::Setting),
        certifications: slugs_of(Kind::Certification),
        education: slugs_of(Kind::Education),
        areas: config
            .map(|c| c.areas.iter().map(|a| a.slug.clone()).collect())
            .unwrap_or_default(),
    };
    filled.push(("slug", slug.to_string()));
    let schema_ref = crate::schema::reference(
        root,
        rel.matches('/').count() + 1,
        crate::schema::name_for(kind),
        &base_url,
    );
    let text = page_text(kind, &schema_ref, &filled, default_body(kind), &guide);
    let path = root.join("content").join(&rel);
    write_new(&path, &text).map_err(|e| {
        let shown = crate::diagnostics::display_path(root, &path);
        NewError::Refused(match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Diagnostic::error("file-exists", format!("{} already exists", shown.display()))
                    .in_file(shown)
                    .help("choose another name, or edit the existing page")
            }
            _ => Diagnostic::error("write", format!("cannot write {}: {e}", shown.display())),
        })
    })?;
    Ok(NewPage { path, notes })
}

/// Creates `path` (and its folders) with `text`; never replaces an existing file.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// The keys a new page needs, filled from what the guide already holds.
fn defaults(
    kind: Kind,
    slug: &str,
    pages: &[crate::model::Page],
    notes: &mut Vec<String>,
) -> Result<Vec<(&'static str, String)>, Diagnostic> {
    let slugs = |k: Kind| -> Vec<&str> {
        let mut v: Vec<&crate::model::Page> = pages.iter().filter(|p| p.kind == k).collect();
        v.sort_by_key(|p| p.sort_key());
        v.into_iter().map(|p| p.slug.as_str()).collect()
    };
    // A certification's slug of one short word is its letters: `rhit` is "RHIT".
    let title = if kind == Kind::Certification && slug.len() <= 6 && !slug.contains('-') {
        slug.to_ascii_uppercase()
    } else {
        crate::link::humanise(slug)
    };
    let mut filled = vec![("title", yaml_string(&title))];
    filled.push(("summary", "\"\"".to_string()));
    match kind {
        Kind::Role => {
            filled.push(("level", "entry".into()));
            let mut educations: Vec<(i64, &str)> = pages
                .iter()
                .filter_map(|p| match &p.facts {
                    Facts::Education(e) => Some((e.order, p.slug.as_str())),
                    _ => None,
                })
                .collect();
            educations.sort();
            let education = match educations.first() {
                Some((_, s)) => s.to_string(),
                None => {
                    notes.push("there is no education page yet: create content/education/certificate.md with `careerguide new education certificate`".into());
                    "certificate".into()
                }
            };
            filled.push(("education", education));
        }
        Kind::Certification => {
            filled.push(("abbr", yaml_string(&slug.to_ascii_uppercase())));
            // The issuer most certifications of the guide name, as a start.
            let mut issuers: Vec<&str> = pages
                .iter()
                .filter_map(|p| match &p.facts {
                    Facts::Certification(c) if !c.issuer.trim().is_empty() => {
                        Some(c.issuer.as_str())
                    }
                    _ => None,
                })
                .collect();
            issuers.sort_unstable();
            let common = issuers
                .chunk_by(|a, b| a == b)
                .max_by_key(|run| run.len())
                .and_then(|run| run.first().copied());
            match common {
                Some(issuer) => {
                    filled.push(("issuer", yaml_string(issuer)));
                    notes.push(format!(
                        "`issuer: {issuer}` is the issuer most certifications here name: check it"
                    ));
                }
                None => {
                    filled.push(("issuer", "\"\"".into()));
                    notes.push(
                        "fill in `issuer` (who awards the credential): the page builds once it is there"
                            .into(),
                    );
                }
            }
        }
        Kind::Education => {
            let next = pages
                .iter()
                .filter_map(|p| match &p.facts {
                    Facts::Education(e) => Some(e.order),
                    _ => None,
                })
                .max()
                .unwrap_or(0)
                + 1;
            filled.push(("order", next.to_string()));
        }
        Kind::Pathway => {
            let roles = slugs(Kind::Role);
            let (from, to) = pathway_roles(slug, &roles)?;
            let listed = pages
                .iter()
                .find(|p| p.kind == Kind::Role && p.slug == from)
                .and_then(|p| p.role())
                .is_some_and(|r| r.next_roles.iter().any(|n| n.value == to));
            if !listed && !to.is_empty() {
                notes.push(format!(
                    "add `{to}` to the next_roles of content/roles/{from}.md so the move shows on the role"
                ));
            }
            filled.push(("from", from));
            filled.push(("to", to));
        }
        _ => {}
    }
    if kind != Kind::Article {
        notes.push("write a `summary`: one or two sentences for cards and search".into());
    }
    Ok(filled)
}

/// The two roles a pathway's file name joins (`from-role-to-to-role`), both existing roles;
/// otherwise an error naming the nearest roles. The name is split at each `-to-` until both
/// halves are roles (role slugs may hold `-to-` themselves).
fn pathway_roles(slug: &str, roles: &[&str]) -> Result<(String, String), Diagnostic> {
    let splits: Vec<(&str, &str)> = slug
        .match_indices("-to-")
        .map(|(i, _)| (&slug[..i], &slug[i + 4..]))
        .collect();
    if let Some((a, b)) = splits
        .iter()
        .find(|(a, b)| roles.contains(a) && roles.contains(b))
    {
        return Ok((a.to_string(), b.to_string()));
    }
    let nearest = |wanted: &str| -> String {
        let close = crate::diagnostics::closest(wanted, roles.iter().copied());
        let shown: Vec<&str> = if close.is_empty() {
            roles.iter().copied().take(5).collect()
        } else {
            close.into_iter().take(3).collect()
        };
        if shown.is_empty() {
            "there are no roles yet".to_string()
        } else {
            format!("the nearest: {}", shown.join(", "))
        }
    };
    let Some((a, b)) = splits.first() else {
        return Err(Diagnostic::error(
            "bad-pathway-name",
            format!("`{slug}` does not name two roles"),
        )
        .help(format!(
            "name a pathway after the roles it joins, `from-role-to-to-role`; roles: {}",
            if roles.is_empty() {
                "none yet".to_string()
            } else {
                roles.join(", ")
            }
        )));
    };
    let mut missing = Vec::new();
    for r in [a, b] {
        if !roles.contains(r) {
            missing.push(format!("no role called `{r}` ({})", nearest(r)));
        }
    }
    Err(Diagnostic::error(
        "unknown-reference",
        format!("a pathway joins two existing roles: {}", missing.join("; ")),
    )
    .help("create the role first with `careerguide new role SLUG`, or name the pathway after existing roles: `from-role-to-to-role`"))
}

/// `careerguide init DIR`: a new guide that builds and checks cleanly.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                "not-empty",
                format!("{} exists and is not empty", dir.display()),
            )
            .help("choose a new folder name; init never writes into an existing guide"));
        }
    }
    let mut written = Vec::new();
    let io = |e: std::io::Error| Diagnostic::error("write", format!("cannot write the guide: {e}"));
    written.extend(crate::schema::write_dir(&dir.join("schema")).map_err(io)?);
    let files = [
        (
            ".gitignore".to_string(),
            "/public\n/.public.*\n".to_string(),
        ),
        ("site.yaml".to_string(), SITE_YAML.to_string()),
    ];
    for (rel, text) in files.into_iter().chain(example_pages()) {
        let path = dir.join(rel);
        write_new(&path, &text).map_err(io)?;
        written.push(path);
    }
    Ok(written)
}

/// The pages of a new guide (paths under the guide's folder, and text): the home page, each
/// section's index and one example of each kind, which link to one another.
fn example_pages() -> Vec<(String, String)> {
    // The example pages init writes, named in the commented examples.
    let init_slugs = GuideSlugs {
        roles: vec!["first-role".into(), "senior-role".into()],
        settings: vec!["hospitals".into()],
        certifications: vec!["first-credential".into()],
        education: vec!["certificate".into()],
        areas: vec!["example-area".into()],
    };
    let page = |kind: Kind, rel: &str, filled: &[(&str, String)], body: &str| {
        let depth = rel.matches('/').count() + 1;
        let schema_ref = format!(
            "{}schema/{}.json",
            "../".repeat(depth),
            crate::schema::name_for(kind)
        );
        (
            format!("content/{rel}"),
            page_text(kind, &schema_ref, filled, body, &init_slugs),
        )
    };
    let s = |v: &str| yaml_string(v);
    let sections: [(&str, &str, &str); 6] = [
        (
            "roles",
            "Roles",
            "Every role in the guide, from the first job to the top.",
        ),
        (
            "settings",
            "Where people work",
            "The kinds of employers that hire for these roles.",
        ),
        (
            "certifications",
            "Certifications",
            "Credentials that open doors and show what you know.",
        ),
        (
            "education",
            "Education",
            "The education levels the roles ask for.",
        ),
        (
            "pathways",
            "Pathways",
            "Step-by-step moves from one role to the next.",
        ),
        (
            "articles",
            "Articles",
            "Background reading for people considering this career.",
        ),
    ];
    let mut pages = vec![page(
        Kind::Home,
        "_index.md",
        &[
            ("title", s("Welcome")),
            (
                "summary",
                s(
                    "A guide to the jobs in this field: what they involve, what they pay and how to move between them.",
                ),
            ),
        ],
        "This guide describes the jobs in one field: what each role involves, where people work, which credentials matter and how people move from one role to the next.\n\nStart with the [first role](@/roles/first-role.md) or read [about this guide](@/articles/about-this-guide.md).\n",
    )];
    for (folder, title, summary) in sections {
        pages.push(page(
            Kind::Section,
            &format!("{folder}/_index.md"),
            &[("title", s(title)), ("summary", s(summary))],
            "",
        ));
    }
    pages.push(page(
        Kind::Education,
        "education/certificate.md",
        &[
            ("title", s("Certificate")),
            (
                "summary",
                s("A short programme of one year or less that prepares you for a first job."),
            ),
            ("order", "1".into()),
            ("duration", s("Up to a year")),
        ],
        "Certificate programmes are the quickest way into the field.\n",
    ));
    pages.push(page(
        Kind::Setting,
        "settings/hospitals.md",
        &[
            ("title", s("Hospitals")),
            (
                "summary",
                s("Acute-care hospitals, the largest employers in most fields of health care."),
            ),
        ],
        "Hospitals employ both roles in this guide.\n",
    ));
    pages.push(page(
        Kind::Certification,
        "certifications/first-credential.md",
        &[
            ("title", s("First credential")),
            (
                "summary",
                s("An example entry-level credential: replace it with a real one."),
            ),
            ("abbr", s("FC")),
            ("issuer", s("Example Certification Board")),
            ("education", "certificate".into()),
        ],
        "Replace this example with a credential that matters in your field.\n",
    ));
    pages.push(page(
        Kind::Role,
        "roles/first-role.md",
        &[
            ("title", s("First role")),
            ("summary", s("An example entry-level role: replace it with a real one.")),
            ("level", "entry".into()),
            ("education", "certificate".into()),
            ("area", "example-area".into()),
            ("settings", yaml_list(&["hospitals"])),
            ("certifications", yaml_list(&["first-credential"])),
            ("next_roles", yaml_list(&["senior-role"])),
        ],
        "## What the work is like\n\nDescribe the work in plain words.\n\nPeople in this role often move on to become a [senior role](@/roles/senior-role.md).\n",
    ));
    pages.push(page(
        Kind::Role,
        "roles/senior-role.md",
        &[
            ("title", s("Senior role")),
            (
                "summary",
                s("An example mid-career role that the first role leads to."),
            ),
            ("level", "mid".into()),
            ("education", "certificate".into()),
            ("area", "example-area".into()),
            ("settings", yaml_list(&["hospitals"])),
        ],
        "## What the work is like\n\nDescribe the work in plain words.\n",
    ));
    pages.push(page(
        Kind::Pathway,
        "pathways/first-role-to-senior-role.md",
        &[
            ("title", s("From first role to senior role")),
            ("summary", s("How people in the first role usually move up.")),
            ("from", "first-role".into()),
            ("to", "senior-role".into()),
            ("typical_time", s("2–3 years")),
            ("steps", "[\"Learn the job well\", \"Earn the first credential\", \"Apply for senior openings\"]".into()),
        ],
        "Describe the move: why people make it and what changes.\n",
    ));
    pages.push(page(
        Kind::Article,
        "articles/about-this-guide.md",
        &[
            ("title", s("About this guide")),
            ("summary", s("Who writes this guide, where its figures come from and how to suggest a change.")),
        ],
        "Say who maintains the guide and where its figures come from.\n\nSee the [roles](@/roles/_index.md) for where to start.\n",
    ));
    pages
}

/// `site.yaml` of a new guide.
const SITE_YAML: &str = "# yaml-language-server: $schema=schema/site.json
# Site settings. `careerguide check` validates this file; schema/site.json describes every key.
title: My career guide                 # The guide's name, shown in every page's header and title.
base_url: https://example.org/         # Where the site is published, e.g. https://example.org/guide/.
language: en                           # BCP 47 language code, e.g. en or en-US.
description: A plain-language guide to the jobs in one field, with pay, credentials and the steps between roles.
# theme: mine                          # A folder under themes/ whose files override the built-in theme.
# allow_raw_html: false                # Pass raw HTML in Markdown through (default true).
# paginate_by: 100                     # Entries per page of a long list (default 100; 0: one page).
# extra: {}                            # A free map handed to templates.
areas:                                 # The career areas roles may name in `area:`, in display order.
  - slug: example-area
    title: Example area
    summary: Replace this with the areas of your field, such as coding or data and analytics.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_key_has_an_example_and_a_place() {
        for kind in NEW_KINDS {
            let schema = crate::schema::schema(crate::schema::name_for(kind)).unwrap();
            let props: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
            let keys = scaffold_keys(kind);
            assert_eq!(props.len(), keys.len(), "{kind}: {props:?} vs {keys:?}");
            for key in keys {
                assert!(
                    props.iter().any(|p| *p == key),
                    "{kind}: {key} not in schema"
                );
                assert!(example(key).is_some(), "{key} has no example");
            }
        }
    }

    #[test]
    fn strings_are_quoted_only_when_needed() {
        assert_eq!(yaml_string("Medical coder"), "Medical coder");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("2–3 years"), "\"2–3 years\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_list(&["a", "on"]), "[a, \"on\"]");
    }
}
