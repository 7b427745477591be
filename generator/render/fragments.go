package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"rapport/generator/memo"
)

// fragments memoizes the small, repeated parts of pages: a navigation
// entry, a link in a list, a language in the switcher. Templates call
//
//	{{cachedEach "nav-item" .Nav}}
//
// which executes the named template once for each item and concatenates
// the results; an item whose every field (its [fragmentKey]) was already
// rendered by that template during this build is not executed again. The
// same playbook appears in thousands of navigations, related lists and
// topic pages of a large site, and executing a template is far dearer than
// finding its output: this is Hugo's partialCached, keyed by the data
// itself, so a cached fragment can never be the wrong one.
type fragments struct {
	tmpl *template.Template
	mu   sync.RWMutex
	m    map[fragmentKey]template.HTML
}

// fragmentKey names a fragment: the template and memo.Hash.Value of its
// item (or, for a whole list, of the list), every field by reflection, so
// a field added to Item is part of the key without a word here.
type fragmentKey struct {
	name string
	list bool
	sum  memo.Sum
}

func newFragments() *fragments {
	return &fragments{m: map[fragmentKey]template.HTML{}}
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
	if len(items) < listMin {
		return f.eachItem(name, items)
	}
	key := fragmentKey{name: name, list: true, sum: memo.NewHash().Value(items).Sum()}
	if s, ok := f.get(key); ok {
		return s, nil
	}
	s, err := f.eachItem(name, items)
	if err == nil {
		f.put(key, s)
	}
	return s, err
}

// listMin is the length from which each keeps a list whole.
const listMin = 16

// eachItem is each, item by item.
func (f *fragments) eachItem(name string, items []Item) (template.HTML, error) {
	var out strings.Builder
	for i := range items {
		key := fragmentKey{name: name, sum: memo.NewHash().Value(&items[i]).Sum()}
		s, ok := f.get(key)
		if !ok {
			var b bytes.Buffer
			if err := f.tmpl.ExecuteTemplate(&b, name, items[i]); err != nil {
				return "", fmt.Errorf("cachedEach %q: %w", name, err)
			}
			s = template.HTML(b.String())
			f.put(key, s)
		}
		out.WriteString(string(s))
	}
	return template.HTML(out.String()), nil
}

func (f *fragments) get(k fragmentKey) (template.HTML, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, ok := f.m[k]
	return s, ok
}

func (f *fragments) put(k fragmentKey, s template.HTML) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[k] = s
}
