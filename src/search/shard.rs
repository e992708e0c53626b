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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;

/// One trie node as elasticlunr-rs wrote it; `docs` stays raw JSON (it is copied, not read).
#[derive(Debug)]
pub struct Node {
    pub docs: Box<str>,
    pub df: i64,
    pub children: BTreeMap<char, Node>,
}

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

#[derive(Debug, Deserialize)]
pub struct FieldIndex {
    pub root: Node,
}

#[derive(Debug, Deserialize)]
pub struct DocumentStore {
    pub save: bool,
    #[serde(rename = "docInfo")]
    pub doc_info: BTreeMap<String, BTreeMap<String, usize>>,
    pub length: usize,
}

/// The parts of an elasticlunr-rs index that the shards and the manifest are made of.
#[derive(Debug, Deserialize)]
pub struct LunrIndex {
    pub fields: Vec<String>,
    pub pipeline: Vec<String>,
    #[serde(rename = "ref")]
    pub ref_field: String,
    pub version: String,
    pub lang: String,
    pub index: BTreeMap<String, FieldIndex>,
    #[serde(rename = "documentStore")]
    pub document_store: DocumentStore,
}

/// The order JavaScript compares strings in (UTF-16 code units), so that the client can find
/// a term's shard with `<`.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Every term of a trie with the bytes its node takes, in trie order.
fn terms(node: &Node, prefix: &mut String, out: &mut BTreeMap<String, usize>) {
    if node.df > 0 {
        *out.entry(prefix.clone()).or_insert(0) += node.docs.len() + 24;
    }
    for (c, child) in &node.children {
        prefix.push(*c);
        terms(child, prefix, out);
        prefix.pop();
    }
}

/// How to cut one group of fields.
pub struct ShardPlan<'a> {
    pub fields: &'a [&'a str],
    /// Bytes of trie JSON a shard aims at; a single term larger than this gets a shard alone.
    pub target: usize,
}

/// One shard of a group: its first term and its trie JSON (`{"field": node, …}`).
pub struct Shard {
    pub first: String,
    pub json: String,
}

/// Cuts the fields of `plan` into shards. The first shard's first term is `""`, so every
/// possible term falls in exactly one shard: the last one whose first term is not after it.
pub fn cut(index: &LunrIndex, plan: &ShardPlan) -> Vec<Shard> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    for field in plan.fields {
        if let Some(f) = index.index.get(*field) {
            terms(&f.root, &mut String::new(), &mut sizes);
        }
    }
    let mut all: Vec<(String, usize)> = sizes.into_iter().collect();
    all.sort_by(|a, b| js_cmp(&a.0, &b.0));
    // Ranges of terms: (first term, terms in it).
    let mut ranges: Vec<(String, Vec<String>)> = Vec::new();
    let mut size = 0;
    for (term, bytes) in all {
        if ranges.is_empty() || size + bytes > plan.target {
            ranges.push((term.clone(), Vec::new()));
            size = 0;
        }
        if let Some((_, members)) = ranges.last_mut() {
            members.push(term);
        }
        size += bytes;
    }
    if let Some(first) = ranges.first_mut() {
        first.0 = String::new();
    } else {
        ranges.push((String::new(), Vec::new()));
    }
    ranges
        .into_iter()
        .map(|(first, members)| {
            let mut json = String::from("{");
            for (n, field) in plan.fields.iter().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                json.push_str(&quote(field));
                json.push(':');
                match index.index.get(*field) {
                    Some(f) => {
                        let wanted: Vec<&str> = members
                            .iter()
                            .map(String::as_str)
                            .filter(|t| has_term(&f.root, t))
                            .collect();
                        write_pruned(&f.root, &mut String::new(), &wanted, &mut json);
                    }
                    None => json.push_str(EMPTY_NODE),
                }
            }
            json.push('}');
            Shard { first, json }
        })
        .collect()
}

const EMPTY_NODE: &str = r#"{"docs":{},"df":0}"#;

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn has_term(root: &Node, term: &str) -> bool {
    let mut node = root;
    for c in term.chars() {
        match node.children.get(&c) {
            Some(n) => node = n,
            None => return false,
        }
    }
    node.df > 0
}

/// Writes the part of the trie under `node` (whose term is `prefix`) that leads to `wanted`
/// (sorted terms, all starting with `prefix`).
fn write_pruned(node: &Node, prefix: &mut String, wanted: &[&str], out: &mut String) {
    let own = wanted.first().is_some_and(|t| *t == prefix.as_str());
    if own {
        out.push_str(r#"{"docs":"#);
        out.push_str(&node.docs);
        let _ = write!(out, r#","df":{}"#, node.df);
    } else {
        out.push_str(r#"{"docs":{},"df":0"#);
    }
    let rest = if own { &wanted[1..] } else { wanted };
    for (c, child) in &node.children {
        prefix.push(*c);
        let below: Vec<&str> = rest
            .iter()
            .copied()
            .filter(|t| t.starts_with(prefix.as_str()))
            .collect();
        if !below.is_empty() {
            out.push(',');
            out.push_str(&quote(&c.to_string()));
            out.push(':');
            write_pruned(child, prefix, &below, out);
        }
        prefix.pop();
    }
    out.push('}');
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
