package translate

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"rapport/generator/diag"
	"rapport/generator/translate/blocks"
)

// Change is a page an import writes.
type Change struct {
	Path    string
	Data    []byte
	New     bool // the page did not exist
	Units   int  // units whose text changed
	Current bool // the page was marked current with its source
}

// edit is a returned translation to put in a page.
type edit struct {
	unit *Unit
	text string // Markdown
}

// Import checks a translator's file against the site and works out the
// pages to write. Nothing is to be written when it reports an error: every
// problem of the file is reported at once, at its line. A unit still
// marked for review (XLIFF needs-review, PO fuzzy) is not imported, as
// msgfmt leaves fuzzy entries out.
func Import(fsys fs.FS, name string, data []byte, find Baseline) ([]Change, diag.List) {
	r, diags := Read(name, data)
	if diags.HasErrors() {
		return nil, diags
	}
	if msg := checkLangs(fsys, r); msg != "" {
		diags.Errorf(diag.Pos{File: name, Line: 1}, "%s", msg)
		return nil, diags
	}
	ex, err := Build(fsys, Options{From: r.From, Lang: r.Lang, Baseline: find})
	if err != nil {
		diags.Errorf(diag.Pos{File: name, Line: 1}, "%v", err)
		return nil, diags
	}
	edits, confirmed := ex.match(name, r, &diags)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []Change
	for i := range ex.Files {
		f := &ex.Files[i]
		if len(edits[f]) == 0 && !confirmed[f] {
			continue
		}
		c, err := f.apply(fsys, edits[f])
		if err != "" {
			diags.Errorf(diag.Pos{File: name, Line: 1}, "%s", err)
			continue
		}
		if c != nil {
			out = append(out, *c)
		}
		if c != nil && c.New {
			out = append(out, assets(fsys, f, out)...)
		}
	}
	return out, diags
}

// assets copies the files a new page shows (images beside it) from the
// source's folder to the translation's, where they are missing.
func assets(fsys fs.FS, f *File, planned []Change) []Change {
	var out []Change
	for _, u := range f.Units {
		for _, p := range u.Source {
			if p.Code != blocks.Close || p.Type != "image" {
				continue
			}
			dest := strings.TrimSuffix(strings.TrimPrefix(p.Text, "]("), ")")
			dest, _, _ = strings.Cut(dest, " ")
			if strings.Contains(dest, ":") || strings.HasPrefix(dest, "/") || dest == "" {
				continue
			}
			from := path.Join(path.Dir(f.Source), dest)
			to := path.Join(path.Dir(f.Target), dest)
			if !strings.HasPrefix(to, path.Dir(f.Target)+"/") || slices.ContainsFunc(append(planned, out...), func(c Change) bool { return c.Path == to }) {
				continue
			}
			if _, err := fs.Stat(fsys, to); err == nil {
				continue
			}
			if data, err := fs.ReadFile(fsys, from); err == nil {
				out = append(out, Change{Path: to, Data: data, New: true})
			}
		}
	}
	return out
}

func checkLangs(fsys fs.FS, r *Returns) string {
	for _, l := range []string{r.From, r.Lang} {
		if _, err := language.Parse(l); err != nil || strings.ContainsAny(l, "/\\.") {
			return fmt.Sprintf("%q is not a language tag: not a file made by rapport translate export", l)
		}
	}
	if r.From == r.Lang {
		return fmt.Sprintf("the file translates %s into %s", r.From, r.Lang)
	}
	if st, err := fs.Stat(fsys, "content/"+r.From); err != nil || !st.IsDir() {
		return fmt.Sprintf("the file translates from %s, and this site has no content/%s: a file of another site?", r.From, r.From)
	}
	return ""
}

// match pairs the returned units with the site's and checks them.
func (ex *Export) match(name string, r *Returns, diags *diag.List) (map[*File][]edit, map[*File]bool) {
	files := map[string]*File{}
	for i := range ex.Files {
		files[ex.Files[i].Source] = &ex.Files[i]
	}
	edits, confirmed := map[*File][]edit{}, map[*File]bool{}
	seen := map[string]int{}
	for _, ru := range r.Units {
		pos := diag.Pos{File: name, Line: ru.Line}
		f := files[ru.File]
		if f == nil {
			diags.Errorf(pos, "%s is not a page of this site's %s: a file of another site, or the page moved since the export", ru.File, r.From)
			continue
		}
		i := slices.IndexFunc(f.Units, func(u Unit) bool { return u.Key == ru.Key })
		if i < 0 {
			diags.Errorf(pos, "unit %s of %s does not exist: its source changed since the export; export again", ru.Key, ru.File)
			continue
		}
		if l, dup := seen[ru.File+"#"+ru.Key]; dup {
			diags.Errorf(pos, "unit %s of %s is also at line %d", ru.Key, ru.File, l)
			continue
		}
		seen[ru.File+"#"+ru.Key] = ru.Line
		u := &f.Units[i]
		if placeholders(ru.Source) != placeholders(u.Source) {
			diags.Errorf(pos, "the source of unit %s of %s changed since the export; export again", ru.Key, ru.File)
			continue
		}
		if ru.Review || strings.TrimSpace(blocks.Join(ru.Target)) == "" && len(blocks.Codes(ru.Target)) == 0 {
			continue
		}
		text, problems := resolve(ru.Target, u)
		problems = append(problems, breaks(u.Kind, text)...)
		for _, p := range problems {
			diags.Errorf(pos, "unit %s (%s): %s", ru.Key, u.Kind, p)
		}
		switch {
		case len(problems) > 0:
		case u.Target == nil || text != blocks.Join(u.Target) || u.Prefilled != "":
			edits[f] = append(edits[f], edit{unit: u, text: text})
		case u.State == NeedsReview:
			confirmed[f] = true
			u.State = Translated
		}
	}
	return edits, confirmed
}

// resolve turns a returned translation back into Markdown: each code takes
// its Markdown from the current translation, else from the source. A code
// the unit does not have, or a paired code used alone, is a problem; so is
// a source code left out of a translation that changed.
func resolve(target []blocks.Piece, u *Unit) (string, []string) {
	src, have := blocks.Codes(u.Source), blocks.Codes(u.Target)
	var b strings.Builder
	var problems []string
	count := map[int]int{}
	for _, p := range target {
		if p.Code == blocks.TextPiece {
			b.WriteString(p.Text)
			continue
		}
		c, ok := have[p.ID]
		if !ok {
			c, ok = src[p.ID]
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("inline code %d is not one of the source's", p.ID))
			continue
		}
		if (c.Code == blocks.Ph) != (p.Code == blocks.Ph) {
			problems = append(problems, fmt.Sprintf("%s is altered: paired in one and alone in the other", blocks.Describe(c)))
			continue
		}
		if p.Code == blocks.Close && count[p.ID] == 0 {
			problems = append(problems, fmt.Sprintf("%s ends before it starts", blocks.Describe(c)))
		}
		count[p.ID]++
		open, close, _ := strings.Cut(c.Text, "\x00")
		if p.Code == blocks.Close {
			open = close
		}
		b.WriteString(open)
	}
	text := b.String()
	if u.Target != nil && text == blocks.Join(u.Target) {
		return text, problems
	}
	for _, id := range sortedIDs(src) {
		c := src[id]
		switch {
		case count[id] == 0:
			problems = append(problems, fmt.Sprintf("%s is missing", blocks.Describe(c)))
		case c.Code == blocks.Open && count[id] == 1:
			problems = append(problems, fmt.Sprintf("%s has lost its start or its end", blocks.Describe(c)))
		case c.Code == blocks.Ph && count[id] > 1 || count[id] > 2:
			problems = append(problems, fmt.Sprintf("%s is there more than once", blocks.Describe(c)))
		}
	}
	return text, problems
}

func sortedIDs(m map[int]blocks.Piece) []int {
	var ids []int
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

var (
	blockStartRE   = regexp.MustCompile(`^(\s{0,3}(#{1,6}(\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|\||\[\^[^\]]+\]:)|\s*(` + "```|~~~" + `|:::))`)
	headingStartRE = regexp.MustCompile(`^\s{0,3}#{1,6}(\s|$)`)
	fenceStartRE   = regexp.MustCompile(`^\s*(` + "```|~~~" + `|:::)`)
)

// breaks lists what a translation would break in its page's Markdown.
func breaks(kind, text string) []string {
	var out []string
	lines := strings.Split(text, "\n")
	single := map[string]bool{"title": true, "description": true, "heading": true, "cell": true, "tab": true,
		"string": true, "path-title": true, "path-summary": true}
	if single[kind] && len(lines) > 1 {
		out = append(out, fmt.Sprintf("a line break would end the %s", kind))
	}
	for i, l := range lines {
		switch {
		case fenceStartRE.MatchString(l):
			out = append(out, fmt.Sprintf("line %d would open a fence (```, ~~~ or :::) that nothing closes", i+1))
		case strings.TrimSpace(l) == "" && len(lines) > 1:
			out = append(out, fmt.Sprintf("line %d is empty: it would split the %s in two", i+1, kind))
		case single[kind] && kind != "heading" && kind != "cell":
		case headingStartRE.MatchString(l):
			out = append(out, fmt.Sprintf("line %d would be a heading in a %s", i+1, kind))
		case kind != "title" && kind != "description" && kind != "heading" && blockStartRE.MatchString(l):
			out = append(out, fmt.Sprintf("line %d would start a new block (a list, quote or table) in a %s", i+1, kind))
		}
	}
	if kind == "cell" && strings.Contains(strings.ReplaceAll(text, `\|`, ""), "|") {
		out = append(out, "a | would split the table cell: write \\|")
	}
	return out
}

// apply writes a page's edits: into the translation where it exists (each
// block replaced where it is, or inserted after the block before it;
// everything else, such as text only the translation has, kept as it is),
// else into a copy of the source. The page is marked current with its
// source when no unit of it still needs review.
func (f *File) apply(fsys fs.FS, edits []edit) (*Change, string) {
	if f.kind != "" {
		return f.applyStrings(fsys, edits)
	}
	c := &Change{Path: f.Target, New: f.tgt == nil, Units: len(edits)}
	var lines []string
	if f.tgt == nil {
		lines = f.newPage(edits)
	} else {
		var err string
		if lines, err = f.patch(edits); err != "" {
			return nil, err
		}
	}
	edited := map[*Unit]bool{}
	for _, e := range edits {
		edited[e.unit] = true
	}
	c.Current = true
	for i := range f.Units {
		if f.Units[i].State == NeedsReview && f.Units[i].Prefilled == "" && !edited[&f.Units[i]] {
			c.Current = false
		}
	}
	if c.Current {
		lines = mark(lines, f.Source, f.Hash)
	}
	c.Data = []byte(strings.Join(lines, "\n"))
	if f.tgt != nil && string(c.Data) == strings.Join(f.tgt.Lines, "\n") {
		return nil, ""
	}
	return c, ""
}

// newPage is the source page with the translations in place of its
// blocks; blocks with no translation keep the source's text.
func (f *File) newPage(edits []edit) []string {
	lines := slices.Clone(f.src.Lines)
	slices.SortFunc(edits, func(a, b edit) int { return f.src.Blocks[b.unit.block].Line - f.src.Blocks[a.unit.block].Line })
	for _, e := range edits {
		b := f.src.Blocks[e.unit.block]
		lines = blocks.Replace(lines, b, e.text)
	}
	return unmark(lines)
}

// patch puts the edits into the existing translation.
func (f *File) patch(edits []edit) ([]string, string) {
	lines := slices.Clone(f.tgt.Lines)
	type insert struct {
		after int // line index
		order int
		lines []string
	}
	var inserts []insert
	var replaces []edit
	for _, e := range edits {
		if e.unit.tblock >= 0 {
			replaces = append(replaces, e)
			continue
		}
		after, err := f.anchor(e.unit)
		if err != "" {
			return nil, err
		}
		sb := f.src.Blocks[e.unit.block]
		rendered := blocks.Replace(slices.Clone(f.src.Lines), sb, e.text)[sb.Line-1 : sb.Line-1+len(strings.Split(e.text, "\n"))]
		if !tight(f.src, e.unit.block) {
			rendered = append([]string{""}, rendered...)
		}
		inserts = append(inserts, insert{after: after, order: e.unit.block, lines: rendered})
	}
	slices.SortFunc(replaces, func(a, b edit) int { return f.tgt.Blocks[b.unit.tblock].Line - f.tgt.Blocks[a.unit.tblock].Line })
	// Inserts go in from the last; replacements below an insert point are
	// done first so that line numbers hold.
	slices.SortFunc(inserts, func(a, b insert) int {
		if a.after != b.after {
			return b.after - a.after
		}
		return b.order - a.order
	})
	ri := 0
	for _, in := range inserts {
		for ; ri < len(replaces) && f.tgt.Blocks[replaces[ri].unit.tblock].Line-1 > in.after; ri++ {
			lines = blocks.Replace(lines, f.tgt.Blocks[replaces[ri].unit.tblock], replaces[ri].text)
		}
		lines = slices.Insert(lines, in.after+1, in.lines...)
	}
	for ; ri < len(replaces); ri++ {
		lines = blocks.Replace(lines, f.tgt.Blocks[replaces[ri].unit.tblock], replaces[ri].text)
	}
	return lines, ""
}

// anchor finds the line after which a block the translation lacks goes:
// after the translation of the nearest block before it that has one.
func (f *File) anchor(u *Unit) (int, string) {
	if u.Kind == "cell" {
		return 0, fmt.Sprintf("%s: unit %s is a table cell whose row %s lacks: add the row, then import again", f.Target, u.Key, f.Target)
	}
	for i := u.block - 1; i >= 0; i-- {
		j := slices.IndexFunc(f.Units, func(v Unit) bool { return v.block == i })
		if j >= 0 && f.Units[j].tblock >= 0 {
			tb := f.tgt.Blocks[f.Units[j].tblock]
			return tb.Line - 1 + tb.Lines - 1, ""
		}
	}
	if end := frontMatterEnd(f.tgt.Lines); end >= 0 && u.Kind != "title" && u.Kind != "description" {
		return end, ""
	}
	return 0, ""
}

// tight reports whether source block i follows the block before it with
// no blank line between (an item after an item).
func tight(p *blocks.Page, i int) bool {
	if i == 0 {
		return true
	}
	a, b := p.Blocks[i-1], p.Blocks[i]
	return a.Line+a.Lines == b.Line || a.Line == b.Line
}

func frontMatterEnd(lines []string) int {
	if len(lines) == 0 || lines[0] != "---" && lines[0] != "+++" {
		return -1
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == lines[0] {
			return i
		}
	}
	return -1
}

var trackRE = regexp.MustCompile(`^(translatedFrom|sourceHash)\s*[:=]`)

// unmark drops a source's own translatedFrom and sourceHash.
func unmark(lines []string) []string {
	end := frontMatterEnd(lines)
	for i := end - 1; i > 0; i-- {
		if trackRE.MatchString(lines[i]) {
			lines = slices.Delete(lines, i, i+1)
		}
	}
	return lines
}

// mark records in the front matter that the page translates this version
// of its source (translatedFrom and sourceHash, as rapport new -from and
// check -mark-current write them).
func mark(lines []string, from, hash string) []string {
	end := frontMatterEnd(lines)
	if end < 0 {
		return append([]string{"---", "translatedFrom: " + from, "sourceHash: " + hash, "---"}, lines...)
	}
	set := func(key, val string) {
		line := key + ": " + val
		if lines[0] == "+++" {
			line = key + " = " + strconv.Quote(val)
		}
		for i := 1; i < end; i++ {
			if k := trackRE.FindStringSubmatch(lines[i]); k != nil && k[1] == key {
				lines[i] = line
				return
			}
		}
		lines = slices.Insert(lines, end, line)
		end++
	}
	set("translatedFrom", from)
	set("sourceHash", hash)
	return lines
}
