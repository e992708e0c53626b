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


# The Hugo site renders the same information as careerguide's pages (not the same markup):
# every role page has its level, area, education, pay percentiles, settings and certifications
# with their summaries, the roles it leads to and the roles that lead to it (a `next_roles`
# taxonomy whose term pages are not rendered gives Hugo the back-links, as careerguide works
# them out itself); term pages of settings, certifications, education levels, career levels and
# areas list their roles as cards (level, median pay, summary); pathway pages show the move;
# the home page, an A-Z index and a salary table list every role; and a JSON search document
# list (the usual way a Hugo site feeds a client-side search) holds every page's text.
HUGO_CONFIG = """baseURL: https://example.org/
title: Synthetic guide
languageCode: en
params:
  description: A synthetic guide for benchmarks.
taxonomies:
  setting: settings
  cert: certs
  level: levels
  area: areas
  education_level: education
  next_role: next_roles
disableKinds: [RSS]
outputs:
  home: [HTML, JSON]
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ block "jsonld" . }}{{ end }}</head>
<body><a href="#main">Skip to content</a>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<form action="{{ "/search/" | relURL }}" role="search"><label for="q">Search the guide</label> <input id="q" name="q" type="search"> <button>Search</button></form>
<nav><a href="/roles/">Roles</a> <a href="/pathways/">Pathways</a> <a href="/certs/">Certifications</a> <a href="/education/">Education</a> <a href="/settings/">Settings</a> <a href="/levels/">Career levels</a> <a href="/areas/">Career areas</a> <a href="/salaries/">Salaries</a></nav></header>
{{ if not .IsHome }}<nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>{{ with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>{{ end }}
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Params.description }}</p><p><a href="/a-z/">A–Z index</a> · <a href="/search/">Search</a></p></footer></body></html>
"""
# A role as a card: title, level, median pay, summary.
HUGO_CARD = """<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<span>{{ range .GetTerms "levels" }}{{ .Title }}{{ end }}{{ with .Params.salary }} · ${{ lang.FormatNumber 0 .median }} per year{{ end }}</span>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
"""
HUGO_CARDS = """{{ with . }}<ul class="cards">{{ range . }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}</ul>{{ end }}"""
HUGO_ROLE = """{{ define "jsonld" }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Occupation" "name" .Title "description" .Params.summary "url" .Permalink "estimatedSalary" (dict "@type" "MonetaryAmountDistribution" "currency" "USD" "duration" "P1Y" "median" .Params.salary.median "percentile10" .Params.salary.p10 "percentile25" .Params.salary.p25 "percentile75" .Params.salary.p75 "percentile90" .Params.salary.p90) | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}<article><p>{{ range .GetTerms "levels" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} · {{ range .GetTerms "areas" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<section><h2>Quick facts</h2><dl>
{{ with .Params.salary }}<dt>Median pay</dt><dd>${{ lang.FormatNumber 0 .median }} per year</dd>{{ end }}
{{ with .GetTerms "education" }}<dt>Typical education</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd>{{ end }}
{{ with .GetTerms "certs" }}<dt>Certifications</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Params.abbr }}</a> {{ end }}</dd>{{ end }}
</dl></section>
{{ with .Params.salary }}<section><h2>Pay</h2>
<p>Median ${{ lang.FormatNumber 0 .median }} per year; most earn between ${{ lang.FormatNumber 0 .p10 }} (10th percentile) and ${{ lang.FormatNumber 0 .p90 }} (90th percentile).</p>
<div class="bar" style="margin-left: {{ div .p10 2500 }}%; width: {{ div (sub .p90 .p10) 2500 }}%"></div>
<table><caption>Pay per year, USD</caption><tr><th>Percentile</th><th>Pay per year</th></tr>
<tr><td>10th percentile</td><td>${{ lang.FormatNumber 0 .p10 }}</td></tr><tr><td>25th percentile</td><td>${{ lang.FormatNumber 0 .p25 }}</td></tr>
<tr><td>Median</td><td>${{ lang.FormatNumber 0 .median }}</td></tr><tr><td>75th percentile</td><td>${{ lang.FormatNumber 0 .p75 }}</td></tr>
<tr><td>90th percentile</td><td>${{ lang.FormatNumber 0 .p90 }}</td></tr></table>
<p>Source: {{ $.Params.salary_source }}.</p></section>{{ end }}
{{ .Content }}
{{ with .GetTerms "settings" }}<section><h2>Where they work</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a><p>{{ .Params.summary }}</p></li>{{ end }}</ul></section>{{ end }}
{{ with .GetTerms "certs" }}<section><h2>Certifications that matter</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Params.abbr }} {{ .LinkTitle }}</a></li>{{ end }}</ul></section>{{ end }}
<section><h2>Career path</h2>
{{ with index site.Taxonomies.next_roles .File.ContentBaseName }}<h3>Comes from</h3>{{ partial "cards.html" .Pages }}{{ end }}
{{ with .Params.next_roles }}<h3>Leads to</h3><ul class="cards">{{ range . }}{{ with site.GetPage (printf "/roles/%s" .) }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}{{ end }}</ul>{{ end }}
</section>
<p>Last reviewed {{ .Lastmod.Format "2 January 2006" }}.</p></article>{{ end }}
"""
HUGO_PATHWAY = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ $from := site.GetPage (printf "/roles/%s" .Params.from) }}{{ $to := site.GetPage (printf "/roles/%s" .Params.to) }}
<section><h2>The move</h2><ol>{{ partialCached "card.html" $from $from.RelPermalink }}{{ partialCached "card.html" $to $to.RelPermalink }}</ol>
{{ $diff := sub $to.Params.salary.median $from.Params.salary.median }}
<dl><dt>Change in median pay</dt><dd>{{ if ge $diff 0 }}+${{ lang.FormatNumber 0 $diff }}{{ else }}−${{ lang.FormatNumber 0 (mul -1 $diff) }}{{ end }} ({{ if ge $diff 0 }}+{{ end }}{{ lang.FormatNumber 1 (mul 100 (div (float $diff) $from.Params.salary.median)) }}%)</dd>
{{ with $to.GetTerms "education" }}<dt>Education for the new role</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd>{{ end }}
{{ with complement ($from.Params.certs | default slice) ($to.Params.certs | default slice) }}<dt>Credentials to add</dt><dd>{{ range . }}{{ with site.GetPage (printf "/certs/%s" .) }}<a href="{{ .RelPermalink }}">{{ .Params.abbr }}</a> {{ end }}{{ end }}</dd>{{ end }}</dl></section>
{{ with .Params.steps }}<section><h2>Steps</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol></section>{{ end }}
{{ .Content }}</article>{{ end }}
"""
# Term pages (a setting, a certification, an education or career level, an area).
HUGO_TERM = """{{ define "main" }}<article><p>{{ index (dict "settings" "Work setting" "certs" "Certification" "levels" "Career level" "areas" "Career area" "education" "Education level") .Data.Plural }}{{ with .Params.issuer }} · {{ . }}{{ end }}</p>
<h1>{{ .Title }}{{ with .Params.abbr }} ({{ . }}){{ end }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ with .Params.issuer }}<dl><dt>Awarded by</dt><dd>{{ . }}</dd>{{ with $.Params.usual_education }}<dt>Usual education</dt><dd>{{ with site.GetPage (printf "/education/%s" .) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd>{{ end }}</dl>{{ end }}
{{ .Content }}
<section><h2>Roles</h2>{{ partial "cards.html" .Pages }}</section></article>{{ end }}
"""
# Taxonomy pages (/settings/, /certs/, ...): every term with its summary and number of roles.
HUGO_TAXONOMY = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }} roles){{ with .Params.summary }} — {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
"""
# /roles/: every role as a card, by career level.
HUGO_ROLES = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
{{ range slice "entry" "mid" "advanced" "executive" }}{{ with index site.Taxonomies.levels . }}<section><h2>{{ .Page.Title }} ({{ .Count }})</h2>{{ partial "cards.html" .Pages.ByTitle }}</section>{{ end }}{{ end }}{{ end }}
"""
HUGO_HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "roles") }} roles · {{ len site.Taxonomies.settings }} work settings · {{ len site.Taxonomies.certs }} certifications · {{ len site.Taxonomies.education }} education levels · {{ len (where site.RegularPages "Section" "pathways") }} pathways</p>
{{ .Content }}
<h2>Roles by career level</h2>
{{ range slice "entry" "mid" "advanced" "executive" }}{{ with index site.Taxonomies.levels . }}<section><h3><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></h3><ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ${{ lang.FormatNumber 0 .Params.salary.median }} per year</li>{{ end }}</ul></section>{{ end }}{{ end }}{{ end }}
"""
HUGO_HOME_JSON = """{{- $docs := slice -}}
{{- range site.Pages -}}{{- if .Title -}}
{{- $docs = $docs | append (dict "url" .RelPermalink "title" .Title "kind" .Section "summary" .Params.summary "level" .Params.level "area" .Params.area "text" .Plain) -}}
{{- end -}}{{- end -}}
{{- $docs | jsonify -}}
"""
HUGO_AZ = """{{ define "main" }}<h1>{{ .Title }}</h1><p>Every page of the guide, in alphabetical order.</p>
{{ $letter := "" }}<dl>{{ range site.Pages.ByTitle }}{{ if and .Title (ne .Kind "home") }}{{ $l := upper (substr .Title 0 1) }}{{ if ne $l $letter }}{{ $letter = $l }}<dt id="{{ $l }}">{{ $l }}</dt>{{ end }}<dd><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Section }}{{ . }}{{ else }}{{ .Kind }}{{ end }}</dd>{{ end }}{{ end }}</dl>{{ end }}
"""
HUGO_SALARIES = """{{ define "main" }}<h1>{{ .Title }}</h1><p>Every role's pay, ranked by median.</p>
<table><tr><th>Rank</th><th>Role</th><th>Level</th><th>Education</th><th>Median</th><th>10th–90th percentile</th></tr>
{{ range $i, $p := sort (where site.RegularPages "Section" "roles") "Params.salary.median" "desc" }}<tr><td>{{ add $i 1 }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ range .GetTerms "levels" }}{{ .Title }}{{ end }}</td><td>{{ range .GetTerms "education" }}{{ .Title }}{{ end }}</td><td>${{ lang.FormatNumber 0 .Params.salary.median }}</td><td>${{ lang.FormatNumber 0 .Params.salary.p10 }} – ${{ lang.FormatNumber 0 .Params.salary.p90 }}</td></tr>
{{ end }}</table>{{ end }}
"""
LEVEL_TITLES = {"entry": "Entry level", "mid": "Mid-career", "advanced": "Advanced", "executive": "Executive"}


def hugo(n, out, seed):
    rng, settings, certs, roles, pathways = plan(n, seed)
    write(f"{out}/hugo.yaml", HUGO_CONFIG)
    for name, text in [("_default/baseof.html", HUGO_BASEOF), ("_default/single.html", HUGO_ROLE),
                       ("_default/list.html", HUGO_LIST), ("_default/term.html", HUGO_TERM),
                       ("_default/taxonomy.html", HUGO_TAXONOMY), ("roles/list.html", HUGO_ROLES),
                       ("pathways/single.html", HUGO_PATHWAY), ("page/az.html", HUGO_AZ),
                       ("page/salaries.html", HUGO_SALARIES), ("index.html", HUGO_HOME),
                       ("index.json", HUGO_HOME_JSON), ("partials/card.html", HUGO_CARD),
                       ("partials/cards.html", HUGO_CARDS)]:
        write(f"{out}/layouts/{name}", text)
    c = f"{out}/content"
    write(f"{c}/_index.md", "---\ntitle: Synthetic guide\n---\nA synthetic guide.\n")
    for kind, title in [("roles", "Roles"), ("pathways", "Pathways"), ("settings", "Settings"),
                        ("certs", "Certifications"), ("education", "Education"),
                        ("levels", "Career levels"), ("areas", "Career areas")]:
        write(f"{c}/{kind}/_index.md", f"---\ntitle: {title}\n---\n")
    # The back-link taxonomy: used for "Comes from", never rendered as pages of its own.
    write(f"{c}/next_roles/_index.md", "---\ntitle: Next roles\n_build: {render: never, list: never}\n"
          "cascade:\n  _build: {render: never, list: never}\n---\n")
    write(f"{c}/a-z.md", "---\ntitle: A–Z index\ntype: page\nlayout: az\n---\n")
    write(f"{c}/salaries.md", "---\ntitle: Salaries compared\ntype: page\nlayout: salaries\n---\n")
    for slug, order in EDUCATION:
        write(f"{c}/education/{slug}/_index.md", f"---\ntitle: {slug.capitalize()}\nweight: {order}\n---\n{paragraph(rng, 120)}\n")
    for i, level in enumerate(LEVELS):
        write(f"{c}/levels/{level}/_index.md", f"---\ntitle: {LEVEL_TITLES[level]}\nweight: {i + 1}\n---\n")
    for a in AREAS:
        write(f"{c}/areas/{a}/_index.md", f"---\ntitle: {a.replace('-', ' ').capitalize()}\n---\n")
    for s in settings:
        write(f"{c}/settings/{s}/_index.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\nsummary: {sentence(rng, 10)}\n---\n{paragraph(rng, 200)}\n")
    for s in certs:
        write(f"{c}/certs/{s}/_index.md", f"---\ntitle: {s.replace('-', ' ').capitalize()}\nabbr: {s.upper()}\nissuer: AHIMA\n"
              f"usual_education: associate\n---\n{paragraph(rng, 200)}\n")
    for r in roles:
        p10, p25, med, p75, p90 = r["salary"]
        fm = (f"---\ntitle: {r['title']}\nlevel: {r['level']}\nlevels: [{r['level']}]\narea: {r['area']}\nareas: [{r['area']}]\n"
              f"education: [{r['education']}]\nsummary: {sentence(rng, 14)}\n"
              f"settings: [{', '.join(r['settings'])}]\ncerts: [{', '.join(r['certs'])}]\nnext_roles: [{', '.join(r['next'])}]\n"
              f"salary: {{p10: {p10}, p25: {p25}, median: {med}, p75: {p75}, p90: {p90}}}\nsalary_source: Synthetic, 2025\n"
              f"lastmod: 2026-01-01\n---\n")
        links = [f"[{s}](/settings/{s}/)" for s in r["settings"]]
        write(f"{c}/roles/{r['slug']}.md", fm + body(rng, 600, links))
    for a, b in pathways:
        write(f"{c}/pathways/{a}-to-{b}.md", f"---\ntitle: From {a} to {b}\nfrom: {a}\nto: {b}\n"
              f"steps: [\"{sentence(rng, 6)}\", \"{sentence(rng, 6)}\"]\n---\n{paragraph(rng, 150)}\n")


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
