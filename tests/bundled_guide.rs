//! The bundled Health Information Management guide: it builds with no error and no warning
//! but the placeholder address (its publisher sets `base_url`), covers the scope the guide promises, and every figure is cited.

mod common;

use std::path::Path;

use careerguide::link::Site;
use careerguide::model::Kind;
use careerguide::pipeline::load_site;
use common::*;

fn site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match load_site(root, None, false, careerguide::load::Bodies::All) {
        Ok(loaded) => {
            assert!(
                loaded
                    .warnings
                    .iter()
                    .all(|w| w.code == "placeholder-base-url"),
                "warnings:\n{}",
                careerguide::diagnostics::render_all(&loaded.warnings, false)
            );
            loaded.site
        }
        Err(d) => panic!(
            "the bundled guide has errors:\n{}",
            careerguide::diagnostics::render_all(&d, false)
        ),
    }
}

fn slugs(site: &Site, kind: Kind) -> Vec<String> {
    site.pages
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.slug.clone())
        .collect()
}

#[test]
fn builds_with_zero_errors_and_zero_warnings() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let output = out.path().join("public");
    let result = run(&[
        "build",
        "--root",
        root,
        "--output",
        &output.to_string_lossy(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    // The one warning: site.yaml's address is the placeholder until the guide is published.
    let err = stderr(&result);
    assert!(
        err.contains("warning[placeholder-base-url]") && err.ends_with("0 errors, 1 warning\n"),
        "the build printed other diagnostics: {err}"
    );
}

/// A publisher checks the bundled guide with its real address, as CI would before upload:
/// `check --strict` then passes, because the placeholder address is the only warning it has.
#[test]
fn check_strict_passes_once_the_guide_has_its_address() {
    let root = env!("CARGO_MANIFEST_DIR");
    let result = run(&[
        "check",
        "--strict",
        "--root",
        root,
        "--base-url",
        "https://careers.college.test/him/",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}{}",
        stdout(&result),
        stderr(&result)
    );
    // Without the address, --strict refuses the placeholder, and that is all it refuses.
    let result = run(&["check", "--strict", "--root", root]);
    let text = stdout(&result) + &stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{text}");
    assert!(text.contains("placeholder-base-url"), "{text}");
    assert!(text.contains("1 warning"), "{text}");
}

#[test]
fn covers_the_promised_scope() {
    let site = site();
    let roles = slugs(&site, Kind::Role);
    assert!(roles.len() >= 24, "{} roles", roles.len());
    for wanted in [
        "medical-records-clerk",
        "health-information-clerk",
        "medical-records-technician",
        "health-information-technician",
        "inpatient-coder",
        "outpatient-coder",
        "coding-auditor",
        "cdi-specialist",
        "cancer-registrar",
        "release-of-information-specialist",
        "patient-care-coordinator",
        "patient-information-coordinator",
        "medical-records-coordinator",
        "medical-records-supervisor",
        "medical-records-analyst",
        "health-information-specialist",
        "health-data-analyst",
        "data-quality-analyst",
        "data-quality-manager",
        "health-informatics-specialist",
        "compliance-auditor",
        "compliance-officer",
        "privacy-officer",
        "him-director",
        "revenue-cycle-manager",
        "systems-analyst",
        "patient-account-specialist",
        "management-consultant",
    ] {
        assert!(roles.contains(&wanted.to_string()), "missing role {wanted}");
    }
    let levels: std::collections::HashSet<_> = site
        .pages
        .iter()
        .filter_map(|p| p.role())
        .map(|r| r.level)
        .collect();
    assert_eq!(levels.len(), 4, "roles at every level");
    let areas: std::collections::HashSet<_> =
        site.relations.iter().filter_map(|r| r.area).collect();
    assert_eq!(areas.len(), site.config.areas.len(), "roles in every area");
    assert!(site.config.areas.len() >= 7);

    let settings = slugs(&site, Kind::Setting);
    assert!(settings.len() >= 12, "{} settings", settings.len());
    for wanted in [
        "hospitals",
        "physician-offices",
        "skilled-nursing-facilities",
        "home-health-agencies",
        "rehabilitation-centers",
        "substance-use-treatment",
        "health-insurance-companies",
        "pharmaceutical-companies",
        "consulting-firms",
        "government-agencies",
        "academic-institutions",
        "healthcare-software-companies",
        "remote-work",
    ] {
        assert!(
            settings.contains(&wanted.to_string()),
            "missing setting {wanted}"
        );
    }
    let certs = slugs(&site, Kind::Certification);
    for wanted in [
        "rhit", "rhia", "cca", "ccs", "ccs-p", "cdip", "chda", "chps", "cpc", "ctr",
    ] {
        assert!(
            certs.contains(&wanted.to_string()),
            "missing certification {wanted}"
        );
    }
    let mut education = slugs(&site, Kind::Education);
    education.sort();
    assert_eq!(
        education,
        ["associate", "bachelor", "certificate", "master"]
    );
    assert!(slugs(&site, Kind::Pathway).len() >= 12);
    let articles = slugs(&site, Kind::Article);
    for wanted in [
        "what-is-him",
        "him-vs-healthcare-administration",
        "is-him-right-for-me",
        "how-to-become-an-him-professional",
        "job-outlook",
        "where-him-professionals-work",
        "him-ai-interoperability-telehealth",
    ] {
        assert!(
            articles.contains(&wanted.to_string()),
            "missing article {wanted}"
        );
    }
}

#[test]
fn every_role_is_connected_and_every_figure_cited() {
    let site = site();
    for (i, page) in site.pages.iter().enumerate() {
        let Some(role) = page.role() else { continue };
        let r = &site.relations[i];
        let name = &page.slug;
        assert!(r.education.is_some(), "{name}: typical education");
        assert!(!r.settings.is_empty(), "{name}: settings where it is found");
        assert!(
            !r.next_roles.is_empty() || !r.comes_from.is_empty(),
            "{name} is an orphan"
        );
        assert!(!page.common.sources.is_empty(), "{name}: sources");
        assert!(page.common.summary.is_some(), "{name}: summary");
        let salary = role
            .salary
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: salary"));
        assert_eq!(salary.year, 2025, "{name}: OEWS May 2025 figures");
        assert!(
            salary.source.contains("OEWS May 2025"),
            "{name}: salary source {}",
            salary.source
        );
        if let Some(o) = &role.outlook {
            assert!(
                !o.source.is_empty() && !o.period.is_empty(),
                "{name}: outlook source and period"
            );
        }
        assert!(role.soc.is_some(), "{name}: SOC code");
    }
    // Every setting and certification is used by some role.
    for (i, page) in site.pages.iter().enumerate() {
        if matches!(page.kind, Kind::Setting | Kind::Certification) {
            assert!(
                !site.relations[i].roles.is_empty(),
                "{} is not used by any role",
                page.source.display.display()
            );
        }
    }
}

#[test]
fn every_role_with_a_soc_carries_the_oews_may_2025_national_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = site();
    let mut checked = 0;
    for page in &site.pages {
        let Some(role) = page.role() else { continue };
        let Some(soc) = &role.soc else { continue };
        let path = root.join(format!("data/wages/{}.csv", soc.value));
        let text = read(&path);
        let table =
            careerguide::wages::WageTable::parse(&text, &path).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(table.release, "May 2025", "{}", path.display());
        let national = table.salary().expect("a national row");
        let salary = role.salary.as_ref().expect("salary");
        assert_eq!(
            salary.median, national.median,
            "{}: median for SOC {}",
            page.slug, soc.value
        );
        for (ours, theirs) in [
            (salary.p10, national.p10),
            (salary.p25, national.p25),
            (salary.p75, national.p75),
            (salary.p90, national.p90),
        ] {
            assert_eq!(
                ours, theirs,
                "{}: percentiles for SOC {}",
                page.slug, soc.value
            );
        }
        checked += 1;
    }
    assert!(checked >= 24, "{checked} roles checked");
}
