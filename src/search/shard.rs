//! Shards: one elasticlunr index cut into term ranges, so a query downloads only the terms it
//! can match.
//!
//! elasticlunr keeps, per field, a character trie whose nodes are
//! `{"docs": {ref: {"tf": x}}, "df": n, "<char>": node, …}`. Fields are put in groups (short,
//! high-boost names apart from the long text), each group's terms are sorted and cut into
//! contiguous ranges of about [`ShardPlan::target`] bytes, and a shard holds, for each field of
//! its group, the part of the trie that leads to its terms: the nodes of its own terms with
//! their `docs` and `df`, and the nodes on the way to them with empty ones (`{"docs":{},"df":0}`,
//! as elasticlunr writes a prefix that is not a term). Merging every shard's tries node by node,
//! keeping the `docs` of the shard where a node has `df > 0`, gives back the original tries
//! exactly; `merge_shards` does it here for the tests and `toElasticlunr` in search-core.js does
//! it for elasticlunr.js.

use rayon::prelude::*;
#[cfg(test)]
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[cfg(test)]
use super::trie::FieldTerms;
use super::trie::{Term, TermIndex};

#[cfg(test)]
use serde::Deserialize;
#[cfg(test)]
use serde::de::{self, MapAccess, Visitor};
#[cfg(test)]
use serde_json::value::RawValue;

/// One trie node as elasticlunr-rs wrote it; `docs` stays raw JSON (it is copied, not read).
#[cfg(test)]
#[derive(Debug)]
pub struct Node {
    pub docs: Box<str>,
    pub df: i64,
    pub children: BTreeMap<char, Node>,
}

#[cfg(test)]
impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an elasticlunr trie node")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut docs = None;
                let mut df = 0;
                let mut children = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "docs" => docs = Some(Box::<str>::from(map.next_value::<Box<RawValue>>()?)),
                        "df" => df = map.next_value::<i64>()?,
                        other => {
                            let mut chars = other.chars();
                            let (Some(c), None) = (chars.next(), chars.next()) else {
                                return Err(de::Error::custom(format!(
                                    "trie key `{other}` is not one character"
                                )));
                            };
                            children.insert(c, map.next_value::<Node>()?);
                        }
                    }
                }
                let docs = docs.ok_or_else(|| de::Error::missing_field("docs"))?;
                Ok(Node { docs, df, children })
            }
        }
        deserializer.deserialize_map(NodeVisitor)
    }
}

#[cfg(test)]
#[derive(Debug, Deserialize)]
pub struct FieldIndex {
    pub root: Node,
}

/// The tries of an elasticlunr-rs index (tests read its JSON back to compare with ours).
#[cfg(test)]
#[derive(Debug, Deserialize)]
pub struct LunrIndex {
    pub fields: Vec<String>,
    pub index: BTreeMap<String, FieldIndex>,
}

/// The order JavaScript compares strings in (UTF-16 code units), so that the client can find
/// a term's shard with `<`.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// How to cut one group of fields.
pub struct ShardPlan<'a> {
    pub fields: &'a [&'a str],
    /// Bytes of trie JSON a shard aims at; a single term larger than this gets a shard alone.
    pub target: usize,
}

/// One shard of a group: its first term and its trie JSON (`{"field": node, …}`).
#[cfg(test)]
pub struct Shard {
    pub first: String,
    pub json: String,
}

/// One shard before it is written: its first term, its terms (in byte order) and, per field of
/// the plan, where those terms are in the field's term list.
pub struct Range<'a> {
    pub first: String,
    members: Vec<&'a str>,
    positions: Vec<Vec<u32>>,
}

/// Cuts the fields of `plan` into shards and writes them all (see [`ranges`]).
#[cfg(test)]
pub fn cut(index: &TermIndex, plan: &ShardPlan) -> Vec<Shard> {
    ranges(index, plan)
        .into_iter()
        .map(|r| Shard {
            json: r.json(index, plan),
            first: r.first,
        })
        .collect()
}

/// Cuts the fields of `plan` into shards. The first shard's first term is `""`, so every
/// possible term falls in exactly one shard: the last one whose first term is not after it.
pub fn ranges<'a>(index: &'a TermIndex, plan: &ShardPlan) -> Vec<Range<'a>> {
    // Every term of the group with the bytes its nodes take. Each field's terms are in byte
    // order already: a stable sort of the fields' lists one after the other only merges those
    // runs, and a term of several fields is then a run of equal neighbours to add up, with no
    // ordered map of every term. Measuring a term walks its postings: on all cores (in order).
    let mut each: Vec<(&str, usize)> = Vec::new();
    for field in plan.fields {
        let terms = index.field(field).map_or(&[][..], |f| &f.terms[..]);
        each.par_extend(
            terms
                .par_iter()
                .map(|t| (t.text.as_str(), index.docs_len(t) + 24)),
        );
    }
    if plan.fields.len() > 1 {
        each.par_sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut all: Vec<(&str, usize)> = Vec::with_capacity(each.len());
    for (term, bytes) in each {
        match all.last_mut() {
            Some(last) if last.0 == term => last.1 += bytes,
            _ => all.push((term, bytes)),
        }
    }
    // Byte order already; only terms with characters beyond U+FFFF sort differently in JS.
    if all.iter().any(|(t, _)| t.chars().any(|c| c > '\u{ffff}')) {
        all.sort_by(|a, b| js_cmp(a.0, b.0));
    }
    let mut ranges: Vec<Range> = Vec::new();
    let mut size = 0;
    for (term, bytes) in all {
        if ranges.is_empty() || size + bytes > plan.target {
            ranges.push(Range {
                first: term.to_string(),
                members: Vec::new(),
                positions: Vec::new(),
            });
            size = 0;
        }
        if let Some(range) = ranges.last_mut() {
            range.members.push(term);
        }
        size += bytes;
    }
    if let Some(first) = ranges.first_mut() {
        first.first = String::new();
    } else {
        ranges.push(Range {
            first: String::new(),
            members: Vec::new(),
            positions: Vec::new(),
        });
    }
    for range in &mut ranges {
        range.members.sort_unstable();
        // Both lists are in byte order: one pass finds each member in each field (a member
        // need not be a term of every field of the group).
        range.positions = plan
            .fields
            .iter()
            .map(|field| {
                let terms = index.field(field).map_or(&[][..], |f| &f.terms[..]);
                let mut found = Vec::new();
                // Start at the range's first member, not at the field's first term: scanning
                // from the start for every range made this quadratic in the number of terms.
                let mut k = range
                    .members
                    .first()
                    .map_or(0, |m| terms.partition_point(|t| t.text.as_str() < *m));
                for member in &range.members {
                    while k < terms.len() && terms[k].text.as_str() < *member {
                        k += 1;
                    }
                    if k < terms.len() && terms[k].text == *member {
                        found.push(k as u32);
                    }
                }
                found
            })
            .collect();
    }
    ranges
}

impl Range<'_> {
    /// The shard's trie JSON: for each field of the group, the part of its trie that leads to
    /// this shard's terms.
    pub fn json(&self, index: &TermIndex, plan: &ShardPlan) -> String {
        let mut json = String::from("{");
        for (n, field) in plan.fields.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            push_quoted(&mut json, field);
            json.push(':');
            let wanted: Vec<&Term> = match (index.field(field), self.positions.get(n)) {
                (Some(terms), Some(at)) => at.iter().map(|&k| &terms.terms[k as usize]).collect(),
                _ => Vec::new(),
            };
            write_pruned(index, &wanted, 0, &mut json);
        }
        json.push('}');
        json
    }
}

fn push_quoted(out: &mut String, s: &str) {
    if s.chars().all(|c| c.is_alphanumeric()) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    }
}

/// Writes the trie node whose term is the first `depth` bytes of every term in `wanted`
/// (sorted in byte order), with the part of the trie below it that leads to `wanted`. A node
/// that is one of `wanted` carries its postings; every other node is empty, as elasticlunr
/// writes a prefix that is not a term.
fn write_pruned(index: &TermIndex, wanted: &[&Term], depth: usize, out: &mut String) {
    let own = wanted.first().is_some_and(|t| t.text.len() == depth);
    if let (true, Some(term)) = (own, wanted.first()) {
        out.push_str(r#"{"docs":"#);
        index.write_docs(term, out);
        let _ = write!(out, r#","df":{}"#, term.postings.len());
    } else {
        out.push_str(EMPTY_NODE_OPEN);
    }
    let mut rest = if own { &wanted[1..] } else { wanted };
    // Sorted terms sharing this prefix are grouped by their next character, in character order.
    while let Some(c) = rest.first().and_then(|t| t.text[depth..].chars().next()) {
        let below = depth + c.len_utf8();
        let key = &rest[0].text[..below];
        let n = rest.iter().take_while(|t| t.text.starts_with(key)).count();
        out.push(',');
        let mut buf = [0u8; 4];
        push_quoted(out, c.encode_utf8(&mut buf));
        out.push(':');
        write_pruned(index, &rest[..n], below, out);
        rest = &rest[n..];
    }
    out.push('}');
}

const EMPTY_NODE_OPEN: &str = r#"{"docs":{},"df":0"#;

/// The terms of an elasticlunr-rs index over documents `0..docs`, for comparing it with ours
/// in tests (term frequencies are `sqrt(count)`, so counts come back as `round(tf²)`).
#[cfg(test)]
pub fn flatten(index: &LunrIndex, docs: usize) -> TermIndex {
    fn walk(node: &Node, prefix: &mut String, out: &mut Vec<Term>) {
        if node.df > 0 {
            let parsed: BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&node.docs).unwrap_or_default();
            let mut postings: Vec<(String, (u32, u32))> = parsed
                .into_iter()
                .map(|(r, v)| {
                    let tf = v["tf"].as_f64().unwrap_or(0.0);
                    let n = r.parse().unwrap_or(0);
                    (r, (n, (tf * tf).round() as u32))
                })
                .collect();
            postings.sort_by_key(|(_, (n, _))| *n);
            out.push(Term {
                text: prefix.clone(),
                postings: super::trie::Postings::from_pairs(postings.into_iter().map(|(_, p)| p)),
            });
        }
        for (c, child) in &node.children {
            prefix.push(*c);
            walk(child, prefix, out);
            prefix.pop();
        }
    }
    let terms = index
        .fields
        .iter()
        .map(|f| {
            let mut terms = Vec::new();
            if let Some(field) = index.index.get(f) {
                walk(&field.root, &mut String::new(), &mut terms);
            }
            FieldTerms { terms }
        })
        .collect();
    TermIndex::from_terms(index.fields.clone(), terms, docs)
}

#[cfg(test)]
/// Merges shard tries (`{"field": node}` values) back into whole tries: the inverse of
/// [`cut`], used by the tests to prove nothing is lost.
pub fn merge_shards(shards: &[serde_json::Value]) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for shard in shards {
        if let Some(fields) = shard.as_object() {
            for (field, node) in fields {
                let slot = out
                    .entry(field.clone())
                    .or_insert_with(|| serde_json::json!({"docs": {}, "df": 0}));
                merge_node(slot, node);
            }
        }
    }
    out
}

#[cfg(test)]
fn merge_node(into: &mut serde_json::Value, from: &serde_json::Value) {
    let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) else {
        return;
    };
    if from
        .get("df")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0)
        > 0
    {
        into.insert("docs".into(), from["docs"].clone());
        into.insert("df".into(), from["df"].clone());
    }
    for (key, child) in from {
        if key == "docs" || key == "df" {
            continue;
        }
        let slot = into
            .entry(key.clone())
            .or_insert_with(|| serde_json::json!({"docs": {}, "df": 0}));
        merge_node(slot, child);
    }
}
