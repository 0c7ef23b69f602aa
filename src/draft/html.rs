//! HTML read as text, the way the person it is sent to reads it: html5ever builds the HTML5
//! tree (into a small arena of our own, see `Arena`) and a short walk over it writes the
//! lines.
//!
//! - Block elements (`p`, `div`, headings, `li`, `tr`, ...) start lines; paragraphs, headings,
//!   tables, lists and quotes are separated by a blank line (Outlook's `p.MsoNormal` is a line,
//!   as Outlook shows it).
//! - A table row is one line of its cells' text joined by ` | `: no padding, no borders.
//! - List items keep their markers (`- `, `1. `); a link keeps its text, and its address once
//!   (after the text, when the text is not the address itself).
//! - `head`, `style`, `script`, `template`, images (tracking pixels among them), and elements
//!   hidden from the reader (`hidden`, `display:none`, `visibility:hidden`, `max-height:0` with
//!   `overflow:hidden`: preheaders) give no text.
//! - Quotes come out as `> ` lines, as in plain text mail, so the draft reader finds them the
//!   same way: `<blockquote>` (Apple's `type=cite`, Thunderbird's), Gmail's `div.gmail_quote`
//!   (its `gmail_attr` "On ... wrote:" line stays unquoted, an attribution), Yahoo's
//!   `div.yahoo_quoted`; Outlook's reply header block (`div#divRplyFwdMsg`, or the desktop's
//!   `border-top` block with "From: ... Sent: ...") stays unquoted and everything after it is
//!   quoted.
//!
//! The cost is linear in the markup: the parser's own scans of its open elements are bounded by
//! [`MAX_DEPTH`] (a start tag that would nest deeper is dropped, its text kept, with a note),
//! the walk is iterative, and every line's prefix and indent are bounded, so the text is never
//! much larger than the markup's visible text.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, Tracer, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

/// Elements nested deeper than this are read as if they were not there (their text is kept).
/// Browsers stop at a similar depth (Chromium: 512); real mail stays far below (Outlook's
/// deepest replies nest about 60).
pub const MAX_DEPTH: usize = 256;

/// Quote levels shown as `> ` (deeper quotes are still quotes, with this many marks).
const MAX_QUOTE_MARKS: usize = 8;
/// List levels indented (deeper lists keep this indent).
const MAX_LIST_INDENT: usize = 8;

/// The text of an HTML body, and what the reader noticed while reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText {
    pub text: String,
    pub notes: Vec<crate::i18n::Msg>,
}

/// Reads `html` as text (see the module doc).
pub fn html_to_text(html: &str) -> HtmlText {
    let arena = Arena::new();
    let builder = TreeBuilder::new(
        arena,
        TreeBuilderOpts {
            // Mail readers run no scripts: `<noscript>` content is shown.
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
    );
    let tokenizer = Tokenizer::new(
        Capped {
            builder,
            dropped: Cell::new(false),
        },
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // `Script` results ask the caller to run a script: there is none to run, so go on.
    while !matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done) {}
    tokenizer.end();
    let mut notes = Vec::new();
    if tokenizer.sink.dropped.get() {
        notes.push(crate::msg!("note-html-deep", depth = MAX_DEPTH));
    }
    let arena = &tokenizer.sink.builder.sink;
    let text = Walker::new(arena).run();
    HtmlText { text, notes }
}

// ---------------------------------------------------------------------------------------------
// The tree.

type Id = usize;

const DOCUMENT: Id = 0;

#[derive(Debug)]
enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        /// A `<template>`'s contents (a separate fragment, never shown).
        template: Option<Id>,
    },
    Text(StrTendril),
    /// Comments, processing instructions, doctypes, template fragments.
    Other,
}

#[derive(Debug)]
struct Node {
    data: Data,
    parent: Option<Id>,
    first_child: Option<Id>,
    last_child: Option<Id>,
    prev: Option<Id>,
    next: Option<Id>,
}

/// The tree html5ever builds: nodes in one vector, linked as parent, first/last child and
/// siblings, so every tree operation the parser asks for is O(1) (no child lists to search) and
/// dropping a deep tree needs no recursion.
struct Arena {
    nodes: RefCell<Vec<Node>>,
    /// Elements created minus elements the parser popped: at least the number of open elements.
    open: Cell<usize>,
}

/// An element's name, as the parser asks for it (a copy: atoms are reference counted).
#[derive(Debug)]
struct Name(QualName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

impl Arena {
    fn new() -> Self {
        Arena {
            nodes: RefCell::new(vec![Node::new(Data::Document)]),
            open: Cell::new(0),
        }
    }

    fn add(&self, data: Data) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], id: Id) {
        let (parent, prev, next) = {
            let n = &nodes[id];
            (n.parent, n.prev, n.next)
        };
        if let Some(p) = prev {
            nodes[p].next = next;
        } else if let Some(parent) = parent {
            nodes[parent].first_child = next;
        }
        if let Some(n) = next {
            nodes[n].prev = prev;
        } else if let Some(parent) = parent {
            nodes[parent].last_child = prev;
        }
        let n = &mut nodes[id];
        n.parent = None;
        n.prev = None;
        n.next = None;
    }

    fn append_child(nodes: &mut [Node], parent: Id, child: Id) {
        Self::detach(nodes, child);
        let last = nodes[parent].last_child;
        nodes[child].parent = Some(parent);
        nodes[child].prev = last;
        match last {
            Some(l) => nodes[l].next = Some(child),
            None => nodes[parent].first_child = Some(child),
        }
        nodes[parent].last_child = Some(child);
    }

    fn insert_before(nodes: &mut [Node], sibling: Id, child: Id) {
        Self::detach(nodes, child);
        let Some(parent) = nodes[sibling].parent else {
            return;
        };
        let prev = nodes[sibling].prev;
        nodes[child].parent = Some(parent);
        nodes[child].prev = prev;
        nodes[child].next = Some(sibling);
        nodes[sibling].prev = Some(child);
        match prev {
            Some(p) => nodes[p].next = Some(child),
            None => nodes[parent].first_child = Some(child),
        }
    }

    /// Appends text to the text node `at` if there is one, else a new text node from `make`.
    fn text_node(&self, at: Option<Id>, text: &StrTendril) -> Option<Id> {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(id) = at
            && let Data::Text(t) = &mut nodes[id].data
        {
            t.push_tendril(text);
            return None;
        }
        nodes.push(Node::new(Data::Text(text.clone())));
        Some(nodes.len() - 1)
    }
}

impl Node {
    fn new(data: Data) -> Self {
        Node {
            data,
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
        }
    }
}

impl TreeSink for Arena {
    type Handle = Id;
    type Output = ();
    type ElemName<'a> = Name;

    fn finish(self) {}

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name {
        match &self.nodes.borrow()[*target].data {
            Data::Element { name, .. } => Name(name.clone()),
            _ => Name(QualName::new(None, ns!(), local_name!(""))),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let template = flags.template.then(|| self.add(Data::Other));
        self.open.set(self.open.get() + 1);
        self.add(Data::Element {
            name,
            attrs,
            template,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.add(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.add(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => {
                let last = self.nodes.borrow()[*parent].last_child;
                match self.text_node(last, &text) {
                    Some(id) => id,
                    None => return,
                }
            }
        };
        Self::append_child(&mut self.nodes.borrow_mut(), *parent, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev: &Id, child: NodeOrText<Id>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn pop(&self, _node: &Id) {
        self.open.set(self.open.get().saturating_sub(1));
    }

    fn get_template_contents(&self, target: &Id) -> Id {
        match &self.nodes.borrow()[*target].data {
            Data::Element {
                template: Some(t), ..
            } => *t,
            _ => *target,
        }
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, child: NodeOrText<Id>) {
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => {
                let prev = self.nodes.borrow()[*sibling].prev;
                match self.text_node(prev, &text) {
                    Some(id) => id,
                    None => return,
                }
            }
        };
        Self::insert_before(&mut self.nodes.borrow_mut(), *sibling, child);
    }

    fn add_attrs_if_missing(&self, target: &Id, add: Vec<Attribute>) {
        if let Data::Element { attrs, .. } = &mut self.nodes.borrow_mut()[*target].data {
            for a in add {
                if !attrs.iter().any(|b| b.name == a.name) {
                    attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut nodes = self.nodes.borrow_mut();
        while let Some(child) = nodes[*node].first_child {
            Self::append_child(&mut nodes, *new_parent, child);
        }
    }
}

/// The tree builder behind a filter that drops start tags nested deeper than [`MAX_DEPTH`]:
/// html5ever looks through its open elements for many tags (is a `<p>` open in scope?), which
/// costs the nesting depth each time; bounded here, parsing stays linear.
struct Capped {
    builder: TreeBuilder<Id, Arena>,
    dropped: Cell<bool>,
}

/// Counts the handles the tree builder holds (its open elements, its active formatting
/// elements and a few more): at least the number of open elements.
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = Id;

    fn trace_handle(&self, _node: &Id) {
        self.0.set(self.0.get() + 1);
    }
}

impl Capped {
    fn too_deep(&self) -> bool {
        // Cheap bound first; the exact count (a walk over the builder's state) only when it may
        // be too deep.
        if self.builder.sink.open.get() < MAX_DEPTH {
            return false;
        }
        let count = Count(Cell::new(0));
        self.builder.trace_handles(&count);
        count.0.get() >= MAX_DEPTH
    }
}

/// Elements that are never open for long: void elements (no content) and the raw-text ones
/// whose start tag switches the tokenizer's state (dropping it would read a script as text).
fn never_deep(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("plaintext")
    )
}

impl TokenSink for Capped {
    type Handle = Id;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Id> {
        if let Token::TagToken(tag) = &token
            && tag.kind == TagKind::StartTag
            && !never_deep(&tag.name)
            && self.too_deep()
        {
            self.dropped.set(true);
            return TokenSinkResult::Continue;
        }
        self.builder.process_token(token, line_number)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

// ---------------------------------------------------------------------------------------------
// The walk.

/// How an element is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    /// In the line (`span`, `b`, `a`, ...).
    Inline,
    /// On lines of its own (`div`, `tr`, `li`, ...).
    Line,
    /// A paragraph: a blank line before and after (`p`, headings, tables, lists, quotes).
    Paragraph,
}

/// What to undo when an element's walk ends.
#[derive(Debug, Default)]
struct Undo {
    show: Option<Show>,
    quote: Option<usize>,
    list: bool,
    pre: bool,
    /// A link's address, written after its text.
    href: Option<String>,
    /// The line's length when the link started (its text is what was written since).
    link_from: usize,
    /// Outlook's reply header: everything after it is quoted.
    quote_rest: bool,
    /// The quote containers' levels not yet taken by a `<blockquote>`, before this element.
    containers: Option<usize>,
}

struct Walker<'a> {
    nodes: std::cell::Ref<'a, Vec<Node>>,
    lines: Vec<String>,
    /// The current line's text (without its prefix).
    line: String,
    /// The current line has been started (its prefix and marker written).
    started: bool,
    /// A space is due before the next word.
    space: bool,
    /// A cell separator is due before the next word on this line.
    cell: bool,
    /// A blank line is due before the next line.
    blank: bool,
    /// Only no-break spaces since the last line ended (an element holding just `&nbsp;` is an
    /// empty line to its reader).
    nbsp_line: bool,
    quote: usize,
    /// Quote containers (`div.gmail_quote`) whose level a `<blockquote>` inside them takes
    /// (Gmail puts its quote in both: one level, not two).
    containers: usize,
    rest_quoted: bool,
    /// Open lists: `None` for `ul`, `Some(next number)` for `ol`.
    lists: Vec<Option<u64>>,
    /// The marker of a list item whose text has not started yet.
    marker: Option<String>,
    pre: usize,
}

impl<'a> Walker<'a> {
    fn new(arena: &'a Arena) -> Self {
        Walker {
            nodes: arena.nodes.borrow(),
            lines: Vec::new(),
            line: String::new(),
            started: false,
            space: false,
            cell: false,
            blank: false,
            nbsp_line: false,
            quote: 0,
            containers: 0,
            rest_quoted: false,
            lists: Vec::new(),
            marker: None,
            pre: 0,
        }
    }

    fn run(mut self) -> String {
        enum Step {
            Enter(Id),
            Exit(Undo),
        }
        let mut stack = vec![Step::Enter(DOCUMENT)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit(undo) => self.exit(undo),
                Step::Enter(id) => {
                    let undo = match &self.nodes[id].data {
                        Data::Text(t) => {
                            let t = t.clone();
                            self.text(&t);
                            continue;
                        }
                        Data::Other => continue,
                        Data::Document => Undo::default(),
                        Data::Element { name, attrs, .. } => {
                            let (name, attrs) = (name.clone(), attrs.clone());
                            match self.enter(&name, &attrs) {
                                Some(undo) => undo,
                                None => continue,
                            }
                        }
                    };
                    stack.push(Step::Exit(undo));
                    // Children in reverse, so the first is walked first.
                    let mut child = self.nodes[id].last_child;
                    while let Some(c) = child {
                        stack.push(Step::Enter(c));
                        child = self.nodes[c].prev;
                    }
                }
            }
        }
        self.end_line();
        let mut text = String::new();
        for l in &self.lines {
            text.push_str(l);
            text.push('\n');
        }
        text
    }

    /// Starts an element; `None` when it shows nothing (its children are not walked).
    fn enter(&mut self, name: &QualName, attrs: &[Attribute]) -> Option<Undo> {
        if name.ns != ns!(html) {
            // SVG and MathML: pictures and formulas, not prose.
            return None;
        }
        let attr = |n: &str| {
            attrs
                .iter()
                .find(|a| a.name.ns == ns!() && &*a.name.local == n)
                .map(|a| &*a.value)
        };
        if attr("hidden").is_some() || attr("style").is_some_and(hidden_style) {
            return None;
        }
        let has_class =
            |c: &str| attr("class").is_some_and(|v| v.split_ascii_whitespace().any(|x| x == c));
        let mut undo = Undo::default();
        let show = match name.local {
            local_name!("head")
            | local_name!("style")
            | local_name!("script")
            | local_name!("template")
            | local_name!("title")
            | local_name!("img")
            | local_name!("picture")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("object")
            | local_name!("iframe")
            | local_name!("select")
            | local_name!("input")
            | local_name!("map") => return None,
            local_name!("br") => {
                self.line_break();
                return None;
            }
            local_name!("hr") => {
                self.paragraph();
                return None;
            }
            local_name!("p") if has_class("MsoNormal") => Show::Line,
            local_name!("p")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("table")
            | local_name!("dl")
            | local_name!("figure")
            | local_name!("address") => Show::Paragraph,
            local_name!("pre") | local_name!("listing") => {
                undo.pre = true;
                self.pre += 1;
                Show::Paragraph
            }
            local_name!("blockquote") => {
                if self.containers > 0 {
                    undo.containers = Some(self.containers);
                    self.containers -= 1;
                } else {
                    undo.quote = Some(self.quote);
                    self.quote += 1;
                }
                Show::Paragraph
            }
            local_name!("ul") | local_name!("ol") | local_name!("menu") => {
                let show = if self.lists.is_empty() {
                    Show::Paragraph
                } else {
                    Show::Line
                };
                let start = (name.local == local_name!("ol")).then(|| {
                    attr("start")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .unwrap_or(1)
                });
                self.lists.push(start);
                undo.list = true;
                show
            }
            local_name!("li") => {
                self.end_line();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => "- ".to_string(),
                };
                self.marker = Some(marker);
                Show::Line
            }
            local_name!("td") | local_name!("th") => {
                self.cell = self.started;
                Show::Inline
            }
            local_name!("a") => {
                undo.href = attr("href").and_then(shown_address);
                undo.link_from = self.line.len();
                Show::Inline
            }
            local_name!("div") if attr("id") == Some("divRplyFwdMsg") => {
                undo.quote_rest = true;
                Show::Line
            }
            local_name!("div")
                if attr("style").is_some_and(|s| {
                    let s = squeeze(s);
                    s.contains("border:none") && s.contains("border-top:solid")
                }) =>
            {
                undo.quote_rest = true;
                Show::Line
            }
            _ if has_class("gmail_attr") || has_class("moz-cite-prefix") => {
                // The "On ... wrote:" line inside Gmail's quote container: an attribution.
                undo.quote = Some(self.quote);
                self.quote = self.quote.saturating_sub(1);
                Show::Line
            }
            local_name!("div") if has_class("gmail_quote") || has_class("yahoo_quoted") => {
                undo.quote = Some(self.quote);
                undo.containers = Some(self.containers);
                self.quote += 1;
                self.containers += 1;
                Show::Paragraph
            }
            local_name!("div")
            | local_name!("tr")
            | local_name!("caption")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("section")
            | local_name!("article")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("nav")
            | local_name!("main")
            | local_name!("aside")
            | local_name!("center")
            | local_name!("form")
            | local_name!("fieldset")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("figcaption")
            | local_name!("legend")
            | local_name!("body")
            | local_name!("html") => Show::Line,
            _ => Show::Inline,
        };
        match show {
            Show::Paragraph => self.paragraph(),
            Show::Line => self.end_line(),
            Show::Inline => {}
        }
        undo.show = Some(show);
        Some(undo)
    }

    fn exit(&mut self, undo: Undo) {
        if let Some(href) = &undo.href {
            let text = self.line.get(undo.link_from..).unwrap_or("");
            // A link around an image only (its text is not shown) gets no address either.
            if !text.trim().is_empty() && !text.contains(href.as_str()) {
                self.space = true;
                self.word(&format!("({href})"));
            }
        }
        match undo.show {
            Some(Show::Paragraph) => self.paragraph(),
            // Outlook's empty line: `<p class=MsoNormal>&nbsp;</p>`.
            Some(Show::Line) if !self.started && self.nbsp_line => self.line_break(),
            Some(Show::Line) => self.end_line(),
            _ => {}
        }
        if undo.show != Some(Show::Inline) {
            self.nbsp_line = false;
        }
        if let Some(q) = undo.quote {
            self.quote = q;
        }
        if let Some(c) = undo.containers {
            self.containers = c;
        }
        if undo.list {
            self.lists.pop();
            self.marker = None;
        }
        if undo.pre {
            self.pre -= 1;
        }
        if undo.quote_rest {
            self.rest_quoted = true;
        }
    }

    fn prefix(&self) -> String {
        let marks = (self.quote + usize::from(self.rest_quoted)).min(MAX_QUOTE_MARKS);
        "> ".repeat(marks)
    }

    /// Starts the current line, if it has not started: the blank line due before it, the
    /// indent and the list marker.
    fn start(&mut self) {
        if self.started {
            return;
        }
        if self.blank {
            self.push_blank();
        }
        self.blank = false;
        self.nbsp_line = false;
        self.started = true;
        self.space = false;
        self.cell = false;
        if !self.lists.is_empty() {
            let indent = (self.lists.len() - 1).min(MAX_LIST_INDENT);
            self.line.push_str(&"  ".repeat(indent));
        }
        if let Some(m) = self.marker.take() {
            self.line.push_str(&m);
        }
    }

    /// A blank line (quoted as deep as both the line before and the next one are).
    fn push_blank(&mut self) {
        let Some(last) = self.lines.last() else {
            return;
        };
        if last.trim_start_matches(['>', ' ']).is_empty() {
            return;
        }
        let marks_before = last.len() - last.trim_start_matches("> ").len();
        let marks = (self.quote + usize::from(self.rest_quoted)).min(MAX_QUOTE_MARKS);
        let blank = "> ".repeat(marks.min(marks_before / 2));
        self.lines.push(blank.trim_end().to_string());
    }

    /// Ends the current line if it has text.
    fn end_line(&mut self) {
        if !self.started {
            return;
        }
        let mut line = self.prefix();
        line.push_str(self.line.trim_end());
        self.lines.push(line.trim_end().to_string());
        self.line.clear();
        self.started = false;
        self.space = false;
        self.cell = false;
    }

    fn paragraph(&mut self) {
        self.end_line();
        self.blank = true;
    }

    /// `<br>`: ends the line, or makes an empty one.
    fn line_break(&mut self) {
        if self.started {
            self.end_line();
        } else {
            if self.blank {
                self.push_blank();
                self.blank = false;
            }
            let line = self.prefix().trim_end().to_string();
            self.lines.push(line);
        }
    }

    /// One word (no white space in it) in the current line.
    fn word(&mut self, w: &str) {
        if !self.started {
            self.start();
        } else if self.cell {
            self.line.push_str(" | ");
        } else if self.space {
            self.line.push(' ');
        }
        self.space = false;
        self.cell = false;
        self.line.push_str(w);
    }

    fn text(&mut self, t: &str) {
        if self.pre > 0 {
            for (i, piece) in t.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                let piece = piece.trim_end_matches('\r');
                if !piece.is_empty() {
                    if !self.started {
                        self.start();
                    } else if self.cell {
                        self.line.push_str(" | ");
                        self.cell = false;
                    }
                    self.line.extend(piece.chars().filter(|&c| !invisible(c)));
                }
            }
            return;
        }
        let mut rest = t;
        while !rest.is_empty() {
            let start = rest.find(|c: char| !is_space(c) && !invisible(c));
            let Some(start) = start else {
                if !rest.chars().all(invisible) {
                    self.space = true;
                }
                if !self.started && rest.contains('\u{a0}') {
                    self.nbsp_line = true;
                }
                return;
            };
            if rest[..start].chars().any(is_space) {
                self.space = true;
            }
            rest = &rest[start..];
            let end = rest.find(is_space).unwrap_or(rest.len());
            let word = &rest[..end];
            if word.chars().any(invisible) {
                let clean: String = word.chars().filter(|&c| !invisible(c)).collect();
                self.word(&clean);
            } else {
                self.word(word);
            }
            rest = &rest[end..];
        }
    }
}

/// White space as a reader sees it (a no-break space is a space).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters that show nothing: zero-width spaces and joiners, the soft hyphen, the BOM, the
/// combining grapheme joiner (newsletters pad their hidden preview text with them).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{034F}' | '\u{00AD}'
    )
}

/// A style attribute without white space, in lower case.
fn squeeze(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether an inline style hides the element from the reader: `display:none`,
/// `visibility:hidden`, or a zero height with the overflow hidden (preheaders).
fn hidden_style(style: &str) -> bool {
    let s = squeeze(style);
    let mut zero_height = false;
    let mut overflow_hidden = false;
    for decl in s.split(';') {
        let Some((key, value)) = decl.split_once(':') else {
            continue;
        };
        let value = value.trim_end_matches("!important");
        let zero = matches!(value, "0" | "0px" | "0pt" | "0em" | "0%");
        match key {
            "display" if value == "none" => return true,
            "visibility" if value == "hidden" => return true,
            "max-height" | "height" if zero => zero_height = true,
            "overflow" if value == "hidden" => overflow_hidden = true,
            _ => {}
        }
    }
    zero_height && overflow_hidden
}

/// The address a link shows once after its text: web addresses only (not `mailto:`, anchors
/// or scripts), at most 200 bytes (longer ones are tracking redirects, not for the reader).
fn shown_address(href: &str) -> Option<String> {
    let h = href.trim();
    let lower = h.get(..8).unwrap_or(h).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    (web && h.len() <= 200 && !h.contains(char::is_whitespace)).then(|| h.to_string())
}

/// Whether a text/plain part is an HTML page: its first non-blank text opens the document
/// (`<!DOCTYPE html`, `<html`, `<head`, `<body`, after an optional `<?xml …?>`). Prose that
/// talks about HTML ("The <body> tag …") or quotes some does not start with the tag.
pub fn is_page(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let t = match t.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r.trim_start()),
        None => t,
    };
    let head = t.chars().take(16).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| {
            head.strip_prefix(tag)
                .is_some_and(|rest| rest.starts_with(['>', ' ', '\t', '\r', '\n']))
        })
}

#[cfg(test)]
mod tests;
