//! Structure mistakes in YAML that the parser reports late, on the wrong line, in its own
//! words or not at all: a key or list item indented too far or not far enough, a `[`, `{` or
//! quote never closed, quotes that end early, a `-` or `:` without the space after it.
//!
//! The scan reads the front-matter line by line, before the parser, keeping the columns of
//! the open mappings and lists. Each problem points at the line where the fix goes and names
//! the fix. Hand-written because the YAML parser gives up (or guesses) at exactly these
//! places, and its messages name the grammar rather than the editor's mistake.

/// One structure problem: where the fix goes (0-based line of the YAML, 1-based column) and
/// what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub span: usize,
    pub message: String,
    pub label: Option<String>,
    pub help: String,
}

/// An open block: a mapping or a list, whose entries start at `col`.
#[derive(Debug, Clone)]
struct Block<'a> {
    col: usize,
    list: bool,
    /// The first entry's line (0-based) and name (a key, or the item's text), for messages.
    first_line: usize,
    first_name: &'a str,
}

/// What a line holds after its indentation and any `- `.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Head<'a> {
    /// `key: value` (value without the comment; empty when the value is on the next lines).
    Key {
        name: &'a str,
        value: &'a str,
        value_col: usize,
    },
    /// Anything else: a scalar, a flow collection, …
    Scalar(&'a str),
}

/// Where a multi-line value is: inside `[…]`/`{…}` or a quoted string, or a block scalar.
#[derive(Debug, Clone)]
enum Open {
    Flow {
        line: usize,
        key_col: usize,
        closer: char,
        state: FlowState,
    },
    BlockScalar {
        key_col: usize,
    },
}

#[derive(Debug, Clone, Default)]
struct FlowState {
    depth: i32,
    quote: Option<char>,
    /// The closing bracket the outermost collection needs.
    first: Option<char>,
}

impl FlowState {
    /// Reads `s`, updating brackets and quotes; returns the byte offset where the outermost
    /// collection or the quoted string closed, if it did.
    fn scan(&mut self, s: &str) -> Option<usize> {
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match self.quote {
                Some('"') => match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        self.quote = None;
                        if self.depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            self.quote = None;
                            if self.depth == 0 {
                                return Some(i);
                            }
                        }
                    }
                }
                None => match c {
                    '"' | '\'' => self.quote = Some(c),
                    '[' | '{' => {
                        if self.depth == 0 {
                            self.first = Some(if c == '[' { ']' } else { '}' });
                        }
                        self.depth += 1;
                    }
                    ']' | '}' => {
                        self.depth -= 1;
                        if self.depth <= 0 {
                            self.depth = 0;
                            return Some(i);
                        }
                    }
                    '#' if self.depth > 0 && s[..i].ends_with([' ', '\t']) => return None,
                    _ => {}
                },
            }
        }
        None
    }

    fn open(&self) -> bool {
        self.depth > 0 || self.quote.is_some()
    }
}

/// The text before a comment (` #` outside quotes), trimmed at the end.
fn without_comment(s: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if (c == '"' || c == '\'') && (i == 0 || matches!(prev, ' ' | '[' | '{' | ',')) {
                    quote = Some(c);
                } else if c == '#' && (i == 0 || prev == ' ' || prev == '\t') {
                    return s[..i].trim_end();
                }
            }
        }
        prev = c;
    }
    s.trim_end()
}

/// Reads `text` (a line after its indentation and any `- `) as a key or a scalar.
fn head(text: &str) -> Head<'_> {
    let text = without_comment(text);
    let plain_key = |k: &str| {
        !k.is_empty()
            && !k.starts_with([
                '[', '{', '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`', '-',
            ])
            && !k.contains(['#', '[', ']', '{', '}', ','])
    };
    // `key:` at the end, or `key: value`.
    let colon = text
        .find(": ")
        .or_else(|| text.find(":\t"))
        .or_else(|| text.strip_suffix(':').map(str::len));
    if let Some(c) = colon {
        let name = text[..c].trim_end();
        if plain_key(name) {
            let after = &text[c + 1..];
            let value = after.trim_start();
            return Head::Key {
                name,
                value,
                value_col: c + 1 + (after.len() - value.len()),
            };
        }
        // A quoted key: `"a b": c`.
        if let Some(q) = name.chars().next().filter(|&q| q == '"' || q == '\'')
            && name.len() > 1
            && name.ends_with(q)
        {
            let after = &text[c + 1..];
            let value = after.trim_start();
            return Head::Key {
                name: &name[1..name.len() - 1],
                value,
                value_col: c + 1 + (after.len() - value.len()),
            };
        }
    }
    Head::Scalar(text)
}

/// A line's indentation in spaces, or `None` when a tab is part of it (reported elsewhere).
fn indentation(line: &str) -> Option<usize> {
    let n = line.len() - line.trim_start_matches(' ').len();
    if line[n..].starts_with('\t') {
        None
    } else {
        Some(n)
    }
}

/// A list item: `- …` or a lone `-`; the column (relative to the dash) its content starts at.
fn item_rest(text: &str) -> Option<(&str, usize)> {
    if text == "-" {
        return Some(("", 1));
    }
    let rest = text
        .strip_prefix("- ")
        .or_else(|| text.strip_prefix("-\t"))?;
    let trimmed = rest.trim_start_matches(' ');
    Some((trimmed, 1 + 1 + rest.len() - trimmed.len()))
}

fn name_of<'a>(h: &Head<'a>) -> &'a str {
    match h {
        Head::Key { name, .. } => name,
        Head::Scalar(s) => s,
    }
}

/// Whether `value` starts a block scalar (`|`, `>-`, `|2`, …).
fn is_block_scalar(value: &str) -> bool {
    value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

fn spaces(n: usize) -> String {
    match n {
        0 => "at the start of the line".to_string(),
        1 => "1 space in".to_string(),
        n => format!("{n} spaces in"),
    }
}

/// The structure problems of `lines` (the YAML between the fences), at most one per
/// top-level key, in line order.
/// `first_line` is the file's line of the first YAML line, for the line numbers in help.
pub fn problems<'a>(lines: &[&'a str], first_line: usize) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    let mut stack: Vec<Block<'a>> = Vec::new();
    // The previous entry opened a value on the next lines (`key:` or `-`): its column, and
    // whether a list may start at that same column (`key:` followed by `- a`).
    let mut pending: Option<(usize, bool)> = None;
    let mut open: Option<Open> = None;
    // The previous entry's line, column and name, for messages.
    let mut prev: Option<(usize, usize, &'a str, bool)> = None;
    // Top-level lines that already have a problem: one per key is enough.
    let mut last_problem_top: Option<usize> = None;
    let top_of = |idx: usize| -> usize {
        (0..=idx)
            .rev()
            .find(|&i| {
                lines[i]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-')
            })
            .unwrap_or(0)
    };
    let mut report = |out: &mut Vec<Problem>, p: Problem| {
        let top = top_of(p.line);
        if last_problem_top != Some(top) {
            last_problem_top = Some(top);
            out.push(p);
        }
    };

    for (idx, &raw) in lines.iter().enumerate() {
        let line: &'a str = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty() || trimmed.starts_with('#');
        let Some(indent) = indentation(line) else {
            continue;
        };
        // Inside a multi-line value.
        match &mut open {
            Some(Open::BlockScalar { key_col }) => {
                if blank || indent > *key_col {
                    continue;
                }
                open = None;
            }
            Some(Open::Flow {
                line: opened,
                key_col,
                closer,
                state,
            }) => {
                if blank {
                    continue;
                }
                let looks_like_key = matches!(head(trimmed), Head::Key { .. });
                if indent <= *key_col && (looks_like_key || item_rest(trimmed).is_some()) {
                    let text = lines[*opened].trim_end_matches('\r');
                    let shown = without_comment(text);
                    let (what, fix) = match closer {
                        ']' => ("list", "]"),
                        '}' => ("mapping", "}"),
                        '"' => ("text", "\""),
                        _ => ("text", "'"),
                    };
                    let column = shown.chars().count() + 1;
                    report(
                        &mut out,
                        Problem {
                            line: *opened,
                            column,
                            span: 1,
                            message: format!("this {what} is missing its closing `{fix}`"),
                            label: Some(format!("add `{fix}` here")),
                            help: format!(
                                "end the value with `{fix}`: `{}{fix}`",
                                shown.trim_start()
                            ),
                        },
                    );
                    open = None;
                    pending = None;
                } else {
                    if state.scan(line).is_some() && !state.open() {
                        open = None;
                    }
                    continue;
                }
            }
            None => {}
        }
        if blank {
            continue;
        }

        let item = item_rest(trimmed);
        let is_item = item.is_some();
        let (rest, rest_col) = match item {
            Some((rest, off)) => (rest, indent + off),
            None => (trimmed, indent),
        };
        let h = head(rest);

        // Where this entry belongs.
        let mut placed = false;
        if let Some((col, list_at_same)) = pending.take()
            && (indent > col || (is_item && list_at_same && indent == col))
        {
            stack.push(Block {
                col: indent,
                list: is_item,
                first_line: idx,
                first_name: name_of(&h),
            });
            placed = true;
        }
        if !placed {
            let structural = is_item || matches!(h, Head::Key { .. });
            match stack.last() {
                None => {
                    stack.push(Block {
                        col: indent,
                        list: is_item,
                        first_line: idx,
                        first_name: name_of(&h),
                    });
                }
                Some(top) if indent > top.col => {
                    if structural {
                        let (pline, pcol, pname, pitem) = prev.unwrap_or_default();
                        let this = name_of(&h);
                        let p = if is_item && pitem {
                            Problem {
                                line: idx,
                                column: indent + 1,
                                span: 1,
                                message: format!(
                                    "this list item is indented more than the item above it, so it is read as part of `{pname}`"
                                ),
                                label: Some("line this `-` up with the one above".into()),
                                help: format!(
                                    "start the `-` {}, like the `-` on line {}",
                                    spaces(pcol),
                                    first_line + pline
                                ),
                            }
                        } else if is_item {
                            Problem {
                                line: idx,
                                column: indent + 1,
                                span: 1,
                                message: format!(
                                    "this list item is indented under `{pname}`, which already has a value"
                                ),
                                label: None,
                                help: format!(
                                    "to make a list, leave `{pname}:` with nothing after the colon and put the items on the lines below it; otherwise line this line up with line {}",
                                    first_line + pline
                                ),
                            }
                        } else {
                            Problem {
                                line: idx,
                                column: indent + 1,
                                span: this.chars().count().max(1),
                                message: format!(
                                    "`{this}` is indented more than `{pname}` above it"
                                ),
                                label: Some("indented too far".into()),
                                help: format!(
                                    "start `{this}` {}, like `{pname}` on line {}; if this line continues the text above, put the whole text in double quotes",
                                    spaces(pcol),
                                    first_line + pline
                                ),
                            }
                        };
                        report(&mut out, p);
                    }
                    // A continuation line of a plain value, or a reported line: skip it.
                    continue;
                }
                Some(_) => {
                    let mut popped: Option<Block<'a>> = None;
                    while stack.last().is_some_and(|b| b.col > indent) {
                        popped = stack.pop();
                    }
                    // A list at its key's column (`key:` then `- a`) ends at the next key.
                    if !is_item
                        && stack.last().is_some_and(|b| b.list && b.col == indent)
                        && stack.len() > 1
                        && stack[stack.len() - 2].col == indent
                    {
                        popped = stack.pop();
                    }
                    let top = stack.last().cloned();
                    match top {
                        Some(top) if top.col == indent && top.list == is_item => {}
                        Some(top) if top.col == indent && is_item => {
                            // An item where the mapping expects a key: a list item moved
                            // left of its list.
                            let (col, first_line_of_list) = popped
                                .as_ref()
                                .filter(|b| b.list)
                                .map(|b| (b.col, b.first_line))
                                .unwrap_or((top.col + 2, top.first_line));
                            let first_line_of_list = first_line + first_line_of_list;
                            report(
                                &mut out,
                                Problem {
                                    line: idx,
                                    column: indent + 1,
                                    span: 1,
                                    message:
                                        "this list item is not lined up with the items above it"
                                            .into(),
                                    label: Some("move this `-` to the right".into()),
                                    help: format!(
                                        "the items of a list must line up: start the `-` {}, like the `-` on line {}",
                                        spaces(col),
                                        first_line_of_list
                                    ),
                                },
                            );
                            continue;
                        }
                        Some(top) if top.col == indent => {
                            // A key where a list's items are: the list ended without its
                            // key's mapping; reported by the parser's own message.
                            let _ = top;
                        }
                        Some(top) => {
                            // Between two levels.
                            let inner = popped.unwrap_or(top.clone());
                            let p = if is_item {
                                Problem {
                                    line: idx,
                                    column: indent + 1,
                                    span: 1,
                                    message:
                                        "this list item is not lined up with the items above it"
                                            .into(),
                                    label: Some("not lined up".into()),
                                    help: format!(
                                        "the items of a list must line up: start the `-` {}, like the `-` on line {}",
                                        spaces(inner.col),
                                        first_line + inner.first_line
                                    ),
                                }
                            } else {
                                let this = name_of(&h);
                                Problem {
                                    line: idx,
                                    column: indent + 1,
                                    span: this.chars().count().max(1),
                                    message: format!(
                                        "`{this}` is not lined up with `{}` above it",
                                        inner.first_name
                                    ),
                                    label: Some("not lined up".into()),
                                    help: format!(
                                        "the keys of a mapping must line up: start `{this}` {}, like `{}` on line {}",
                                        spaces(inner.col),
                                        inner.first_name,
                                        first_line + inner.first_line
                                    ),
                                }
                            };
                            report(&mut out, p);
                            continue;
                        }
                        None => {
                            stack.push(Block {
                                col: indent,
                                list: is_item,
                                first_line: idx,
                                first_name: name_of(&h),
                            });
                        }
                    }
                }
            }
        }

        // A `-` without its space where a list's items are: `-ccs`.
        if !is_item
            && let Head::Scalar(s) = h
            && s.starts_with('-')
            && s.chars()
                .nth(1)
                .is_some_and(|c| !c.is_whitespace() && c != '-')
            && stack.last().is_some_and(|b| b.list && b.col == indent)
        {
            report(
                &mut out,
                Problem {
                    line: idx,
                    column: indent + 1,
                    span: 1,
                    message: "a list item needs a space after its `-`".into(),
                    label: Some("add a space after `-`".into()),
                    help: format!("write `- {}`", &s[1..]),
                },
            );
            continue;
        }
        // A key without its space where a mapping's keys are: `title:Coder`.
        if !is_item
            && let Head::Scalar(s) = h
            && stack.last().is_some_and(|b| !b.list && b.col == indent)
            && let Some((k, v)) = s.split_once(':')
            && !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && !v.starts_with("//")
        {
            report(
                &mut out,
                Problem {
                    line: idx,
                    column: indent + k.chars().count() + 2,
                    span: 1,
                    message: format!("the key `{k}` needs a space after its colon"),
                    label: Some("add a space here".into()),
                    help: format!("write `{k}: {v}`"),
                },
            );
            continue;
        }

        // An item holding a key opens the item's mapping.
        if is_item {
            if let Head::Key { .. } = h {
                stack.push(Block {
                    col: rest_col,
                    list: false,
                    first_line: idx,
                    first_name: name_of(&h),
                });
            } else if rest.is_empty() {
                pending = Some((indent, false));
            }
        }
        let (key_col, value, value_col) = match h {
            Head::Key {
                value, value_col, ..
            } => (rest_col, value, rest_col + value_col),
            Head::Scalar(s) => (indent, s, rest_col),
        };
        if matches!(h, Head::Key { .. }) && value.is_empty() {
            pending = Some((key_col, true));
        } else if matches!(h, Head::Key { .. }) && is_block_scalar(value) {
            open = Some(Open::BlockScalar { key_col });
        } else if value.starts_with(['[', '{', '"', '\'']) {
            let mut state = FlowState::default();
            let closed = state.scan(value);
            if state.open() {
                let closer = match state.quote {
                    Some(q) => q,
                    None => state.first.unwrap_or(']'),
                };
                open = Some(Open::Flow {
                    line: idx,
                    key_col,
                    closer,
                    state,
                });
            } else if let Some(end) = closed
                && value.starts_with(['"', '\''])
            {
                // Text after the closing quote: a quote inside the value ended it early.
                let after = value[end + 1..].trim_start();
                if !after.is_empty() {
                    let q = &value[..1];
                    let help = if q == "'" {
                        format!(
                            "inside '…' write a `'` twice (`''`), or put the value in double quotes instead: `\"{}\"`",
                            &value[1..value.len() - 1].replace('"', "\\\"")
                        )
                    } else {
                        format!(
                            "inside \"…\" write a `\"` as `\\\"`, or put the value in single quotes instead: `'{}'`",
                            &value[1..value.len() - 1].replace('\'', "''")
                        )
                    };
                    report(
                        &mut out,
                        Problem {
                            line: idx,
                            column: value_col + value[..end].chars().count() + 1,
                            span: 1,
                            message: format!(
                                "the quotes around this value end early, at the `{q}` before `{}`",
                                after.chars().take(12).collect::<String>()
                            ),
                            label: Some("the value ends here".into()),
                            help,
                        },
                    );
                }
            }
        }
        prev = Some(match h {
            Head::Scalar(_) if is_item => (idx, indent, name_of(&h), true),
            _ => (idx, key_col, name_of(&h), false),
        });
    }
    // A collection or quote still open at the end.
    if let Some(Open::Flow {
        line: opened,
        closer,
        ..
    }) = open
    {
        let shown = without_comment(lines[opened].trim_end_matches('\r'));
        let (what, fix) = match closer {
            ']' => ("list", "]"),
            '}' => ("mapping", "}"),
            '"' => ("text", "\""),
            _ => ("text", "'"),
        };
        report(
            &mut out,
            Problem {
                line: opened,
                column: shown.chars().count() + 1,
                span: 1,
                message: format!("this {what} is missing its closing `{fix}`"),
                label: Some(format!("add `{fix}` here")),
                help: format!("end the value with `{fix}`: `{}{fix}`", shown.trim_start()),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: &str) -> Vec<(usize, usize, String)> {
        let lines: Vec<&str> = yaml.split('\n').collect();
        problems(&lines, 1)
            .into_iter()
            .map(|p| (p.line + 1, p.column, p.message))
            .collect()
    }

    #[test]
    fn well_formed_front_matter_has_no_structure_problem() {
        for yaml in [
            "title: A\nlevel: entry\n",
            "title: A\nsettings:\n  - hospitals\n  - remote-work\nlevel: entry\n",
            "title: A\nsettings:\n- hospitals\n- remote-work\nlevel: entry\n",
            "salary:\n  period: annual\n  median: 5\nsources:\n  - title: A\n    url: https://x.org\n  - title: B\n",
            "summary: A long text\n  that goes on - and on\n",
            "summary: >\n  Folded text\n    with more indentation\nlevel: entry\n",
            "tags: [a,\n  b]\ntitle: \"Multi\n  line\"\n",
            "title: 'It''s fine'  # comment\nx: \"a \\\" b\"\n",
            "extra:\n  a:\n    b: 1\n  c: 2\nd: 3\n",
            "steps:\n  -\n    a: 1\n",
            "summary: one\n  two\n  three\nlevel: entry\n",
        ] {
            assert_eq!(found(yaml), [], "{yaml}");
        }
    }

    #[test]
    fn indentation_mistakes_point_at_the_line_to_fix() {
        let f = found("title: A\noutlook:\n  growth_pct: 7\n    period: x\n  source: y\n");
        assert_eq!((f[0].0, f[0].1), (4, 5), "{f:?}");
        assert!(
            f[0].2
                .contains("`period` is indented more than `growth_pct`")
        );
        let f = found("settings:\n  - hospitals\n   - physician-offices\n");
        assert_eq!((f[0].0, f[0].1), (3, 4), "{f:?}");
        assert!(f[0].2.contains("read as part of `hospitals`"), "{f:?}");
        for yaml in [
            "settings:\n  - hospitals\n - physician-offices\n",
            "settings:\n  - hospitals\n- physician-offices\n",
        ] {
            let f = found(yaml);
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(f[0].0, 3);
            assert!(f[0].2.contains("not lined up"), "{f:?}");
        }
        let f = found("outlook:\n   growth_pct: 7\n  period: x\n");
        assert!(
            f[0].2
                .contains("`period` is not lined up with `growth_pct`"),
            "{f:?}"
        );
    }

    #[test]
    fn unclosed_brackets_and_quotes_point_at_the_end_of_their_line() {
        let f = found("title: A\nsettings: [hospitals\ncertifications: [rhit]\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (2, 21));
        assert!(f[0].2.contains("missing its closing `]`"));
        let f = found("title: \"Coder\nlevel: entry\n");
        assert!(f[0].2.contains("missing its closing `\"`"), "{f:?}");
        let f = found("title: 'It's here'\n");
        assert!(f[0].2.contains("end early"), "{f:?}");
    }

    #[test]
    fn missing_spaces_after_dashes_and_colons() {
        let f = found("certifications:\n  - rhit\n  -ccs\n");
        assert!(f[0].2.contains("space after its `-`"), "{f:?}");
        let f = found("title:Coder\nlevel: entry\n");
        assert!(f[0].2.contains("`title` needs a space"), "{f:?}");
    }
}
