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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            // `\"` inside double quotes and `''` inside single quotes do not end the text.
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some('\'') if c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
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
pub fn problems(lines: &[&str], first_line: usize) -> Vec<Problem> {
    let mut scan = Scan {
        lines,
        first_line,
        out: Vec::new(),
        stack: Vec::new(),
        pending: None,
        open: None,
        prev: None,
        last_problem_top: None,
    };
    for idx in 0..lines.len() {
        scan.read_line(idx);
    }
    scan.finish()
}

/// The previous entry, for messages: its line, column and name, and whether it was a list
/// item holding a plain value.
#[derive(Debug, Clone, Copy, Default)]
struct Prev<'a> {
    line: usize,
    col: usize,
    name: &'a str,
    scalar_item: bool,
}

/// One line's entry: where it starts and what it holds.
struct Entry<'a> {
    idx: usize,
    indent: usize,
    is_item: bool,
    /// The text after the indentation and any `- `, and its column.
    rest: &'a str,
    rest_col: usize,
    head: Head<'a>,
}

/// The scan's state between lines.
struct Scan<'l, 'a> {
    lines: &'l [&'a str],
    first_line: usize,
    out: Vec<Problem>,
    stack: Vec<Block<'a>>,
    /// The previous entry opened a value on the next lines (`key:` or `-`): its column, and
    /// whether a list may start at that same column (`key:` followed by `- a`).
    pending: Option<(usize, bool)>,
    open: Option<Open>,
    prev: Option<Prev<'a>>,
    /// The top-level line of the last problem: one problem per top-level key is enough.
    last_problem_top: Option<usize>,
}

impl<'a> Scan<'_, 'a> {
    fn read_line(&mut self, idx: usize) {
        let line: &'a str = self.lines[idx].trim_end_matches('\r');
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty() || trimmed.starts_with('#');
        let Some(indent) = indentation(line) else {
            return;
        };
        if self.inside_open_value(line, trimmed, indent, blank) || blank {
            return;
        }
        let item = item_rest(trimmed);
        let (rest, rest_col) = match item {
            Some((rest, off)) => (rest, indent + off),
            None => (trimmed, indent),
        };
        let entry = Entry {
            idx,
            indent,
            is_item: item.is_some(),
            rest,
            rest_col,
            head: head(rest),
        };
        if self.place(&entry) && !self.missing_space(&entry) {
            self.read_value(&entry);
        }
    }

    /// Records `p` unless its top-level key already has a problem.
    fn report(&mut self, p: Problem) {
        let top = (0..=p.line)
            .rev()
            .find(|&i| {
                self.lines[i]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-')
            })
            .unwrap_or(0);
        if self.last_problem_top != Some(top) {
            self.last_problem_top = Some(top);
            self.out.push(p);
        }
    }

    /// A line inside a multi-line value (a block scalar, or `[…]`, `{…}` or quotes left open):
    /// whether the line belongs to that value. A key or item at the value's key's column ends
    /// a flow value that was never closed, which is a problem.
    fn inside_open_value(&mut self, line: &str, trimmed: &str, indent: usize, blank: bool) -> bool {
        match &mut self.open {
            Some(Open::BlockScalar { key_col }) => {
                if blank || indent > *key_col {
                    return true;
                }
                self.open = None;
                false
            }
            Some(Open::Flow {
                line: opened,
                key_col,
                closer,
                state,
            }) => {
                if blank {
                    return true;
                }
                let looks_like_key = matches!(head(trimmed), Head::Key { .. });
                if indent <= *key_col && (looks_like_key || item_rest(trimmed).is_some()) {
                    let p = unclosed(*opened, self.lines[*opened], *closer);
                    self.report(p);
                    self.open = None;
                    self.pending = None;
                    false
                } else {
                    if state.scan(line).is_some() && !state.open() {
                        self.open = None;
                    }
                    true
                }
            }
            None => false,
        }
    }

    /// Finds the block `e` belongs to, opening or closing blocks; false (after reporting a
    /// problem, or for a continuation line) when the rest of the line is not to be read.
    fn place(&mut self, e: &Entry<'a>) -> bool {
        if let Some((col, list_at_same)) = self.pending.take()
            && (e.indent > col || (e.is_item && list_at_same && e.indent == col))
        {
            self.stack.push(Block::at(e));
            return true;
        }
        match self.stack.last() {
            None => {
                self.stack.push(Block::at(e));
                true
            }
            Some(top) if e.indent > top.col => {
                if e.is_item || matches!(e.head, Head::Key { .. }) {
                    let p = indented_too_far(e, self.prev.unwrap_or_default(), self.first_line);
                    self.report(p);
                }
                // A continuation line of a plain value, or a reported line: skip it.
                false
            }
            Some(_) => self.dedent(e),
        }
    }

    /// `e` is left of (or at) the innermost block: closes the blocks it ends and checks that it
    /// lines up with the block it returns to.
    fn dedent(&mut self, e: &Entry<'a>) -> bool {
        let mut popped: Option<Block<'a>> = None;
        while self.stack.last().is_some_and(|b| b.col > e.indent) {
            popped = self.stack.pop();
        }
        // A list at its key's column (`key:` then `- a`) ends at the next key.
        let n = self.stack.len();
        if !e.is_item
            && self
                .stack
                .last()
                .is_some_and(|b| b.list && b.col == e.indent)
            && n > 1
            && self.stack[n - 2].col == e.indent
        {
            popped = self.stack.pop();
        }
        match self.stack.last().cloned() {
            // Lined up with its block; or a key where a list's items are: the list ended
            // without its key's mapping, which the parser's own message reports.
            Some(top) if top.col == e.indent && (top.list == e.is_item || !e.is_item) => true,
            Some(top) if top.col == e.indent => {
                // An item where the mapping expects a key: a list item moved left of its list.
                let (col, list_line) = popped
                    .as_ref()
                    .filter(|b| b.list)
                    .map(|b| (b.col, b.first_line))
                    .unwrap_or((top.col + 2, top.first_line));
                let p = item_not_lined_up(
                    e,
                    col,
                    self.first_line + list_line,
                    "move this `-` to the right",
                );
                self.report(p);
                false
            }
            Some(top) => {
                // Between two levels.
                let inner = popped.unwrap_or(top);
                let p = if e.is_item {
                    item_not_lined_up(
                        e,
                        inner.col,
                        self.first_line + inner.first_line,
                        "not lined up",
                    )
                } else {
                    key_not_lined_up(e, &inner, self.first_line)
                };
                self.report(p);
                false
            }
            None => {
                self.stack.push(Block::at(e));
                true
            }
        }
    }

    /// A `-` or a key's `:` without the space after it (`-ccs`, `title:Coder`) where a list's
    /// items or a mapping's keys are: reported, and true.
    fn missing_space(&mut self, e: &Entry<'a>) -> bool {
        let Head::Scalar(s) = e.head else {
            return false;
        };
        if e.is_item {
            return false;
        }
        let top = self.stack.last().filter(|b| b.col == e.indent);
        let p = if s.starts_with('-')
            && s.chars()
                .nth(1)
                .is_some_and(|c| !c.is_whitespace() && c != '-')
            && top.is_some_and(|b| b.list)
        {
            Problem {
                line: e.idx,
                column: e.indent + 1,
                span: 1,
                message: "a list item needs a space after its `-`".into(),
                label: Some("add a space after `-`".into()),
                help: format!("write `- {}`", &s[1..]),
            }
        } else if top.is_some_and(|b| !b.list)
            && let Some((k, v)) = s.split_once(':')
            && !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && !v.starts_with("//")
        {
            Problem {
                line: e.idx,
                column: e.indent + k.chars().count() + 2,
                span: 1,
                message: format!("the key `{k}` needs a space after its colon"),
                label: Some("add a space here".into()),
                help: format!("write `{k}: {v}`"),
            }
        } else {
            return false;
        };
        self.report(p);
        true
    }

    /// Reads what `e` opens: an item's mapping, a value on the next lines, a block scalar, or a
    /// flow collection or quoted text (checking that its quotes do not end early).
    fn read_value(&mut self, e: &Entry<'a>) {
        let is_key = matches!(e.head, Head::Key { .. });
        if e.is_item {
            if is_key {
                self.stack.push(Block {
                    col: e.rest_col,
                    list: false,
                    first_line: e.idx,
                    first_name: name_of(&e.head),
                });
            } else if e.rest.is_empty() {
                self.pending = Some((e.indent, false));
            }
        }
        let (key_col, value, value_col) = match e.head {
            Head::Key {
                value, value_col, ..
            } => (e.rest_col, value, e.rest_col + value_col),
            Head::Scalar(s) => (e.indent, s, e.rest_col),
        };
        if is_key && value.is_empty() {
            self.pending = Some((key_col, true));
        } else if is_key && is_block_scalar(value) {
            self.open = Some(Open::BlockScalar { key_col });
        } else if value.starts_with(['[', '{', '"', '\'']) {
            let mut state = FlowState::default();
            let closed = state.scan(value);
            if state.open() {
                let closer = match state.quote {
                    Some(q) => q,
                    None => state.first.unwrap_or(']'),
                };
                self.open = Some(Open::Flow {
                    line: e.idx,
                    key_col,
                    closer,
                    state,
                });
            } else if let Some(end) = closed
                && value.starts_with(['"', '\''])
                && !value[end + 1..].trim_start().is_empty()
            {
                self.report(quotes_end_early(e.idx, value, value_col, end));
            }
        }
        self.prev = Some(match e.head {
            Head::Scalar(_) if e.is_item => Prev {
                line: e.idx,
                col: e.indent,
                name: name_of(&e.head),
                scalar_item: true,
            },
            _ => Prev {
                line: e.idx,
                col: key_col,
                name: name_of(&e.head),
                scalar_item: false,
            },
        });
    }

    /// The problems found, with a collection or quote still open at the end.
    fn finish(mut self) -> Vec<Problem> {
        if let Some(Open::Flow {
            line: opened,
            closer,
            ..
        }) = self.open
        {
            let p = unclosed(opened, self.lines[opened], closer);
            self.report(p);
        }
        self.out
    }
}

impl<'a> Block<'a> {
    /// A block whose first entry is `e`.
    fn at(e: &Entry<'a>) -> Self {
        Block {
            col: e.indent,
            list: e.is_item,
            first_line: e.idx,
            first_name: name_of(&e.head),
        }
    }
}

/// A `[`, `{` or quote opened on line `opened` (whose text is `text`) and never closed.
fn unclosed(opened: usize, text: &str, closer: char) -> Problem {
    let shown = without_comment(text.trim_end_matches('\r'));
    let (what, fix) = match closer {
        ']' => ("list", "]"),
        '}' => ("mapping", "}"),
        '"' => ("text", "\""),
        _ => ("text", "'"),
    };
    Problem {
        line: opened,
        column: shown.chars().count() + 1,
        span: 1,
        message: format!("this {what} is missing its closing `{fix}`"),
        label: Some(format!("add `{fix}` here")),
        help: format!("end the value with `{fix}`: `{}{fix}`", shown.trim_start()),
    }
}

/// A key or item indented further than the entries of its block, after `prev`.
fn indented_too_far(e: &Entry<'_>, prev: Prev<'_>, first_line: usize) -> Problem {
    let pname = prev.name;
    let pline = first_line + prev.line;
    if e.is_item && prev.scalar_item {
        Problem {
            line: e.idx,
            column: e.indent + 1,
            span: 1,
            message: format!(
                "this list item is indented more than the item above it, so it is read as part of `{pname}`"
            ),
            label: Some("line this `-` up with the one above".into()),
            help: format!(
                "start the `-` {}, like the `-` on line {pline}",
                spaces(prev.col)
            ),
        }
    } else if e.is_item {
        Problem {
            line: e.idx,
            column: e.indent + 1,
            span: 1,
            message: format!(
                "this list item is indented under `{pname}`, which already has a value"
            ),
            label: None,
            help: format!(
                "to make a list, leave `{pname}:` with nothing after the colon and put the items on the lines below it; otherwise line this line up with line {pline}"
            ),
        }
    } else {
        let this = name_of(&e.head);
        Problem {
            line: e.idx,
            column: e.indent + 1,
            span: this.chars().count().max(1),
            message: format!("`{this}` is indented more than `{pname}` above it"),
            label: Some("indented too far".into()),
            help: format!(
                "start `{this}` {}, like `{pname}` on line {pline}; if this line continues the text above, put the whole text in double quotes",
                spaces(prev.col)
            ),
        }
    }
}

/// A list item that does not line up with its list, whose items start at `col` (the first on
/// file line `list_line`).
fn item_not_lined_up(e: &Entry<'_>, col: usize, list_line: usize, label: &str) -> Problem {
    Problem {
        line: e.idx,
        column: e.indent + 1,
        span: 1,
        message: "this list item is not lined up with the items above it".into(),
        label: Some(label.into()),
        help: format!(
            "the items of a list must line up: start the `-` {}, like the `-` on line {list_line}",
            spaces(col)
        ),
    }
}

/// A key between two levels, not lined up with the keys of `inner`.
fn key_not_lined_up(e: &Entry<'_>, inner: &Block<'_>, first_line: usize) -> Problem {
    let this = name_of(&e.head);
    Problem {
        line: e.idx,
        column: e.indent + 1,
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
}

/// Text after the closing quote of `value` (which closed at byte `end`): a quote inside the
/// value ended it early.
fn quotes_end_early(idx: usize, value: &str, value_col: usize, end: usize) -> Problem {
    let after = value[end + 1..].trim_start();
    let q = &value[..1];
    // The value without its quotes (the text after the early end may not end with one).
    let inner = value[1..].strip_suffix(q).unwrap_or(&value[1..]);
    let help = if q == "'" {
        format!(
            "inside '…' write a `'` twice (`''`), or put the value in double quotes instead: `\"{}\"`",
            inner.replace('"', "\\\"")
        )
    } else {
        format!(
            "inside \"…\" write a `\"` as `\\\"`, or put the value in single quotes instead: `'{}'`",
            inner.replace('\'', "''")
        )
    };
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
    }
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
            "title: \"Rank \\\"A\\\" #1\"\nx: 'It''s #1'\nlevel: entry\n",
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
        // Text after the early end that ends in a letter of more than one byte.
        let f = found("title: 'It's café\n");
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
