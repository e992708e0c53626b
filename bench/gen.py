#!/usr/bin/env python3
"""Write a synthetic career guide for benchmarks.

    bench/gen.py N OUTDIR [--format careerguide|hugo] [--seed S]

N roles (about 600 words each, 1-3 settings, 0-2 certifications, 0-2 next roles, a salary),
plus N/20 settings, N/50 certifications, four education levels and one pathway per ten roles,
in careerguide's content model. With --format hugo the same pages go into a Hugo site with
layouts that render comparable pages (facts, settings, back-links through taxonomies), so the
two generators can be timed on the same work. Output is deterministic for a given N and seed.

With --text zipf (for search benchmarks) the text is drawn from a Zipf-distributed vocabulary
instead of a short word list: a few hundred real words at the top, then made-up words, so the
index has the long tail of rare terms a real large site has; role titles are composed like
real ones ("Senior Clinical Data Analyst"). N = 8820 gives about 10,000 pages.
"""

import argparse
import bisect
import itertools
import os
import random
import shutil

WORDS = (
    "record chart code claim audit patient provider coding diagnosis procedure review "
    "quality data report privacy release request clinic hospital payer denial query "
    "physician documentation registry abstract cancer outcome measure compliance policy "
    "training system interface workflow analysis accuracy productivity queue encounter "
    "inpatient outpatient billing revenue cycle charge capture edit guideline modifier "
    "reimbursement risk adjustment hierarchical condition category severity mortality "
    "index health information management technician specialist analyst manager director "
    "electronic exchange standard terminology mapping governance retention legal hold "
    "subpoena authorization minimum necessary breach incident investigation education "
    "certification credential exam continuing hours associate bachelor master certificate"
).split()

LEVELS = ["entry", "mid", "advanced", "executive"]
AREAS = ["coding-revenue-cycle", "records-operations", "data-analytics", "informatics",
         "privacy-compliance", "leadership", "patient-access"]
EDUCATION = [("certificate", 1), ("associate", 2), ("bachelor", 3), ("master", 4)]


ZIPF_COMMON = """the of and to a in is for that with as on by it are this be from or at an
which their more can they each also other have not has will most when who but all one about
into some these than many only would may often new time use used using such like two first over
both through where because under between while same every during without make makes made help
helps keep keeps need needs part parts day days year years people person usually typically
mostly early later after before within across""".split()
ZIPF_DOMAIN = WORDS + """records data coder codes clinical specialist technician manager
director officer security team department reports reporting complete completion charts
professional facility payment payments certified exam degree program programs experience career
careers role roles level entry advanced executive supervisor coordinator clerk consultant project
projects vendor vendors implementation interoperability standards integrity duplicate identity
matching scanning imaging document documents storage access correspondence court appeal appeals
encoder grouper remote office home work working schedule salary pay wage median growth outlook
openings employers job jobs skills detail careful attention rules regulations federal state law
hipaa analytics dashboard dashboards metrics improvement research population statistics database
databases sql spreadsheet tools""".split()
ZIPF_MODIFIERS = """Senior Junior Lead Principal Associate Assistant Chief Regional Clinical
Corporate Remote Interim Staff Head Deputy Executive Certified Registered Managing""".split()
ZIPF_DOMAINS = """Health Information|Medical Records|Coding|Clinical Documentation|Data Quality|
Health Data|Informatics|Privacy|Compliance|Revenue Cycle|Release of Information|Cancer Registry|
Patient Access|Patient Information|Master Patient Index|Risk Adjustment|Inpatient Coding|
Outpatient Coding|Professional Fee|Denials|Charge Capture|Health Records|Document Imaging|
Clinical Data|Quality Reporting|Trauma Registry|Tumor Registry|EHR|Interoperability|Terminology|
Clinical Informatics|Population Health|Health Analytics|Records Integrity|Audit|Billing|
Correspondence|Abstracting|Credentialing|Utilization Review""".replace("\n", "").split("|")
ZIPF_NOUNS = """Specialist|Technician|Analyst|Manager|Director|Officer|Coordinator|Clerk|Auditor|
Consultant|Supervisor|Abstractor|Educator|Liaison|Architect|Administrator|Representative|
Associate|Lead|Integrity Specialist|Data Steward|Program Manager|Trainer|Reviewer|Advisor""".replace("\n", "").split("|")
SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "tu", "vo", "zen", "qui", "bar", "dor", "fel", "gan",
             "hol", "jas", "kem", "lur", "mon", "nix", "pel", "ros", "sil", "tam", "ul", "ver",
             "wix", "yor", "zu", "an", "es", "ir", "os"]


class Zipf:
    """Words drawn with probability 1 / rank^1.07 from a 30,000-word vocabulary."""

    def __init__(self, seed, size=30000, exponent=1.07):
        rng = random.Random(seed)
        vocab = list(dict.fromkeys(ZIPF_COMMON + ZIPF_DOMAIN))
        seen = set(vocab)
        while len(vocab) < size:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if w not in seen:
                seen.add(w)
                vocab.append(w)
        self.vocab = vocab
        self.cumulative = list(itertools.accumulate(1.0 / (r + 1) ** exponent for r in range(size)))

    def word(self, rng):
        return self.vocab[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# Set by --text zipf.
ZIPF = None


def pick(rng):
    return ZIPF.word(rng) if ZIPF else rng.choice(WORDS)


def sentence(rng, n):
    words = [pick(rng) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng, words):
    out, count = [], 0
    while count < words:
        n = rng.randint(8, 18)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out)


def body(rng, words, links):
    parts = []
    per = words // 6
    for h in ["What the work is like", "A typical day", "Tools", "How to get there", "Where it leads", "Pay and outlook"]:
        parts.append(f"## {h}\n\n{paragraph(rng, per)}\n")
    if links:
        parts.append("See also " + ", ".join(links) + ".\n")
    return "\n".join(parts)


def salary(rng):
    median = rng.randrange(38000, 140000, 10)
    p10 = int(median * rng.uniform(0.6, 0.75))
    p25 = int(median * rng.uniform(0.8, 0.9))
    p75 = int(median * rng.uniform(1.15, 1.3))
    p90 = int(median * rng.uniform(1.35, 1.6))
    return p10, p25, median, p75, p90


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def plan(n, seed):
    rng = random.Random(seed)
    settings = [f"setting-{i}" for i in range(max(2, n // 20))]
    certs = [f"cert-{i}" for i in range(max(2, n // 50))]
    roles = []
    titles = None
    if ZIPF:
        combos = [(m, d, k) for m in ZIPF_MODIFIERS for d in ZIPF_DOMAINS for k in ZIPF_NOUNS]
        titles = [" ".join(c) for c in random.Random(seed + 1).sample(combos, min(n, len(combos)))]
    for i in range(n):
        level = LEVELS[min(3, i * 4 // n)] if n >= 4 else "entry"
        roles.append({
            "slug": f"role-{i}",
            "title": titles[i] if titles and i < len(titles) else f"Role {i} " + rng.choice(WORDS).capitalize(),
            "level": level,
            "area": rng.choice(AREAS),
            "education": EDUCATION[LEVELS.index(level)][0],
            "settings": rng.sample(settings, rng.randint(1, min(3, len(settings)))),
            "certs": rng.sample(certs, rng.randint(0, min(2, len(certs)))),
            "salary": salary(rng),
        })
    # next roles always go to a later role, so there are no cycles
    for i, r in enumerate(roles):
        later = list(range(i + 1, min(n, i + 40)))
        r["next"] = [roles[j]["slug"] for j in rng.sample(later, min(len(later), rng.randint(0, 2)))]
    pathways = [(r["slug"], r["next"][0]) for r in roles[::10] if r["next"]]
    return rng, settings, certs, roles, pathways


def careerguide(n, out, seed):
    rng, settings, certs, roles, pathways = plan(n, seed)
    write(f"{out}/site.yaml", "title: Synthetic guide\nbase_url: https://example.org/\nlanguage: en\n"
          "description: A synthetic guide for benchmarks.\nareas:\n" +
          "".join(f"  - {{slug: {a}, title: {a.replace('-', ' ').capitalize()}}}\n" for a in AREAS))
    c = f"{out}/content"
    write(f"{c}/_index.md", "---\ntitle: Synthetic guide\n---\nA synthetic guide.\n")
    for kind in ["roles", "settings", "certifications", "education", "pathways"]:
        write(f"{c}/{kind}/_index.md", f"---\ntitle: {kind.capitalize()}\n---\n")
    for slug, order in EDUCATION:
        write(f"{c}/education/{slug}.md", f"---\ntitle: {slug.capitalize()}\norder: {order}\n---\n{paragraph(rng, 120)}\n")
    for s in settings:
        write(f"{c}/settings/{s}.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\nsummary: {sentence(rng, 10)}\n---\n{paragraph(rng, 200)}\n")
    for s in certs:
        write(f"{c}/certifications/{s}.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\nabbr: {s.upper()}\nissuer: AHIMA\n"
              f"education: associate\n---\n{paragraph(rng, 200)}\n")
    for r in roles:
        p10, p25, med, p75, p90 = r["salary"]
        fm = (f"---\ntitle: {r['title']}\nlevel: {r['level']}\neducation: {r['education']}\narea: {r['area']}\n"
              f"summary: {sentence(rng, 14)}\nsettings: [{', '.join(r['settings'])}]\n"
              f"certifications: [{', '.join(r['certs'])}]\nnext_roles: [{', '.join(r['next'])}]\n"
              f"salary: {{currency: USD, period: annual, p10: {p10}, p25: {p25}, median: {med}, p75: {p75}, p90: {p90}, year: 2025, source: Synthetic}}\n"
              f"updated: 2026-01-01\n---\n")
        links = [f"[{s}](@/settings/{s}.md)" for s in r["settings"]]
        write(f"{c}/roles/{r['slug']}.md", fm + body(rng, 600, links))
    for a, b in pathways:
        write(f"{c}/pathways/{a}-to-{b}.md", f"---\ntitle: From {a} to {b}\nfrom: {a}\nto: {b}\n"
              f"steps: [\"{sentence(rng, 6)}\", \"{sentence(rng, 6)}\"]\n---\n{paragraph(rng, 150)}\n")


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ with .Params.salary }}<dl><dt>Median</dt><dd>${{ lang.FormatNumber 0 .median }}</dd>
<dt>Range</dt><dd>${{ lang.FormatNumber 0 .p10 }} – ${{ lang.FormatNumber 0 .p90 }}</dd></dl>{{ end }}
{{ with .GetTerms "settings" }}<h2>Where they work</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .GetTerms "certs" }}<h2>Certifications</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.next_roles }}<h2>Leads to</h2><ul>{{ range . }}{{ with site.GetPage (printf "/roles/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
"""


def hugo(n, out, seed):
    rng, settings, certs, roles, pathways = plan(n, seed)
    write(f"{out}/hugo.yaml", "baseURL: https://example.org/\ntitle: Synthetic guide\nlanguageCode: en\n"
          "taxonomies:\n  setting: settings\n  cert: certs\n  level: levels\n  area: areas\n"
          "disableKinds: [RSS]\n")
    write(f"{out}/layouts/_default/baseof.html", HUGO_BASEOF)
    write(f"{out}/layouts/_default/single.html", HUGO_SINGLE)
    write(f"{out}/layouts/_default/list.html", HUGO_LIST)
    c = f"{out}/content"
    write(f"{c}/_index.md", "---\ntitle: Synthetic guide\n---\nA synthetic guide.\n")
    for kind in ["roles", "education", "pathways"]:
        write(f"{c}/{kind}/_index.md", f"---\ntitle: {kind.capitalize()}\n---\n")
    for slug, order in EDUCATION:
        write(f"{c}/education/{slug}.md", f"---\ntitle: {slug.capitalize()}\nweight: {order}\n---\n{paragraph(rng, 120)}\n")
    for s in settings:
        write(f"{c}/settings/{s}/_index.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\nsummary: {sentence(rng, 10)}\n---\n{paragraph(rng, 200)}\n")
    for s in certs:
        write(f"{c}/certs/{s}/_index.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\n---\n{paragraph(rng, 200)}\n")
    for r in roles:
        p10, p25, med, p75, p90 = r["salary"]
        fm = (f"---\ntitle: {r['title']}\nlevels: [{r['level']}]\nareas: [{r['area']}]\nsummary: {sentence(rng, 14)}\n"
              f"settings: [{', '.join(r['settings'])}]\ncerts: [{', '.join(r['certs'])}]\nnext_roles: [{', '.join(r['next'])}]\n"
              f"salary: {{p10: {p10}, p25: {p25}, median: {med}, p75: {p75}, p90: {p90}}}\n---\n")
        links = [f"[{s}](/settings/{s}/)" for s in r["settings"]]
        write(f"{c}/roles/{r['slug']}.md", fm + body(rng, 600, links))
    for a, b in pathways:
        write(f"{c}/pathways/{a}-to-{b}.md", f"---\ntitle: From {a} to {b}\n---\n{paragraph(rng, 150)}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of roles")
    ap.add_argument("out", help="output folder (replaced)")
    ap.add_argument("--format", choices=["careerguide", "hugo"], default="careerguide")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text", choices=["simple", "zipf"], default="simple",
                    help="simple: a short word list (default); zipf: a realistic vocabulary for search")
    args = ap.parse_args()
    global ZIPF
    if args.text == "zipf":
        ZIPF = Zipf(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    (careerguide if args.format == "careerguide" else hugo)(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
