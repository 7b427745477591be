package search

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"rapport/generator/internal/browsertest"
)

// TestCorpusQueryTimesInBrowser measures, in Chromium, how long a search
// takes on each language of a corpus made by cmd/corpus (2,000 playbooks a
// language: go run ./cmd/corpus -pages 2000 -out DIR), from the form's
// submit to the results on the page, once the index has loaded: the median
// of five runs of each query. It runs only when $SEARCH_CORPUS names the
// corpus; the times are logged, never asserted.
func TestCorpusQueryTimesInBrowser(t *testing.T) {
	dir := os.Getenv("SEARCH_CORPUS")
	if dir == "" {
		t.Skip("set SEARCH_CORPUS to a corpus made by cmd/corpus")
	}
	queries := map[string][]string{
		"he": {"לקוחות", "נאמנות", "אסטרטגיות לקוחות"},
		"ar": {"العملاء", "الولاء", "استراتيجيات"},
		"th": {"ลูกค้า", "กลยุทธ์", "ความไว้วางใจ"},
		"cs": {"zákazníky", "duvera", "CRM"},
		"bg": {"клиентите", "лоялност", "CRM"},
	}
	docs := map[string][]Doc{}
	for lang := range queries {
		docs[lang] = corpusDocs(t, dir, lang)
	}
	srv := serveSearch(t, docs)
	p := tab{browsertest.New(t)}
	var all []float64
	for _, lang := range []string{"ar", "bg", "cs", "he", "th"} {
		p.open(srv.URL + "/" + lang + "/search/?q=" + url.QueryEscape(queries[lang][0])) // loads the index
		for _, q := range queries[lang] {
			var times []float64
			for range 5 {
				out, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](fmt.Sprintf(timedSearch, strconv.Quote(q)), chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				ms, err := strconv.ParseFloat(out, 64)
				if err != nil {
					t.Fatal(err)
				}
				times = append(times, ms)
			}
			slices.Sort(times)
			all = append(all, times[2])
			t.Logf("%s %-22q %4d results, median %5.1f ms", lang, q, len(p.results()), times[2])
		}
	}
	slices.Sort(all)
	t.Logf("median of the %d queries' medians %.1f ms, worst %.1f ms", len(all), all[len(all)/2], all[len(all)-1])
}

// timedSearch submits the query %s on the search page and returns, as a
// string, the milliseconds until the results are on the page.
const timedSearch = `new Promise(resolve => {
  const status = document.querySelector("[data-search-status]");
  const input = document.querySelector("[data-search-form] input[name=q]");
  input.value = %s;
  const t0 = performance.now();
  const obs = new MutationObserver(() => { obs.disconnect(); resolve(String(performance.now() - t0)); });
  obs.observe(status, {childList: true, characterData: true, subtree: true});
  document.querySelector("[data-search-form]").requestSubmit();
})`
