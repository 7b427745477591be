package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// fragments memoizes the small, repeated parts of pages: a navigation
// entry, a link in a list, a language in the switcher. Templates call
//
//	{{cachedEach "nav-item" .Nav}}
//
// which executes the named template once for each item and concatenates
// the results; an item whose every field (its [Item.cacheKey]) was already
// rendered by that template during this build is not executed again. The
// same playbook appears in thousands of navigations, related lists and
// topic pages of a large site, and executing a template is far dearer than
// finding its output: this is Hugo's partialCached, keyed by the data
// itself, so a cached fragment can never be the wrong one.
type fragments struct {
	tmpl *template.Template
	mu   sync.RWMutex
	m    map[string]template.HTML
	bufs sync.Pool
}

func newFragments() *fragments {
	return &fragments{m: map[string]template.HTML{}, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// funcs returns the template functions; tmpl must be set before executing.
func (f *fragments) funcs() template.FuncMap {
	return template.FuncMap{"cachedEach": f.each}
}

// each renders template name for every item of items and concatenates the
// results. A list of listMin items or more is also kept whole: most pages
// of a large site show the very same navigation, and finding it in one
// lookup spares one per entry and the joining.
func (f *fragments) each(name string, items []Item) (template.HTML, error) {
	key := f.bufs.Get().(*bytes.Buffer)
	defer f.bufs.Put(key)
	if len(items) >= listMin {
		key.Reset()
		key.WriteString(name)
		key.WriteByte(1)
		for i := range items {
			items[i].cacheKey(key)
		}
		f.mu.RLock()
		s, ok := f.m[string(key.Bytes())]
		f.mu.RUnlock()
		if ok {
			return s, nil
		}
		list := key.String() // eachItem reuses key for the items' keys
		s, err := f.eachItem(name, items, key)
		if err == nil {
			f.mu.Lock()
			f.m[list] = s
			f.mu.Unlock()
		}
		return s, err
	}
	return f.eachItem(name, items, key)
}

// listMin is the length from which each keeps a list whole.
const listMin = 16

// eachItem is each, item by item; key is a buffer for the keys.
func (f *fragments) eachItem(name string, items []Item, key *bytes.Buffer) (template.HTML, error) {
	var out strings.Builder
	for i := range items {
		key.Reset()
		key.WriteString(name)
		key.WriteByte(0)
		items[i].cacheKey(key)
		f.mu.RLock()
		s, ok := f.m[string(key.Bytes())]
		f.mu.RUnlock()
		if !ok {
			var b bytes.Buffer
			if err := f.tmpl.ExecuteTemplate(&b, name, items[i]); err != nil {
				return "", fmt.Errorf("cachedEach %q: %w", name, err)
			}
			s = template.HTML(b.String())
			f.mu.Lock()
			f.m[key.String()] = s
			f.mu.Unlock()
		}
		out.WriteString(string(s))
	}
	return template.HTML(out.String()), nil
}

// cacheKey writes every field of the item, so that two items with the
// same key render the same.
func (it *Item) cacheKey(b *bytes.Buffer) {
	for _, s := range [...]string{it.Href, it.Text, it.Note, it.Lang, it.Dir, it.LangName, string(it.Label), it.Pages} {
		b.WriteString(strconv.Itoa(len(s))) // length-prefixed: no two items share a key
		b.WriteByte(':')
		b.WriteString(s)
	}
	b.WriteByte(0)
	b.WriteString(strconv.FormatBool(it.Foreign))
	b.WriteString(strconv.FormatBool(it.Current))
	b.WriteString(strconv.Itoa(len(it.Children)))
	for i := range it.Children {
		it.Children[i].cacheKey(b)
	}
}
